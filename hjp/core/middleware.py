"""Response headers that keep pages out of caches and other sites' frames."""

import functools
from urllib.parse import urlsplit

from django.conf import settings


@functools.cache
def content_security_policy(font_host: str) -> str:
    """Everything from the service itself; fonts also from HJP_FONT_HOST when one is set."""
    fonts = "'self'"
    if font_host:
        parts = urlsplit(font_host)
        fonts += f" {parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            # NHS.UK frontend's page template adds one inline script marking JavaScript available.
            "script-src 'self' 'sha256-tDOvXJi1PXbg0CWjLCCYSNHRXtps26K4JXkE3M6u/c0='",
            "style-src 'self'",
            f"font-src {fonts}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ]
    )


class SecurityHeadersMiddleware:
    """Add a content security policy and stop pages with personal data being cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Content-Security-Policy", content_security_policy(settings.HJP_FONT_HOST)
        )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith(settings.STATIC_URL):
            response.setdefault("Cache-Control", "no-store")
        return response
