"""Background notifications about referral milestones (django-tasks; run by `db_worker`).

Tasks are queued inside the transaction of the change, so with the database backend a
notification exists exactly when the change committed. Emails carry no personal data in the
subject and, in the body, only what the recipient may see.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.referrals.feedback import CONSENTED_MILESTONES, feedback_allowed
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.status import Status

logger = logging.getLogger(__name__)

MILESTONES = {"accepted", "rejected", "first_contact", "completed", "failed", "cancelled"}


def _absolute(path: str) -> str:
    return settings.HJP_SITE_URL.rstrip("/") + path


def _record_email(event: ReferralEvent, *, job: str, summary_sent: bool) -> None:
    """Audit an email about a referral as the job, for the organisation whose change it reports.

    The organisation is the one the member of staff acted for when they made the change (read
    from the event), never one looked up from a user.
    """
    referral: Referral = event.referral
    organisation = event.actor_organisation or referral.to_organisation
    audit.record(
        Actor.system(organisation, job=job),
        audit.Action.EXPORT,
        referral,
        detail={"channel": "email", "event": event.kind, "summary": summary_sent},
    )


@task()
def notify_referrer(*, event_id: str) -> int:
    """Email the person who made the referral about a milestone (status only without consent)."""
    event = ReferralEvent.objects.select_related("referral__referred_by", "actor_organisation").get(
        pk=event_id
    )
    referral = event.referral
    recipient = referral.referred_by
    if event.kind not in MILESTONES or recipient is None or not recipient.email:
        return 0
    consented = feedback_allowed(referral)
    if event.kind in CONSENTED_MILESTONES and not consented:
        # Without feedback consent only status changes cross; first contact is not one.
        return 0
    lines = [
        f"There is an update on referral {referral.reference}.",
        "",
        f"Status: {referral.get_status_display()}",
    ]
    if consented and event.summary:
        lines += ["", event.summary]
    lines += [
        "",
        "See the referral:",
        _absolute(reverse("referrals:detail", kwargs={"referral_pk": referral.pk})),
    ]
    sent = send_mail(
        subject=f"Referral {referral.reference}: {event.get_kind_display().lower()}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[recipient.email],
    )
    _record_email(event, job="notify_referrer", summary_sent=consented and bool(event.summary))
    logger.info("Referral milestone email sent for event %s", event.pk)
    return sent


def notify_receiving_service_after_amend_window(event: ReferralEvent, sent_at) -> None:
    """Queue the email to the receiving service for when the referrer can no longer correct the
    referral (ADR 019); a backend that cannot wait (development) sends it at once."""
    task = notify_receiving_service
    if task.get_backend().supports_defer and settings.HJP_REFERRAL_AMEND_SECONDS:
        run_after = sent_at + datetime.timedelta(seconds=settings.HJP_REFERRAL_AMEND_SECONDS)
        task = task.using(run_after=run_after)
    task.enqueue(event_id=str(event.pk))


@task()
def notify_receiving_service(*, event_id: str) -> int:
    """Tell the receiving organisation's shared inbox that a new referral has arrived (unless the
    referrer withdrew it to correct it meanwhile)."""
    event = ReferralEvent.objects.select_related("referral__to_organisation").get(pk=event_id)
    referral = event.referral
    if not referral.to_organisation.email or referral.status == Status.ENTERED_IN_ERROR:
        return 0
    return send_mail(
        subject=f"New referral {referral.reference}",
        message="\n".join(
            [
                f"A new {referral.get_urgency_display().lower()} referral has arrived.",
                "",
                "Open the inbox:",
                _absolute(reverse("referrals:inbox")),
            ]
        ),
        from_email=None,
        recipient_list=[referral.to_organisation.email],
    )
