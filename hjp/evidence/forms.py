"""Forms for asking for evidence and for answering it; the services decide what is allowed."""

from django import forms

from hjp.core import nhsuk_forms as nhsuk
from hjp.core.forms import pounds_to_pence
from hjp.evidence import errors
from hjp.evidence.kinds import (
    DescriptorSet,
    Kind,
    ProfessionalRole,
    Register,
    questions_for,
)
from hjp.evidence.models import FeePayer, Urgency
from hjp.evidence.status import DeclineReason

QUESTIONS_HINT = (
    "One question a line. Leave it empty to ask the usual questions for the kind of evidence "
    "(shown below)."
)


def _pence(text: str, *, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        pence = pounds_to_pence(text)
    except ValueError:
        raise forms.ValidationError(errors.FEE_AMOUNT_INVALID) from None
    if pence < 0:
        raise forms.ValidationError(errors.FEE_AMOUNT_INVALID)
    return pence


class RequestForm(nhsuk.NhsukForm):
    """What the adviser asks, of whom and by when."""

    to_organisation = nhsuk.ChoiceField(
        label="Health organisation",
        error_messages={"required": errors.NOT_A_HEALTH_ORGANISATION},
    )
    to_site = nhsuk.ChoiceField(label="Site (optional)", required=False)
    to_team = nhsuk.CharField(
        label="Team (optional)",
        help_text="For example: community mental health team",
        max_length=120,
        required=False,
    )
    to_clinician = nhsuk.ChoiceField(label="Clinician (optional)", required=False)
    kind = nhsuk.ChoiceField(
        label="What do you need?",
        label_size="m",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.KIND_INVALID},
    )
    descriptor_set = nhsuk.ChoiceField(
        label="Which benefit's descriptors? (for a report against the descriptors)",
        choices=DescriptorSet.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    purpose = nhsuk.CharField(
        label="What is the evidence for?",
        help_text="For example: mandatory reconsideration of a PIP decision dated 3 November",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        error_messages={"required": errors.PURPOSE_REQUIRED},
    )
    questions = nhsuk.CharField(
        label="Questions for the clinician",
        help_text=QUESTIONS_HINT,
        widget=forms.Textarea,
        rows=5,
        max_length=6000,
        required=False,
    )
    legal_deadline = nhsuk.DatePartsField(
        label="Legal deadline (optional)",
        help_text="The evidence is due 5 working days before it. For example, 17 5 2027",
        required=False,
    )
    due_on = nhsuk.DatePartsField(
        label="Or the date the evidence is due (optional)",
        help_text="Use this when there is no legal deadline, or to set another date",
        required=False,
    )
    urgency = nhsuk.ChoiceField(
        label="Urgency",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        inline=True,
        initial=Urgency.ROUTINE,
        error_messages={"required": "Select the urgency"},
    )
    note_to_clinician = nhsuk.CharField(
        label="Note to the clinician (optional)",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        required=False,
    )
    prognosis_not_disclosed = nhsuk.BooleanField(
        label="The person has not been told their prognosis (SR1 only)",
        help_text="Nothing about this request will appear in any message to the person or in "
        "feedback to the referrer.",
        required=False,
    )
    fee_payer = nhsuk.ChoiceField(
        label="Who pays a fee, if one is charged? (optional)",
        choices=FeePayer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    fee_quoted = nhsuk.CharField(
        label="Fee agreed, in pounds (optional)",
        classes="nhsuk-input--width-5",
        inputmode="decimal",
        max_length=12,
        required=False,
    )
    attachments = nhsuk.MultipleChoiceField(
        label="Documents to send with the request (optional)",
        help_text="For example, the decision letter",
        required=False,
    )

    def __init__(
        self,
        data=None,
        *,
        organisations=(),
        sites=(),
        clinicians=(),
        documents=(),
        initial=None,
        buffer_days: int = 5,
    ):
        super().__init__(data, initial=initial)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["to_organisation"].choices = [("", "Choose an organisation")] + [
            (k, o.name) for k, o in self.organisations.items()
        ]
        self.sites = {str(s.pk): s for s in sites}
        self.fields["to_site"].choices = [("", "Any site")] + [
            (k, f"{s.name} ({s.organisation.name})") for k, s in self.sites.items()
        ]
        self.clinicians = {str(u.pk): u for u in clinicians}
        self.fields["to_clinician"].choices = [("", "Anyone in the team")] + [
            (k, str(u)) for k, u in self.clinicians.items()
        ]
        self.documents = {str(d.pk): d for d in documents}
        self.fields["attachments"].choices = [(k, d.title) for k, d in self.documents.items()]
        self.fields[
            "legal_deadline"
        ].help_text = (
            f"The evidence is due {buffer_days} working days before it. For example, 17 5 2027"
        )

    def clean_fee_quoted(self):
        return _pence(self.cleaned_data.get("fee_quoted"), field="fee_quoted")

    def clean_questions(self) -> list[str]:
        lines = (self.cleaned_data.get("questions") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def ask_fields(self) -> dict:
        data = self.cleaned_data
        questions = data["questions"] or list(questions_for(data["kind"], data["descriptor_set"]))
        return {
            "to_organisation": self.organisations.get(data["to_organisation"]),
            "to_site": self.sites.get(data.get("to_site") or ""),
            "to_team": data["to_team"],
            "to_clinician": self.clinicians.get(data.get("to_clinician") or ""),
            "kind": data["kind"],
            "descriptor_set": data["descriptor_set"],
            "purpose": data["purpose"],
            "questions": questions,
            "legal_deadline": data["legal_deadline"],
            "due_on": data["due_on"],
            "urgency": data["urgency"],
            "note_to_clinician": data["note_to_clinician"],
            "prognosis_not_disclosed": data["prognosis_not_disclosed"],
            "fee_payer": data["fee_payer"],
            "fee_quoted_pence": data["fee_quoted"],
            "attachments": [self.documents[k] for k in data["attachments"]],
        }


class AnswerForm(nhsuk.NhsukForm):
    """The clinician's answer: one box per question, a signed letter, and the attestation."""

    letter = nhsuk.FileField(
        label="Signed letter or copy of records (optional)",
        help_text="A PDF, a JPG or PNG image, or a Word document",
        required=False,
    )
    sr1_submitted_on = nhsuk.DatePartsField(
        label="Date you sent the SR1 to DWP",
        help_text="Send the SR1 to DWP yourself, as usual. Only that you sent it, and when, is "
        "recorded here. For example, 17 5 2027",
        required=False,
    )
    attested_name = nhsuk.CharField(
        label="Your full name",
        max_length=200,
        autocomplete="name",
        error_messages={"required": errors.NAME_REQUIRED},
    )
    attested_role = nhsuk.ChoiceField(
        label="Your role",
        choices=ProfessionalRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.ROLE_REQUIRED},
    )
    register = nhsuk.ChoiceField(
        label="Your professional register",
        choices=Register.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.REGISTER_REQUIRED},
    )
    registration_number = nhsuk.CharField(
        label="Registration number",
        help_text="GMC: 7 digits. NMC PIN: for example 12A3456E. HCPC: for example OT12345",
        classes="nhsuk-input--width-10",
        max_length=16,
        spellcheck=False,
        error_messages={"required": "Enter your registration number"},
    )
    confirmed = nhsuk.BooleanField(
        label="I confirm this evidence is accurate to the best of my knowledge and is given "
        "with the person's consent",
        error_messages={"required": errors.ATTESTATION_REQUIRED},
    )

    def __init__(self, data=None, files=None, *, questions=(), sr1=False, initial=None):
        super().__init__(data, files, initial=initial)
        self.questions = list(questions)
        self.answer_names = []
        for number, question in enumerate(self.questions, start=1):
            name = f"answer_{number}"
            self.fields[name] = nhsuk.CharField(
                label=question,
                widget=forms.Textarea,
                rows=4,
                max_length=10000,
                required=False,
            )
            self.answer_names.append(name)
        if not sr1:
            del self.fields["sr1_submitted_on"]
        # The answers come first on the page; the attestation last.
        order = [*self.answer_names, "letter", "sr1_submitted_on"]
        self.order_fields([name for name in order if name in self.fields])

    def given_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": [data[name] for name in self.answer_names],
            "letter": data.get("letter"),
            "sr1_submitted_on": data.get("sr1_submitted_on"),
        }

    def attestation_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["attested_name"],
            "role": data["attested_role"],
            "register": data["register"],
            "registration_number": data["registration_number"],
            "confirmed": data["confirmed"],
        }


