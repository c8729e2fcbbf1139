"""Reminders to ask the wellbeing questions again: one email to the case's adviser when the
follow-up falls due. Run daily (`manage.py send_wellbeing_reminders`).

The email names only the case reference and links to the case; no personal data. Each baseline
is reminded once (`reminder_sent_at`), marked in the same transaction as its audit event.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.outcomes.models import WellbeingMeasure
from hjp.outcomes.models.wellbeing import Timepoint

logger = logging.getLogger(__name__)

JOB = "send_wellbeing_reminders"
SUBJECT = "A wellbeing follow-up is due"


def due_baselines(today: datetime.date):
    """Baselines whose follow-up is due and not yet taken or reminded, case open or closed."""
    followed_up = WellbeingMeasure.objects.filter(timepoint=Timepoint.FOLLOW_UP).values("case_id")
    return (
        WellbeingMeasure.objects.filter(
            timepoint=Timepoint.BASELINE,
            follow_up_due_on__lte=today,
            reminder_sent_at__isnull=True,
        )
        .exclude(case_id__in=followed_up)
        .select_related("case__adviser", "case__organisation")
    )


def _email(measure: WellbeingMeasure) -> bool:
    adviser = measure.case.adviser
    if adviser is None or not adviser.email:
        return False
    link = settings.HJP_SITE_URL.rstrip("/") + measure.case.get_absolute_url()
    body = (
        f"The wellbeing follow-up for case {measure.case.reference} is due.\n\n"
        f"Ask the questions again, with the client's consent, from the case page:\n{link}\n"
    )
    return bool(send_mail(SUBJECT, body, None, [adviser.email]))


def send_wellbeing_reminders(today: datetime.date | None = None) -> int:
    """Remind each due follow-up's adviser once; return how many were reminded."""
    today = today or timezone.localdate()
    sent = 0
    for measure in due_baselines(today):
        with transaction.atomic():
            updated = WellbeingMeasure.objects.filter(
                pk=measure.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
            if not updated:
                continue
            audit.record(
                Actor.system(measure.case.organisation, job=JOB),
                audit.Action.EXPORT,
                measure,
                person=measure.case.person,
                detail={"channel": "email", "reminder": "wellbeing_follow_up"},
            )
        if _email(measure):
            logger.info("Wellbeing follow-up reminder sent for measure %s", measure.pk)
        sent += 1
    return sent
