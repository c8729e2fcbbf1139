"""Forms for sending a referral and logging a phone-line one; forms validate, services decide."""

from django import forms
from django.utils import timezone
from markupsafe import Markup

from hjp.accounts.actor import Actor
from hjp.clinics.forms import NO_BOOKING
from hjp.clinics.presenters import slot_label, slot_place
from hjp.clinics.queries import free_slots
from hjp.clinics.services import SLOT_OF_ANOTHER_SERVICE, SLOT_TAKEN
from hjp.consent.models import Method
from hjp.core import nhsuk_forms as nhsuk
from hjp.directory.models import Service
from hjp.directory.presenters import ServicePresenter
from hjp.directory.services import visible_services
from hjp.partnerships.models import AdviceArea, Organisation, Site
from hjp.people.models import ContactMethod, Person
from hjp.referrals.models import Referral, ReferralDeadline
from hjp.referrals.services import (
    ADVICE_AREA_REQUIRED,
    SERVICE_NOT_TAKING_REFERRALS,
    Deadline,
)
from hjp.referrals.topics import ADVICE_TOPICS, ALL_TOPICS

SERVICE_REQUIRED = "Select the service you are referring the person to"
AREA_NOT_OFFERED = "{service} does not give advice on {areas}: untick it or choose another service"
TOPIC_WITHOUT_AREA = (
    "You ticked a type of problem under an area you did not select: "
    "select that area as well, or untick the problem"
)
REASON_REQUIRED = "Enter the reason for the referral"
REASON_MAX_LENGTH = 2000
REASON_TOO_LONG = f"Reason for referral must be {REASON_MAX_LENGTH} characters or fewer"
URGENCY_REQUIRED = "Select whether the referral is routine or urgent"
DEADLINE_KIND_REQUIRED = "Select the type of deadline {number}"
DEADLINE_DATE_REQUIRED = "Enter the date of deadline {number}"
DEADLINE_IN_PAST = "Date of deadline {number} must be today or in the future"
SITE_NOT_IN_PARTNERSHIP = "Select one of your sites in the same partnership as the service"
CONTACT_NOTES_TOO_LONG = "Safe contact notes must be 1000 characters or fewer"
SHARE_CONSENT_REQUIRED = (
    "Select yes if the person has agreed to their details being shared with the service"
)
SHARE_CONSENT_REFUSED = "You can only send a referral if the person agrees to share it"
CONSENT_METHOD_REQUIRED = "Select how the person agreed to share their details"
FEEDBACK_CONSENT_REQUIRED = (
    "Select yes if the person has agreed that the service can tell you how the referral went"
)

DEADLINE_ROWS = 4
YES_NO = [("yes", "Yes"), ("no", "No")]
NO_SITE = ""


def _yes(value) -> bool:
    return value == "yes"


