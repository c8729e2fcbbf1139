"""Refusals of the consultation services; each message is shown to the user as it is."""

from hjp.consultations.personal_data import describe


class ConsultationError(Exception):
    """A change to a consultation the rules do not allow."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PersonalDataFound(ConsultationError):
    """An anonymous question holds what looks like personal data and no reason was given to
    send it anyway."""

    def __init__(self, kinds):
        self.kinds = list(kinds)
        super().__init__(PERSONAL_DATA_FOUND.format(found=", ".join(describe(self.kinds))))


RECIPIENT_NOT_IN_PARTNERSHIP = "Choose an organisation in one of your partnerships"
RECIPIENT_IS_YOURS = "Choose another organisation than your own"
RECIPIENT_NOT_ADVICE = "To ask an adviser, choose an advice organisation"
RECIPIENT_NOT_HEALTH = "To ask a clinician, choose a health organisation"
KIND_INVALID = "Select what kind of question this is"
TOPIC_INVALID = "Select the topic"
SUBJECT_REQUIRED = "Enter a short subject"
QUESTION_REQUIRED = "Enter your question"
MESSAGE_REQUIRED = "Enter your message"
MEETING_DATE_REQUIRED = "Enter the date of the case discussion"
MEETING_ONLY_FOR_DISCUSSION = "Only a case discussion has a meeting date and attendees"
ATTENDEE_NOT_IN_PARTNERSHIP = "Choose attendees who work for the partnership's organisations"
PERSON_NOT_VISIBLE = "You can only ask about a person your organisation is working with"
PERSONAL_DATA_FOUND = (
    "What you wrote may identify the person: it contains {found}. Remove it, or tick the box "
    "to send it anyway and say why"
)
OVERRIDE_REASON_REQUIRED = "Enter why the question needs to include these details"
NOT_A_PARTY = "Only the two organisations of a consultation can change it"
CLOSED = "This consultation is closed"
MINUTES_INVALID = "Enter the time spent in minutes, as a whole number from 0 to 1440"
MINUTES_ONLY_RESPONDER = "Only the team asked records the time it spent"
OUTCOME_REQUIRED = "Select the outcome"
REFERRAL_NOT_AGREED = (
    "The team that asked did not agree that this can become a referral: choose another outcome"
)
