"""Refusals of the evidence services; each message is shown to the user as it is."""


class EvidenceError(Exception):
    """A change to an evidence request the rules do not allow."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


NOT_A_HEALTH_ORGANISATION = "Choose a health organisation in one of your partnerships"
SITE_NOT_OF_ORGANISATION = "Choose a site of the health organisation asked"
CLINICIAN_NOT_OF_ORGANISATION = "Choose a clinician who works for the health organisation asked"
ISSUE_NOT_ON_CASE = "Choose an issue of this case"
CASE_NOT_YOURS = "Only the advice organisation holding the case can ask for evidence on it"
KIND_INVALID = "Select the kind of evidence"
DESCRIPTOR_SET_REQUIRED = "Select which benefit's descriptors the report should cover"
QUESTIONS_REQUIRED = "Enter at least one question for the clinician"
PURPOSE_REQUIRED = "Enter what the evidence is for"
DUE_DATE_REQUIRED = "Enter the legal deadline or the date the evidence is due"
DUE_DATE_PAST = "The date the evidence is due must be in the future"
DUE_DATE_TOO_CLOSE = (
    "The deadline leaves less than {days} working days for the evidence: enter the date it is "
    "due by hand"
)
PROGNOSIS_ONLY_SR1 = "Only an SR1 request can keep the prognosis from the person"
FEE_PAYER_INVALID = "Select who pays the fee"
FEE_AMOUNT_INVALID = "Enter the fee in pounds and pence, for example 45.00"
ATTACHMENT_NOT_ON_CASE = "Choose documents of this case to attach"
ROLE_REQUIRED = "Select your professional role"
ROLE_MAY_NOT_ANSWER = "A {role} cannot sign this kind of evidence; it needs one of: {allowed}"
REGISTER_REQUIRED = "Select your professional register"
REGISTRATION_NUMBER_INVALID = "Enter your {register} number as it appears on the register"
NAME_REQUIRED = "Enter your full name as it appears on the register"
ATTESTATION_REQUIRED = "Confirm that the evidence is accurate and given with the person's consent"
ANSWER_REQUIRED = "Answer at least one question or upload a signed letter"
FILE_REQUIRED = "Upload the copy of the records"
SR1_DATE_REQUIRED = "Enter the date you sent the SR1 to DWP"
SR1_DATE_FUTURE = "The date you sent the SR1 must be today or in the past"
CLARIFICATION_REQUIRED = "Enter what needs clarifying"
NOTE_REQUIRED = "Enter what you want to tell the advice service"
FEE_PAID_REQUIRED = "Enter the amount paid"
CONSENT_WITHDRAWN_AT_RELEASE = (
    "The person's consent to release health information is no longer in force, so nothing "
    "has been released. The advice service has been told."
)
