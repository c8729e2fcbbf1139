"""Summary-list rows: the referral as it was sent."""

from markupsafe import Markup

from hjp.core.formatting import format_date, format_datetime
from hjp.people.models import ContactMethod
from hjp.referrals.models import Referral
from hjp.referrals.presenters.referral import ReferralPresenter
from hjp.referrals.topics import ADVICE_TOPICS


def _lines(values: list[str], empty: str = "None") -> dict:
    """A summary-list value with one line per item (each escaped)."""
    if not values:
        return {"text": empty}
    return {"html": Markup("<br>").join(values)}


def _area_lines(referral: Referral) -> list[str]:
    presenter, lines = ReferralPresenter(referral), []
    for area, label in zip(referral.advice_areas, presenter.advice_area_labels, strict=True):
        topics = [
            text for code, text in ADVICE_TOPICS.get(area, []) if code in referral.advice_topics
        ]
        lines.append(f"{label}: {', '.join(topics)}" if topics else label)
    return lines


def _from_text(referral: Referral) -> str:
    if referral.from_organisation is None:
        return referral.get_channel_display()
    if referral.from_site is not None:
        return f"{referral.from_site.name}, {referral.from_organisation.name}"
    return referral.from_organisation.name


def referral_rows(referral: Referral) -> list[dict]:
    """The referral as it was sent, for the NHS.UK summary list."""
    deadlines = referral.deadlines.all()
    contact = dict(ContactMethod.choices).get(
        referral.preferred_contact_method, referral.preferred_contact_method
    )
    rows = [
        ("Sent", {"text": format_datetime(referral.sent_at) or "Not sent"}),
        ("From", {"text": _from_text(referral)}),
        ("Referred by", {"text": str(referral.referred_by or "Not recorded")}),
        ("To", {"text": f"{referral.service.name}, {referral.to_organisation.name}"}),
        ("Help needed with", _lines(_area_lines(referral))),
        ("Reason for referral", _lines(referral.reason_text.strip().splitlines())),
        ("Urgency", {"text": referral.get_urgency_display()}),
        (
            "Deadlines",
            _lines([f"{d.get_kind_display()}: {format_date(d.due_on)}" for d in deadlines]),
        ),
        ("Preferred contact", {"text": contact or "No preference"}),
    ]
    return [{"key": {"text": key}, "value": value} for key, value in rows]
