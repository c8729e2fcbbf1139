"""Questions between the health and advice teams, and case discussions."""
