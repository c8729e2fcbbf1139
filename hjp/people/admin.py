"""Nothing here is registered: the admin site must never show personal data about a person."""
