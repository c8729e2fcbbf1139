"""Partnerships, members and sites shaped for NHS.UK summary lists, tables and cards."""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from hjp.core.formatting import format_date
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site
from hjp.partnerships.services import MULTI_CHOICE_SETTINGS

NOT_SET = "Not set"
NO_MEMBERS = "No organisations have this part"


def _list_value(labels: list[str]) -> dict:
    if not labels:
        return {"text": NOT_SET}
    items = format_html_join("", "<li>{}</li>", ((label,) for label in labels))
    return {"html": format_html('<ul class="nhsuk-list nhsuk-u-margin-bottom-0">{}</ul>', items)}


def _row(key: str, value: dict, change_href: str | None) -> dict:
    row = {"key": {"text": key}, "value": value}
    if change_href:
        row["actions"] = {
            "items": [{"href": change_href, "text": "Change", "visuallyHiddenText": key.lower()}]
        }
    return row


# (label, field) for the settings summary, in the order the edit form shows them.
SETTINGS_LABELS = [
    ("Name", "name"),
    ("Description", "description"),
    ("Health settings", "health_settings"),
    ("How health and advice services work together", "integration_models"),
    ("How advice is given", "delivery_modes"),
    ("Advice areas offered", "advice_areas"),
    ("First contact target", "first_contact_target_days"),
    ("Contact attempts before closing a referral", "contact_attempts_before_closing"),
    ("Hide counts up to", "disclosure_threshold"),
    ("Round other counts to the nearest", "disclosure_rounding"),
    ("Wellbeing follow-up after (months)", "wellbeing_follow_up_months"),
    ("Evidence due before the legal deadline", "evidence_buffer_working_days"),
    ("No-fee agreement for medical evidence", "evidence_no_fee_agreement"),
    ("Consultations answered within", "consultation_response_working_days"),
]


class PartnershipPresenter:
    """A partnership's settings, members and sites, with change links when the viewer may manage."""

    def __init__(self, partnership: Partnership, *, can_manage: bool):
        self.partnership = partnership
        self.can_manage = can_manage
        self._members = list(partnership.members.select_related("organisation"))

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"partnerships:{name}", kwargs={"partnership_pk": self.partnership.pk, **kwargs}
        )

    def _setting_value(self, field: str) -> dict:
        partnership = self.partnership
        if field in MULTI_CHOICE_SETTINGS:
            return _list_value(partnership.labels(field, MULTI_CHOICE_SETTINGS[field]))
        if field == "first_contact_target_days":
            days = partnership.first_contact_target_days
            return {"text": f"Within {days} working day{'' if days == 1 else 's'} of referral"}
        if field in ("evidence_buffer_working_days", "consultation_response_working_days"):
            days = getattr(partnership, field)
            return {"text": f"{days} working day{'' if days == 1 else 's'}"}
        if field == "evidence_no_fee_agreement":
            return {"text": "Yes" if partnership.evidence_no_fee_agreement else "No"}
        value = getattr(partnership, field)
        return {"text": str(value) if value not in ("", None) else NOT_SET}

    @property
    def settings_rows(self) -> list[dict]:
        edit = self.url("edit") if self.can_manage else None
        return [
            _row(label, self._setting_value(field), f"{edit}#id_{field}" if edit else None)
            for label, field in SETTINGS_LABELS
        ]

    @property
    def member_head(self) -> list[dict]:
        head = [{"text": "Organisation"}, {"text": "Kind"}, {"text": "Joined"}]
        return [*head, {"text": "Action"}] if self.can_manage else head

    def _member_row(self, member: PartnershipMember) -> list[dict]:
        organisation = member.organisation
        row = [
            {"text": organisation.name, "href": organisation.get_absolute_url()},
            {"text": organisation.get_kind_display()},
            {"text": format_date(member.joined_on)},
        ]
        if self.can_manage:
            row.append(
                {
                    "text": "End",
                    "href": self.url("end_member", member_pk=member.pk),
                    "visuallyHiddenText": f"{organisation.name}, {member.get_part_display()}",
                }
            )
        return row

    @property
    def member_groups(self) -> list[dict]:
        """Current members, one group per part, in the order the parts are listed."""
        groups = []
        for part, label in PartnershipMember.Part.choices:
            members = [m for m in self._members if m.part == part and m.left_on is None]
            groups.append({"caption": label, "rows": [self._member_row(m) for m in members]})
        return groups

    @property
    def former_member_rows(self) -> list[list[dict]]:
        return [
            [
                {"text": m.organisation.name, "href": m.organisation.get_absolute_url()},
                {"text": m.get_part_display()},
                {"text": format_date(m.joined_on)},
                {"text": format_date(m.left_on)},
            ]
            for m in self._members
            if m.left_on is not None
        ]

    @property
    def site_head(self) -> list[dict]:
        head = [{"text": "Site"}, {"text": "Kind"}, {"text": "Organisation"}, {"text": "Postcode"}]
        return [*head, {"text": "Status"}, {"text": "Action"}] if self.can_manage else head

    @property
    def site_rows(self) -> list[list[dict]]:
        sites = self.partnership.sites.select_related("organisation")
        if not self.can_manage:
            sites = sites.filter(is_active=True)
        return [self._site_row(site) for site in sites]

    def _site_row(self, site: Site) -> list[dict]:
        row = [
            {"text": site.name},
            {"text": site.get_kind_display()},
            {"text": site.organisation.name},
            {"text": site.postcode or "–"},
        ]
        if self.can_manage:
            row += [
                {"text": "In use" if site.is_active else "No longer used"},
                {
                    "text": "Change",
                    "href": self.url("edit_site", site_pk=site.pk),
                    "visuallyHiddenText": site.name,
                },
            ]
        return row


