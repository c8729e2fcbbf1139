"""Alerts to a partnership's coordinators 9, 6, 3 and 1 months before a funding stream's renewal
must be decided (its renewal date, or its end date). Run daily
(`manage.py send_funding_renewal_alerts`).

Each alert is a `FundingRenewalAlert` row, sent once, and an email to every current coordinator
of the partnership naming the partnership, the stream, its funder and the date: no personal
data. A run that was missed sends only the most recent stage reached, never a burst of older ones.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, Role
from hjp.audit import services as audit
from hjp.core.formatting import format_date
from hjp.partnerships.models import FundingRenewalAlert, FundingStream, PartnershipMember

logger = logging.getLogger(__name__)

JOB = "send_funding_renewal_alerts"
# Months before the renewal date at which the coordinators are told, most distant first.
STAGES = [stage.value for stage in FundingRenewalAlert.MonthsBefore]
HORIZON_MONTHS = STAGES[0]


def stages_reached(due: datetime.date, *, today: datetime.date) -> list[int]:
    """The stages whose time has come on `today` for a renewal due on `due`."""
    return [months for months in STAGES if today >= due - relativedelta(months=months)]


def stage_for(due: datetime.date, today: datetime.date) -> int | None:
    """The most recent stage reached on `today`, or None (before the first, or once past due)."""
    if due < today:
        return None
    reached = stages_reached(due, today=today)
    return min(reached) if reached else None


def coordinators_of(partnership_id) -> list[Membership]:
    """The active coordinator roles at the partnership's current member organisations."""
    members = PartnershipMember.objects.current().filter(partnership_id=partnership_id)
    return list(
        Membership.objects.active()
        .filter(
            role=Role.COORDINATOR,
            organisation_id__in=members.values("organisation_id"),
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("user__email")
    )


def _subject(months: int) -> str:
    return f"Funding renewal due in {months} month{'' if months == 1 else 's'}"


def _body(stream: FundingStream, months: int) -> str:
    path = reverse("partnerships:funding", kwargs={"partnership_pk": stream.partnership_id})
    return "\n".join(
        [
            f"A funding stream of {stream.partnership.name} is due for renewal "
            f"in {months} month{'' if months == 1 else 's'}.",
            "",
            f"Stream: {stream.name}",
            f"Funder: {stream.funder.name}",
            f"Renewal to be decided by: {format_date(stream.renewal_due)}",
            f"Funding ends: {format_date(stream.end_date)}",
            "",
            "See the partnership's funding in the platform:",
            settings.HJP_SITE_URL.rstrip("/") + path,
        ]
    )


def _alert(stream: FundingStream, months: int) -> bool:
    """Record the alert and email the coordinators; False when it was sent before."""
    coordinators = [m for m in coordinators_of(stream.partnership_id) if m.user.email]
    if not coordinators:
        # Nobody to tell yet: the alert stays due, so a coordinator added later still gets it.
        logger.warning("No coordinator to alert about funding stream %s", stream.pk)
        return False
    try:
        with transaction.atomic():
            alert = FundingRenewalAlert.objects.create(
                stream=stream, months_before=months, sent_at=timezone.now()
            )
            for membership in coordinators:
                audit.record(
                    Actor.system(membership.organisation, job=JOB),
                    audit.Action.EXPORT,
                    stream,
                    detail={
                        "channel": "email",
                        "months_before": months,
                        "to": str(membership.user_id),
                    },
                )
    except IntegrityError:
        return False
    for address in sorted({m.user.email for m in coordinators}):
        send_mail(_subject(months), _body(stream, months), None, [address])
    logger.info("Renewal alert %s sent to %d coordinators", alert.pk, len(coordinators))
    return True


def send_renewal_alerts(today: datetime.date | None = None) -> int:
    """Send every renewal alert due today; return how many were sent (one per stream and stage)."""
    today = today or timezone.localdate()
    # A month more than the first stage: counting months forward from today and back from the
    # due date differ at the ends of months (30 June + 9 months is 30 March, but 31 March less
    # 9 months is 30 June), and `stage_for` decides anyway.
    horizon = today + relativedelta(months=HORIZON_MONTHS + 1)
    streams = (
        FundingStream.objects.renewal_due_by(horizon, today=today)
        .filter(partnership__is_active=True)
        .select_related("partnership", "funder")
    )
    already = set(
        FundingRenewalAlert.objects.filter(stream__in=streams).values_list(
            "stream_id", "months_before"
        )
    )
    sent = 0
    for stream in streams:
        months = stage_for(stream.renewal_due, today)
        if months is not None and (stream.pk, months) not in already and _alert(stream, months):
            sent += 1
    return sent
