"""Outcomes for tests, recorded the way the platform records them."""

import datetime

from django.utils import timezone

from hjp.consent.services import record_consent
from hjp.outcomes.services import claims, financial, other


def evaluation_consent(world, person):
    """The person agrees to the advice service using their answers in evaluation."""
    return record_consent(
        person,
        by=world.actor("adviser"),
        purpose="evaluation",
        method="verbal",
        organisations=[world.advice],
    )


def award(world, issue, *, amount_pence=11040, frequency="weekly", status="confirmed", **extra):
    values = {
        "kind": "recurring_income",
        "source": "attendance_allowance",
        "amount_pence": amount_pence,
        "frequency": frequency,
        "status": status,
        "notified_on": timezone.localdate(),
    }
    values.update(extra)
    return financial.record_financial_outcome(issue, by=world.actor("adviser"), **values)


def decision(world, issue, *, result="awarded", evidence=True, stage="mandatory_reconsideration"):
    return claims.record_claim_decision(
        issue,
        by=world.actor("adviser"),
        benefit="pip_daily_living",
        stage=stage,
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
        result=result,
        medical_evidence=evidence,
        points=11,
    )


def result(world, issue, *, kind="eviction_prevented"):
    return other.record_non_financial_outcome(
        issue, by=world.actor("adviser"), kind=kind, achieved_on=timezone.localdate()
    )
