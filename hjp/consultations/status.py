"""A consultation's kinds, topics, statuses and outcomes, and how a message moves the status."""

from enum import StrEnum

from django.db import models

from hjp.partnerships.models import AdviceArea


class Kind(models.TextChoices):
    ASK_ADVISER = "ask_adviser", "Ask an adviser"
    ASK_CLINICIAN = "ask_clinician", "Ask a clinician"
    CASE_DISCUSSION = "case_discussion", "Case discussion"


HEALTH_QUESTION = "health"
# The advice areas, and a health or clinical question for the clinicians.
Topic = models.TextChoices(
    "Topic",
    [(area.name, (area.value, area.label)) for area in AdviceArea]
    + [("HEALTH", (HEALTH_QUESTION, "Health or clinical question"))],
)


class Status(models.TextChoices):
    AWAITING_RESPONDER = "awaiting_responder", "Awaiting the team asked"
    AWAITING_REQUESTER = "awaiting_requester", "Awaiting the team that asked"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    ANSWERED = "answered", "Answered"
    SIGNPOSTED = "signposted", "Signposted"
    REFERRAL_SUGGESTED = "referral_suggested", "Referral suggested"
    CONVERTED_TO_REFERRAL = "converted_to_referral", "Converted to a referral"
    NO_ACTION = "no_action", "No action"


class Side(StrEnum):
    """The organisation that asked, or the organisation asked."""

    REQUESTER = "requester"
    RESPONDER = "responder"


# After a message from a side, the consultation waits for the other side.
STATUS_AFTER_MESSAGE = {
    Side.REQUESTER: Status.AWAITING_RESPONDER,
    Side.RESPONDER: Status.AWAITING_REQUESTER,
}
# Outcomes that need the asker's agreement, given when asking.
NEEDS_ASKERS_AGREEMENT = frozenset({Outcome.CONVERTED_TO_REFERRAL})
