"""Background emails about casework (django-tasks; run by `db_worker`), queued inside the
transaction of the change. No personal data in a subject; in a body only what the recipient
may see."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.cases.models import CaseNote
from hjp.referrals.feedback import feedback_allowed

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.HJP_SITE_URL.rstrip("/") + path


@task()
def tell_referrer_of_summary(*, note_id: str) -> int:
    """Email the referrer a shared summary, only while the person's feedback consent holds."""
    note = CaseNote.objects.select_related("case__referral__referred_by", "case__organisation").get(
        pk=note_id
    )
    referral = note.case.referral
    if referral is None or note.entered_in_error or not note.shared_summary:
        return 0
    recipient = referral.referred_by
    if recipient is None or not recipient.email or not feedback_allowed(referral):
        return 0
    lines = [
        f"{note.case.organisation.name} has shared a summary of their work on referral "
        f"{referral.reference}.",
        "",
        note.subject,
        "",
        note.body,
        "",
        "See the referral:",
        _absolute(reverse("referrals:detail", kwargs={"referral_pk": referral.pk})),
    ]
    sent = send_mail(
        subject=f"Update on referral {referral.reference}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[recipient.email],
    )
    audit.record(
        Actor.system(note.case.organisation, job="tell_referrer_of_summary"),
        audit.Action.EXPORT,
        note,
        person=referral.person,
        detail={"channel": "email"},
    )
    logger.info("Shared summary email sent for note %s", note.pk)
    return sent
