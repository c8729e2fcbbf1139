"""The health check, the static pages and error pages."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Liveness and database reachability for load balancers; no details beyond ok / error."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


FONT_FACES = (("55Roman", 400), ("65Bold", 600))


@require_safe
def fonts(request):
    """The NHS.UK font from HJP_FONT_HOST (only linked from pages when that is set): the same
    @font-face rules NHS.UK frontend would compile in, pointing at the chosen host."""
    host = settings.HJP_FONT_HOST
    if not host:
        raise Http404
    rules = [
        '@font-face{font-family:"Frutiger W01";font-style:normal;'
        f"font-weight:{weight};font-display:fallback;"
        f'src:url("{host}FrutigerLTW01-{name}.woff2") format("woff2"),'
        f'url("{host}FrutigerLTW01-{name}.woff") format("woff")}}'
        for name, weight in FONT_FACES
    ]
    response = HttpResponse("\n".join(rules), content_type="text/css")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def privacy(request):
    return render(request, "core/privacy.jinja")


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.jinja")


def permission_denied(request, exception=None):
    return render(request, "errors/403.jinja", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def server_error(request):
    return render(request, "errors/500.jinja", status=500)
