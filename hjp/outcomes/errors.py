"""Why an outcome could not be recorded, in words an adviser can act on."""

AMOUNT_REQUIRED = "Enter the amount in pounds and pence, like 84.90"
AMOUNT_NEGATIVE = "The amount cannot be negative"
AMOUNT_TOO_LARGE = "The amount must be under £10,000,000"
KIND_REQUIRED = "Select what kind of result this is"
SOURCE_REQUIRED = "Select the benefit or creditor"
SOURCE_NOT_A_CREDITOR = "Select the kind of creditor for a debt"
SOURCE_NOT_A_BENEFIT = "Select the benefit or source of the money"
FREQUENCY_REQUIRED = "Select how often it is paid"
ONE_OFF_MUST_BE_ONE_OFF = "Backdated money and other one-off sums are one-off: select One-off"
RECURRING_CANNOT_BE_ONE_OFF = "Recurring income is paid more than once: select how often"
ONE_OFF_TYPE_REQUIRED = "Select what kind of one-off sum it is"
AWARD_END_BEFORE_START = "The award end date must be after its start date"
STATUS_REQUIRED = "Select the status of this figure"
ALREADY_SUPERSEDED = "This figure has already been replaced by a later one"
NOTHING_CHANGED_IN_SUPERSEDING = "Change the figure or its status to record a new one"
BENEFIT_REQUIRED = "Select the benefit the decision is about"
STAGE_REQUIRED = "Select the stage of the claim"
RESULT_REQUIRED = "Select the decision"
DECIDED_ON_REQUIRED = "Enter the date of the decision"
DATE_IN_FUTURE = "The date cannot be in the future"
POINTS_RANGE = "Points must be a whole number from 0 to 100"
EVIDENCE_REQUIRED = "Select whether medical evidence was obtained"
NON_FINANCIAL_KIND_REQUIRED = "Select the outcome"
DESCRIPTION_REQUIRED = "Describe the outcome"
ACHIEVED_ON_REQUIRED = "Enter the date of the outcome"
NONE_BUT_RECORDED = "Outcomes of this kind are already recorded for this issue"
EVALUATION_CONSENT_NEEDED = (
    "Wellbeing questions can be recorded only while the client's consent to evaluation is in force"
)
BASELINE_EXISTS = "A baseline is already recorded for this case"
FOLLOW_UP_EXISTS = "A follow-up is already recorded for this case"
BASELINE_NEEDED = "Record the baseline before the follow-up"
FOLLOW_UP_BEFORE_BASELINE = "The follow-up must be taken after the baseline"
ITEM_RANGE = "Each answer must be from {low} to {high}"
NO_ANSWERS = "Answer at least one question"


class OutcomeError(Exception):
    """An outcome the rules do not allow; the message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