class OrganisationPresenter:
    """An organisation's identifiers and contact details as summary list rows."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation

    @property
    def rows(self) -> list[dict]:
        organisation = self.organisation
        pairs = [
            ("Kind", organisation.get_kind_display()),
            ("ODS code", organisation.ods_code),
            ("Charity number", organisation.charity_number),
            ("Company number", organisation.company_number),
            ("Email address", organisation.email),
            ("Telephone number", organisation.telephone),
            ("Status", "Active" if organisation.is_active else "Switched off"),
        ]
        return [_row(key, {"text": value or NOT_SET}, None) for key, value in pairs]


def membership_rows(memberships: models.QuerySet) -> list[list[dict]]:
    """An organisation's parts in the viewer's partnerships."""
    return [
        [
            {"text": m.partnership.name, "href": m.partnership.get_absolute_url()},
            {"text": m.get_part_display()},
            {"text": format_date(m.joined_on)},
            {"text": format_date(m.left_on) if m.left_on else "Current member"},
        ]
        for m in memberships
    ]


def site_rows(sites: models.QuerySet) -> list[list[dict]]:
    return [
        [
            {"text": site.name},
            {"text": site.get_kind_display()},
            {"text": site.partnership.name},
            {"text": site.postcode or "–"},
        ]
        for site in sites
    ]


@dataclass(frozen=True)
class PartnershipSummary:
    """One partnership on a coordinator's or funder's home page."""

    name: str
    url: str
    member_count: int
    site_count: int
    edit_url: str
    add_member_url: str
    add_site_url: str
    report_url: str
    members: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, partnership: Partnership, *, with_members: bool = False) -> "PartnershipSummary":
        kwargs = {"partnership_pk": partnership.pk}
        return cls(
            name=partnership.name,
            url=partnership.get_absolute_url(),
            member_count=getattr(partnership, "member_count", 0),
            site_count=getattr(partnership, "site_count", 0),
            edit_url=reverse("partnerships:edit", kwargs=kwargs),
            add_member_url=reverse("partnerships:add_member", kwargs=kwargs),
            add_site_url=reverse("partnerships:add_site", kwargs=kwargs),
            report_url=reverse("reporting:dashboard", kwargs=kwargs),
            members=current_members(partnership) if with_members else (),
        )

    @property
    def count_rows(self) -> list[dict]:
        return [
            {"key": {"text": "Member organisations"}, "value": {"text": str(self.member_count)}},
            {"key": {"text": "Sites in use"}, "value": {"text": str(self.site_count)}},
        ]

    @property
    def member_rows(self) -> list[dict]:
        return [{"key": {"text": name}, "value": {"text": parts}} for name, parts in self.members]


def current_members(partnership: Partnership) -> tuple[tuple[str, str], ...]:
    """(organisation name, its parts) for each current member organisation."""
    order = PartnershipMember.Part.values
    parts: dict[str, list[PartnershipMember]] = {}
    for member in partnership.members.current().select_related("organisation"):
        parts.setdefault(member.organisation.name, []).append(member)
    return tuple(
        (
            name,
            ", ".join(
                m.get_part_display() for m in sorted(held, key=lambda m: order.index(m.part))
            ),
        )
        for name, held in parts.items()
    )


def partnership_rows(partnerships) -> list[list[dict]]:
    """Rows for the list of the viewer's partnerships (annotated `with_counts`)."""
    return [
        [
            {"text": p.name, "href": p.get_absolute_url()},
            {"text": str(p.member_count), "format": "numeric"},
            {"text": str(p.site_count), "format": "numeric"},
        ]
        for p in partnerships
    ]