class ReferralDetailsForm(nhsuk.NhsukForm):
    """What every referral says, whoever takes it: the need, its urgency and its hard dates."""

    service = nhsuk.ChoiceField(
        label="Which service are you referring them to?",
        widget=forms.RadioSelect,
        label_size="m",
        error_messages={"required": SERVICE_REQUIRED, "invalid_choice": SERVICE_REQUIRED},
    )
    advice_areas = nhsuk.MultipleChoiceField(
        label="What does the person need help with?",
        help_text="Select all that apply. You can say what kind of problem under each area",
        choices=AdviceArea.choices,
        label_size="m",
        error_messages={"required": ADVICE_AREA_REQUIRED, "invalid_choice": ADVICE_AREA_REQUIRED},
    )
    # Shown as a small group of checkboxes under each advice area (see revealed_html).
    advice_topics = nhsuk.MultipleChoiceField(
        label="What kind of problem is it? (optional)",
        choices=list(ALL_TOPICS.items()),
        classes="nhsuk-checkboxes--small",
        required=False,
    )
    reason_text = nhsuk.CharField(
        label="Reason for referral",
        help_text=(
            "What has happened and what help they need. The service sees this, "
            "so include only what the person agreed to share"
        ),
        widget=forms.Textarea,
        rows=6,
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": REASON_REQUIRED, "max_length": REASON_TOO_LONG},
    )
    urgency = nhsuk.ChoiceField(
        label="How urgent is it?",
        help_text="Urgent means there is a crisis or a hard deadline within 2 weeks",
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        inline=True,
        label_size="m",
        initial=Referral.Urgency.ROUTINE,
        error_messages={"required": URGENCY_REQUIRED, "invalid_choice": URGENCY_REQUIRED},
    )
    preferred_contact_method = nhsuk.ChoiceField(
        label="How does the person prefer to be contacted? (optional)",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    contact_notes = nhsuk.CharField(
        label="Is it safe to contact them? (optional)",
        help_text="For example, do not leave voicemail, only call after 6pm",
        widget=forms.Textarea,
        rows=3,
        max_length=1000,
        required=False,
        error_messages={"max_length": CONTACT_NOTES_TOO_LONG},
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self._offer_services()
        for number in range(1, DEADLINE_ROWS + 1):
            self.fields[f"deadline_{number}_kind"] = nhsuk.ChoiceField(
                label=f"Deadline {number}",
                choices=[("", "Select a type of deadline"), *ReferralDeadline.Kind.choices],
                required=False,
            )
            self.fields[f"deadline_{number}_date"] = nhsuk.DatePartsField(
                label=f"Date of deadline {number}",
                required=False,
                help_text="For example, 3 9 2026",
            )

    def _offer_services(self) -> None:
        """Radios for the services, capacity in each hint; paused ones cannot be picked."""
        field = self.fields["service"]
        field.choices = [(pk, service.name) for pk, service in self.services.items()]
        field.display["choice_hints"] = {
            pk: ServicePresenter(service).referral_hint for pk, service in self.services.items()
        }
        field.display["disabled_choices"] = {
            pk for pk, service in self.services.items() if not service.is_taking_referrals
        }
        # Once the problem is known (the page shown again), the services for it are suggested.
        chosen = set(self.data.getlist("advice_areas")) if hasattr(self.data, "getlist") else set()
        for pk, service in self.services.items():
            if chosen & set(service.advice_areas or ()):
                hint = field.display["choice_hints"][pk]
                field.display["choice_hints"][pk] = f"Suggested for this problem. {hint}"

    def revealed_html(self, name: str, value: str) -> Markup | None:
        """Under each advice area, checkboxes for its kinds of problem."""
        if name != "advice_areas":
            return None
        area = AdviceArea(value).label.lower()
        return self["advice_topics"].as_nhsuk(
            choices=ADVICE_TOPICS.get(value, []),
            id_prefix=f"id_advice_topics_{value}",
            label=f"What kind of {area} problem? (optional)",
            show_error=False,
        )

    def clean_service(self) -> Service:
        service = self.services[self.cleaned_data["service"]]
        if not service.is_taking_referrals:
            raise forms.ValidationError(SERVICE_NOT_TAKING_REFERRALS.format(service=service.name))
        return service

    def clean_reason_text(self) -> str:
        reason = self.cleaned_data["reason_text"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_areas(cleaned)
        for number in range(1, DEADLINE_ROWS + 1):
            self._check_deadline(cleaned, number)
        return cleaned

    def _check_areas(self, cleaned: dict) -> None:
        areas = set(cleaned.get("advice_areas") or [])
        topics = set(cleaned.get("advice_topics") or [])
        allowed = {code for area in areas for code, _ in ADVICE_TOPICS.get(area, [])}
        if "advice_areas" in cleaned and topics - allowed:
            self.add_error("advice_areas", TOPIC_WITHOUT_AREA)
        service = cleaned.get("service")
        if service is None or service.kind != Service.Kind.ADVICE or not service.advice_areas:
            return
        missing = [
            label
            for value, label in AdviceArea.choices
            if value in areas and value not in service.advice_areas
        ]
        if missing:
            self.add_error(
                "advice_areas",
                AREA_NOT_OFFERED.format(
                    service=service.name, areas=" or ".join(m.lower() for m in missing)
                ),
            )

    def _check_deadline(self, cleaned: dict, number: int) -> None:
        kind_field, date_field = f"deadline_{number}_kind", f"deadline_{number}_date"
        if date_field in self.errors:
            return
        kind, due_on = cleaned.get(kind_field), cleaned.get(date_field)
        if kind and due_on is None:
            self.add_error(date_field, DEADLINE_DATE_REQUIRED.format(number=number))
        elif due_on is not None and not kind:
            self.add_error(kind_field, DEADLINE_KIND_REQUIRED.format(number=number))
        elif due_on is not None and due_on < timezone.localdate():
            self.add_error(date_field, DEADLINE_IN_PAST.format(number=number))

    def deadlines(self) -> list[Deadline]:
        rows = []
        for number in range(1, DEADLINE_ROWS + 1):
            kind = self.cleaned_data.get(f"deadline_{number}_kind")
            due_on = self.cleaned_data.get(f"deadline_{number}_date")
            if kind and due_on:
                rows.append(Deadline(kind=kind, due_on=due_on))
        return sorted(rows, key=lambda deadline: deadline.due_on)

    def details(self) -> dict:
        """The cleaned answers, keyed as `submit_referral` expects."""
        data = self.cleaned_data
        areas = [value for value in AdviceArea.values if value in data["advice_areas"]]
        topics = [code for code in ALL_TOPICS if code in data["advice_topics"]]
        return {
            "service": data["service"],
            "advice_areas": areas,
            "advice_topics": topics,
            "reason_text": data["reason_text"],
            "urgency": data["urgency"],
            "deadlines": self.deadlines(),
            "preferred_contact_method": data["preferred_contact_method"],
            "contact_notes": data["contact_notes"].strip(),
        }

    def deadline_rows(self) -> list[dict]:
        """Each deadline's type and date, and whether anything was given for it."""
        rows = []
        for number in range(1, DEADLINE_ROWS + 1):
            kind, date = self[f"deadline_{number}_kind"], self[f"deadline_{number}_date"]
            given = kind.value() or any(date.value() or []) or kind.errors or date.errors
            rows.append({"kind": kind, "date": date, "filled": bool(given)})
        return rows

    def more_deadlines_given(self) -> bool:
        """Whether anything was given for a deadline after the first (so the rest are open)."""
        return any(row["filled"] for row in self.deadline_rows()[1:])


class ReferralForm(ReferralDetailsForm):
    """A referral from a member of staff, with the person's consent recorded as they gave it."""

    from_site = nhsuk.ChoiceField(
        label="Which of your sites are you referring from? (optional)", required=False
    )
    share_consent = nhsuk.ChoiceField(
        label="Has the person agreed to their details being shared with the service for this "
        "referral?",
        help_text="Their details and your answers on this page go to the service you choose",
        choices=YES_NO,
        widget=forms.RadioSelect,
        reveals={"yes": "consent_method"},
        error_messages={
            "required": SHARE_CONSENT_REQUIRED,
            "invalid_choice": SHARE_CONSENT_REQUIRED,
        },
    )
    consent_method = nhsuk.ChoiceField(
        label="How did they agree?",
        choices=Method.choices,
        widget=forms.RadioSelect,
        inline=True,
        required=False,
        error_messages={"invalid_choice": CONSENT_METHOD_REQUIRED},
    )
    feedback_consent = nhsuk.TypedChoiceField(
        label="Has the person agreed that the service can tell you how the referral went?",
        help_text=(
            "If they agree, you will see when the service has spoken to them and the outcome. "
            "What they tell their adviser stays private"
        ),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        inline=True,
        error_messages={
            "required": FEEDBACK_CONSENT_REQUIRED,
            "invalid_choice": FEEDBACK_CONSENT_REQUIRED,
        },
    )

    clinic_slot = nhsuk.ChoiceField(
        label="Book a clinic appointment (optional)",
        help_text="Free appointments in the next 4 weeks at your site",
        widget=forms.RadioSelect,
        label_size="m",
        required=False,
        # A slot no longer offered was almost always booked by someone else meanwhile.
        error_messages={"invalid_choice": SLOT_TAKEN},
    )

    def __init__(self, *args, services, sites, slots=(), **kwargs):
        super().__init__(*args, services=services, **kwargs)
        self.sites = {str(site.pk): site for site in sites}
        self._offer_slots(slots)
        self.fields["from_site"].choices = [
            (NO_SITE, "Not from a particular site"),
            *((pk, site.name) for pk, site in self.sites.items()),
        ]
        if len(self.sites) == 1:
            # The organisation's one site is where the referral comes from unless changed.
            self.initial.setdefault("from_site", next(iter(self.sites)))

    def _offer_slots(self, slots) -> None:
        """Free clinic slots at the referrer's sites, each with its site and service in the hint;
        "Do not book now" last."""
        self.slots = {str(slot.pk): slot for slot in slots}
        field = self.fields["clinic_slot"]
        offered = [(pk, slot_label(slot)) for pk, slot in self.slots.items()]
        field.choices = [*offered, (NO_BOOKING, "Do not book now")]
        field.display["choice_hints"] = {pk: slot_place(slot) for pk, slot in self.slots.items()}
        if self.slots:
            field.display["dividers"] = {list(self.slots)[-1]: "or"}
        self.initial.setdefault("clinic_slot", NO_BOOKING)

    def clean_clinic_slot(self):
        return self.slots.get(self.cleaned_data.get("clinic_slot") or "")

    def chosen_slot(self):
        """The clinic slot to book with the referral, or None."""
        return self.cleaned_data.get("clinic_slot")

    @classmethod
    def initial_from(cls, person: Person) -> dict:
        """Contact preferences come from the person's record and can be changed for the referral."""
        return {
            "preferred_contact_method": person.preferred_contact_method,
            "contact_notes": person.safe_contact_instructions,
        }

    def clean_from_site(self) -> Site | None:
        return self.sites.get(self.cleaned_data["from_site"])

    def clean_share_consent(self) -> bool:
        if self.cleaned_data["share_consent"] != "yes":
            raise forms.ValidationError(SHARE_CONSENT_REFUSED)
        return True

    def clean(self) -> dict:
        cleaned = super().clean()
        method_missing = not cleaned.get("consent_method") and "consent_method" not in self.errors
        if cleaned.get("share_consent") and method_missing:
            self.add_error("consent_method", CONSENT_METHOD_REQUIRED)
        site, service = cleaned.get("from_site"), cleaned.get("service")
        if site and service and site.partnership_id != service.partnership_id:
            self.add_error("from_site", SITE_NOT_IN_PARTNERSHIP)
        slot = cleaned.get("clinic_slot")
        if slot and service and slot.session.service_id != service.pk:
            self.add_error("clinic_slot", SLOT_OF_ANOTHER_SERVICE)
        return cleaned

    def submission(self) -> dict:
        """Keyword arguments for `submit_referral`, consent included."""
        return {
            **self.details(),
            "from_site": self.cleaned_data["from_site"],
            "consent_method": self.cleaned_data["consent_method"],
            "feedback_consent": self.cleaned_data["feedback_consent"],
        }


def target_services(actor: Actor):
    """Health staff refer to advice services; advisers refer to health services."""
    services = (
        visible_services(actor)
        .filter(is_active=True)
        .exclude(organisation_id=actor.organisation_id)
    )
    if actor.organisation_kind == Organisation.Kind.ADVICE:
        return services.health().order_by("name")
    return services.advice().order_by("name")


def referral_form(actor: Actor, person: Person, data=None) -> ReferralForm:
    """The referral form for the actor: the services they may refer to and their own sites."""
    services = target_services(actor)
    sites = Site.objects.visible_to(actor).active().filter(organisation_id=actor.organisation_id)
    slots = free_slots(service_ids=services.values_list("pk", flat=True), sites=sites)
    return ReferralForm(
        data,
        services=services,
        sites=sites,
        slots=slots,
        initial=ReferralForm.initial_from(person),
    )
