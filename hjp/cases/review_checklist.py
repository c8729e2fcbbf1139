"""The file review checklist in the platform's own words, kept by version, and the rules a
review's ratings, overall result and actions must follow.

A review stores the version it was rated against, so a later wording never changes what an
earlier reviewer was asked. Change the wording or the items by adding a version, never by
editing one that reviews have used.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hjp.cases.errors import CaseworkError
from hjp.cases.models import FileReview

Rating = FileReview.Rating
Overall = FileReview.Overall


@dataclass(frozen=True)
class ChecklistItem:
    """One question a reviewer answers about the file."""

    code: str
    question: str
    # Asked of closed files only; an open file is rated "not applicable".
    closed_files_only: bool = False

    @property
    def field_name(self) -> str:
        """The name of the item's rating on the review form and in refusals."""
        return f"rating_{self.code}"


CHECKLIST_VERSION = "2026-1"

CHECKLISTS: dict[str, tuple[ChecklistItem, ...]] = {
    "2026-1": (
        ChecklistItem("instructions", "The client's instructions and the problem are recorded"),
        ChecklistItem(
            "conflict_check", "A conflict check was done before acting beyond advice level"
        ),
        ChecklistItem("advice", "The advice given is correct and complete"),
        ChecklistItem(
            "advice_confirmed", "The advice was confirmed to the client in writing where needed"
        ),
        ChecklistItem("deadlines", "Legal deadlines were identified, put in the diary and met"),
        ChecklistItem("next_steps", "The next steps, and who does each, are clear"),
        ChecklistItem("time_recorded", "Time spent on the case is recorded"),
        ChecklistItem("file_notes", "File notes are clear and up to date"),
        ChecklistItem("consent", "Information was shared only as far as the client consented"),
        ChecklistItem(
            "client_care", "The client's language, interpreter and accessibility needs were met"
        ),
        ChecklistItem(
            "health_partner",
            "Feedback went to the health partner, or the client was referred back to them, "
            "where the client consented",
        ),
        ChecklistItem(
            "outcome",
            "The outcome and the reason for closing are recorded",
            closed_files_only=True,
        ),
    ),
}
CHECKLIST: tuple[ChecklistItem, ...] = CHECKLISTS[CHECKLIST_VERSION]

MAX_ACTIONS = 5
MAX_ACTION_LENGTH = 500

RATING_MISSING = "Select a rating for: {question}"
RATING_UNKNOWN = "{code} is not an item of the file review checklist"
CLOSED_FILES_ONLY = "Rate “{question}” as not applicable: the file is still open"
OVERALL_MISSING = "Select the overall result of the review"
NOT_MET_IS_NOT_SATISFACTORY = (
    "A file with an item not met cannot be satisfactory: choose satisfactory with actions "
    "or unsatisfactory"
)
ACTIONS_NEEDED = "Enter at least one action: the overall result is {overall}"
SATISFACTORY_HAS_NO_ACTIONS = (
    "A satisfactory file has no actions: choose satisfactory with actions, or remove the actions"
)
TOO_MANY_ACTIONS = f"Enter no more than {MAX_ACTIONS} actions"
ACTION_TOO_LONG = f"Each action must be {MAX_ACTION_LENGTH} characters or fewer"


def items_of(version: str) -> tuple[ChecklistItem, ...]:
    """The items of a checklist version; none for a version this code does not know."""
    return CHECKLISTS.get(version, ())


def all_item_codes() -> list[str]:
    """Every item code of every version, in the order first used (the export's columns)."""
    codes: list[str] = []
    for items in CHECKLISTS.values():
        codes.extend(item.code for item in items if item.code not in codes)
    return codes


def item_for(code: str) -> ChecklistItem | None:
    """The newest wording of an item, for columns that span versions."""
    for items in reversed(CHECKLISTS.values()):
        for item in items:
            if item.code == code:
                return item
    return None


def check_ratings(ratings: Mapping[str, str], *, case_is_open: bool) -> dict[str, str]:
    """The ratings in checklist order, or a refusal: every item rated, nothing else."""
    codes = {item.code for item in CHECKLIST}
    for code in ratings:
        if code not in codes:
            raise CaseworkError(RATING_UNKNOWN.format(code=code))
    checked = {}
    for item in CHECKLIST:
        rating = ratings.get(item.code, "")
        if rating not in Rating.values:
            raise CaseworkError(
                RATING_MISSING.format(question=item.question), field=item.field_name
            )
        if item.closed_files_only and case_is_open and rating != Rating.NOT_APPLICABLE:
            raise CaseworkError(
                CLOSED_FILES_ONLY.format(question=item.question), field=item.field_name
            )
        checked[item.code] = rating
    return checked


def check_actions(actions: Sequence[str]) -> list[str]:
    """The actions entered, blank lines dropped, or a refusal when too many or too long."""
    entered = [action.strip() for action in actions if action.strip()]
    if len(entered) > MAX_ACTIONS:
        raise CaseworkError(TOO_MANY_ACTIONS, field="actions")
    if any(len(action) > MAX_ACTION_LENGTH for action in entered):
        raise CaseworkError(ACTION_TOO_LONG, field="actions")
    return entered


def check_overall(ratings: Mapping[str, str], overall: str, actions: Sequence[str]) -> None:
    """Refuse an overall result the ratings and actions do not support.

    Any item not met needs actions, so the file cannot be satisfactory; a result with actions
    or unsatisfactory needs at least one action; a satisfactory file has none, so that an
    assessor can read the overall result alone.
    """
    if overall not in Overall.values:
        raise CaseworkError(OVERALL_MISSING, field="overall")
    if overall == Overall.SATISFACTORY:
        if Rating.NOT_MET in ratings.values():
            raise CaseworkError(NOT_MET_IS_NOT_SATISFACTORY, field="overall")
        if actions:
            raise CaseworkError(SATISFACTORY_HAS_NO_ACTIONS, field="overall")
    elif not actions:
        label = Overall(overall).label.lower()
        raise CaseworkError(ACTIONS_NEEDED.format(overall=label), field="actions")
