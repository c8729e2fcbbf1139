"""Advice clinic sessions at health sites on a schedule, their slots and bookings."""
