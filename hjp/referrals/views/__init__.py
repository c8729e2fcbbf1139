"""Referral pages, one module per group of screens; each module lists its own URL patterns."""
