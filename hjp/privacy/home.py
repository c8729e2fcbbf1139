"""The privacy officer's landing page: refused access to look into and today's activity."""

from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.privacy.presenters import present

RECENT_DENIED_COUNT = 10


def privacy_officer_home(actor) -> dict:
    """Recent refusals and today's event count in the officer's partnerships."""
    events = AuditEvent.objects.visible_to(actor)
    denied = events.denied().with_actors().newest_first()[:RECENT_DENIED_COUNT]
    return {
        "denied_events": present(denied),
        "events_today": events.on(timezone.localdate()).count(),
        "search_url": reverse("audit:search"),
        "denied_search_url": reverse("audit:search") + f"?outcome={AuditEvent.Outcome.DENIED}",
        "verify_url": reverse("audit:verify"),
    }
