"""Emails about evidence requests (django-tasks; run by `db_worker`).

Queued in the transaction of the change. Subjects carry only the request's reference; bodies
carry the kind, the due date and a link, never the person or the medical content.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.core.formatting import format_date
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.status import Status


def _absolute(path: str) -> str:
    return settings.HJP_SITE_URL.rstrip("/") + path


def _audited(request: EvidenceRequest, organisation, *, job: str, what: str) -> None:
    audit.record(
        Actor.system(organisation, job=job),
        audit.Action.EXPORT,
        request,
        detail={"channel": "email", "about": what},
    )


def _health_team_address(request: EvidenceRequest) -> str:
    """The named clinician's address, else the health organisation's shared inbox."""
    clinician = request.to_clinician
    return (clinician.email if clinician else "") or request.to_organisation.email


@task()
def notify_health_team(*, request_id: str) -> int:
    """Tell the named clinician, or the health organisation's shared inbox, that a request is
    waiting for them."""
    request = EvidenceRequest.objects.select_related("to_organisation", "to_clinician").get(
        pk=request_id
    )
    recipient = (
        request.to_clinician and request.to_clinician.email
    ) or request.to_organisation.email
    if not recipient or request.status not in (Status.SENT, Status.CLARIFICATION_REQUESTED):
        return 0
    what = "clarification" if request.status == Status.CLARIFICATION_REQUESTED else "request"
    sent = send_mail(
        subject=f"Medical evidence {request.reference}: {what}",
        message="\n".join(
            [
                f"A request for medical evidence ({request.get_kind_display().lower()}) is "
                f"waiting for your team, due {format_date(request.due_on)}.",
                "",
                "Open your team's requests:",
                _absolute(reverse("evidence:inbox")),
            ]
        ),
        from_email=None,
        recipient_list=[recipient],
    )
    _audited(request, request.to_organisation, job="notify_health_team", what=what)
    return sent


@task()
def notify_adviser(*, request_id: str) -> int:
    """Tell the adviser who asked that the health team has moved their request."""
    request = EvidenceRequest.objects.select_related("requested_by", "from_organisation").get(
        pk=request_id
    )
    recipient = request.requested_by.email
    if not recipient:
        return 0
    sent = send_mail(
        subject=f"Medical evidence {request.reference}: {request.get_status_display().lower()}",
        message="\n".join(
            [
                f"Your request for medical evidence is now {request.get_status_display().lower()}.",
                "",
                "Open the request:",
                _absolute(request.get_absolute_url()),
            ]
        ),
        from_email=None,
        recipient_list=[recipient],
    )
    _audited(request, request.from_organisation, job="notify_adviser", what=request.status)
    return sent


def send_reminder(request: EvidenceRequest, *, stage: str) -> int:
    """Remind the health team a request falls due soon (called by the daily clock)."""
    recipient = (
        request.to_clinician and request.to_clinician.email
    ) or request.to_organisation.email
    if not recipient:
        return 0
    return send_mail(
        subject=f"Medical evidence {request.reference}: due {format_date(request.due_on)}",
        message="\n".join(
            [
                f"A request for medical evidence is due {format_date(request.due_on)}.",
                "",
                "Open your team's requests:",
                _absolute(reverse("evidence:inbox")),
            ]
        ),
        from_email=None,
        recipient_list=[recipient],
    )