class AcknowledgeForm(nhsuk.NhsukForm):
    fee_quoted = nhsuk.CharField(
        label="Fee you will charge, in pounds (optional)",
        help_text="Leave empty if there is no fee",
        classes="nhsuk-input--width-5",
        inputmode="decimal",
        max_length=12,
        required=False,
    )
    note = nhsuk.CharField(
        label="Note to the advice service (optional)",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        required=False,
    )

    def clean_fee_quoted(self):
        return _pence(self.cleaned_data.get("fee_quoted"), field="fee_quoted")


class DeclineForm(nhsuk.NhsukForm):
    reason = nhsuk.ChoiceField(
        label="Why are you declining?",
        label_size="m",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the request is declined"},
    )
    note = nhsuk.CharField(
        label="Note to the advice service (optional)",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        required=False,
    )


class NoteForm(nhsuk.NhsukForm):
    note = nhsuk.CharField(
        label="Note (optional)", widget=forms.Textarea, rows=3, max_length=2000, required=False
    )


class ClarificationForm(nhsuk.NhsukForm):
    note = nhsuk.CharField(
        label="What needs clarifying?",
        widget=forms.Textarea,
        rows=4,
        max_length=4000,
        error_messages={"required": errors.CLARIFICATION_REQUIRED},
    )


class FeePaidForm(nhsuk.NhsukForm):
    amount = nhsuk.CharField(
        label="Amount paid, in pounds",
        classes="nhsuk-input--width-5",
        inputmode="decimal",
        max_length=12,
        error_messages={"required": errors.FEE_PAID_REQUIRED},
    )
    paid_on = nhsuk.DatePartsField(label="Date paid", help_text="For example, 17 5 2027")
    payer = nhsuk.ChoiceField(
        label="Who paid?",
        choices=FeePayer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.FEE_PAYER_INVALID},
    )

    def clean_amount(self):
        pence = _pence(self.cleaned_data.get("amount"), field="amount")
        if pence is None:
            raise forms.ValidationError(errors.FEE_PAID_REQUIRED)
        return pence
