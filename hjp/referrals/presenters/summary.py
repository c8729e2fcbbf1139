"""Summary-list rows: the referral as it was sent, and the answers checked before sending."""

from typing import TYPE_CHECKING

from markupsafe import Markup

from hjp.consent.models import Method
from hjp.core.formatting import format_date, format_datetime
from hjp.directory.presenters import ServicePresenter
from hjp.partnerships.models import AdviceArea
from hjp.people.models import ContactMethod
from hjp.referrals.models import Referral, ReferralDeadline
from hjp.referrals.presenters.referral import ReferralPresenter
from hjp.referrals.topics import ADVICE_TOPICS, ALL_TOPICS

if TYPE_CHECKING:
    from hjp.referrals.forms import ReferralForm


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


def answer_rows(form: "ReferralForm", *, change_url: str) -> list[dict]:
    """The summary list of a valid referral form, each row with a Change link back to it."""
    data, details = form.cleaned_data, form.details()
    area_labels = dict(AdviceArea.choices)
    deadlines = [
        f"{ReferralDeadline.Kind(deadline.kind).label}: {format_date(deadline.due_on)}"
        for deadline in details["deadlines"]
    ]
    service = details["service"]
    method = Method(data["consent_method"]).label.lower()
    contact = dict(ContactMethod.choices).get(details["preferred_contact_method"], "Not given")
    site = data["from_site"]
    rows = [
        (
            "Service",
            [
                f"{service.name}, {service.organisation.name}",
                ServicePresenter(service).capacity_text,
            ],
            "service",
        ),
        (
            "Needs help with",
            [area_labels[area] for area in details["advice_areas"]],
            "advice_areas",
        ),
        (
            "Type of problem",
            [ALL_TOPICS[code] for code in details["advice_topics"]] or ["Not given"],
            "advice_areas",
        ),
        ("Reason for referral", _text_lines(details["reason_text"]), "reason_text"),
        ("Urgency", Referral.Urgency(details["urgency"]).label, "urgency"),
        ("Hard deadlines", deadlines or ["None"], "deadline_1_kind"),
        ("Referring from", site.name if site else "Not given", "from_site"),
        ("Preferred contact", contact, "preferred_contact_method"),
        ("Safe contact notes", _text_lines(details["contact_notes"]), "contact_notes"),
        ("Agreed to share with the service", f"Yes ({method})", "share_consent"),
        (
            "Agreed you can be told how it went",
            "Yes" if data["feedback_consent"] else "No",
            "feedback_consent",
        ),
    ]
    return [_answer_row(label, value, f"{change_url}#id_{field}") for label, value, field in rows]


def _text_lines(text: str) -> dict:
    return _lines(text.strip().splitlines(), empty="Not given")


def _answer_row(label: str, value, href: str) -> dict:
    if isinstance(value, list):
        value = {"html": Markup("<br>").join(value)}
    elif not isinstance(value, dict):
        value = {"text": value}
    return {
        "key": {"text": label},
        "value": value,
        "actions": {
            "items": [{"href": href, "text": "Change", "visuallyHiddenText": label.lower()}]
        },
    }
