"""Cases, schedules and reviews for the file review tests, made through the services.

from hjp.cases.tests.review_factories import case_held_by, review_of

case = case_held_by(world, world.user("adviser"))
review = review_of(case, by=world.actor("supervisor"), actions=["Write to the client"])
"""

from hjp.accounts.models import Membership, Role, User
from hjp.cases.models import Case, FileReview
from hjp.cases.review_checklist import CHECKLIST
from hjp.cases.services import close_case, open_case
from hjp.cases.services import reviews as review_services
from hjp.factories import PartnershipWorld, UserFactory, actor_for, record_person

Rating = FileReview.Rating
Overall = FileReview.Overall


def ratings(rating: str = Rating.MET, *, case_is_open: bool = True, **overrides) -> dict:
    """Every checklist item rated the same (closed-file items not applicable on an open file)."""
    rated = {
        item.code: (Rating.NOT_APPLICABLE if item.closed_files_only and case_is_open else rating)
        for item in CHECKLIST
    }
    rated.update(overrides)
    return rated


def colleague(world: PartnershipWorld, role: str, name: str) -> User:
    """Another member of the world's advice organisation in the role given."""
    user = UserFactory(full_name=name)
    Membership.objects.create(user=user, organisation=world.advice, role=Role(role))
    return user


def case_held_by(
    world: PartnershipWorld, adviser: User, *, closed: bool = False, family_name: str = "Okafor"
) -> Case:
    """A case the adviser holds at the world's advice organisation, opened directly."""
    person = record_person(world, given_name="Maryam", family_name=family_name)
    case = open_case(
        person, by=world.actor("supervisor"), adviser=adviser, advice_areas=["welfare_benefits"]
    )
    if closed:
        close_case(case, by=world.actor("supervisor"), note="Resolved")
        case.refresh_from_db()
    return case


def review_of(
    case: Case,
    *,
    by,
    overall: str = Overall.WITH_ACTIONS,
    actions: list[str] | None = None,
    comments: str = "Well-organised file",
    **kwargs,
) -> FileReview:
    """A review with every item met, and one action unless told otherwise."""
    if actions is None:
        actions = [] if overall == Overall.SATISFACTORY else ["Confirm the advice in writing"]
    return review_services.record_file_review(
        case,
        by=actor_for(by),
        ratings=kwargs.pop("ratings", ratings(case_is_open=case.is_open)),
        overall=overall,
        comments=comments,
        actions=actions,
        **kwargs,
    )
