"""WSGI entry point of the reference project, for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.reference.settings")

application = get_wsgi_application()
