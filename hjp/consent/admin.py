"""Nothing is registered: consent records are personal data, which the admin must not show."""
