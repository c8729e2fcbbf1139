"""The benchmark's reference: the smallest Django project that serves a logged-in page, run beside
the application with the same Django, gunicorn and workers (see bench/README.md)."""
