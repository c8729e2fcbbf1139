"""Issues, opposing parties, the conflict check, levels and stages, and opening a case directly."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from hjp.audit.models import AuditEvent
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseEvent, CaseIssue, ConflictCheck
from hjp.cases.names import is_near, match_name
from hjp.cases.services import issues as services
from hjp.cases.tests.factories import case_from_referral
from hjp.factories import record_person


@pytest.fixture
def case(world):
    return case_from_referral(world, given_name="Maryam", family_name="Okafor")


def issue_against(world, case, kind="landlord", name="Acme Lettings Ltd"):
    return services.add_issue(
        case,
        by=world.actor("adviser"),
        advice_area="housing",
        topic="possession",
        opposing_parties=[(kind, name)],
    )


def test_a_case_from_a_referral_starts_with_one_issue_per_advice_area(world, case):
    areas = sorted(case.issues.values_list("advice_area", flat=True))
    assert areas == sorted(case.referral.advice_areas)
    assert set(case.issues.values_list("level", flat=True)) == {"advice"}


def test_adding_an_issue_records_its_parties_an_event_and_an_audit_row(world, case):
    issue = issue_against(world, case)
    party = issue.opposing_parties.get()
    assert (party.name, party.match_name) == ("Acme Lettings Ltd", "acme lettings")
    assert CaseEvent.objects.filter(issue=issue, kind="issue_added").exists()
    assert (
        AuditEvent.objects.filter(object_id=str(issue.pk), action="create").get().person_id
        == case.person_id
    )


def test_a_topic_must_belong_to_its_area(world, case):
    with pytest.raises(CaseworkError) as refused:
        services.add_issue(case, by=world.actor("adviser"), advice_area="debt", topic="pip")
    assert refused.value.field == "topic"


def test_an_issue_with_no_opponents_but_public_bodies_checks_clear(world, case):
    issue = services.add_issue(
        case,
        by=world.actor("adviser"),
        advice_area="welfare_benefits",
        topic="pip",
        opposing_parties=[("dwp", "")],
    )
    assert services.check_conflicts(issue, by=world.actor("adviser")).result == "clear"


def test_an_opponent_who_is_our_client_is_a_conflict(world, case):
    case_from_referral(world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="creditor", name="John  SMITH")
    check = services.check_conflicts(issue, by=world.actor("adviser"))
    assert check.result == "conflict"
    assert check.matches[0]["kind"] == "client"
    assert CaseIssue.objects.get(pk=issue.pk).conflict_status == "conflict"


def test_our_client_being_the_opponent_in_another_case_is_a_conflict(world, case):
    other = case_from_referral(world, given_name="Peter", family_name="Jones")
    issue_against(world, other, kind="landlord", name="Maryam Okafor")
    issue = issue_against(world, case)
    check = services.check_conflicts(issue, by=world.actor("adviser"))
    assert check.result == "conflict"
    assert check.matches == [{"kind": "opposing_party", "case": other.reference, "exact": True}]


def test_a_near_match_is_a_potential_conflict(world, case):
    case_from_referral(world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="employer", name="J Smith")
    assert services.check_conflicts(issue, by=world.actor("adviser")).result == "potential"


def test_public_bodies_are_never_a_conflict(world, case):
    case_from_referral(world, given_name="Home", family_name="Office")
    issue = issue_against(world, case, kind="home_office", name="Home Office")
    assert services.check_conflicts(issue, by=world.actor("adviser")).result == "clear"


def test_another_organisations_clients_are_not_ours(world, other_world, case):
    case_from_referral(other_world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="creditor", name="John Smith")
    assert services.check_conflicts(issue, by=world.actor("adviser")).result == "clear"


def test_escalation_runs_the_check_and_goes_ahead_when_clear(world, case):
    issue = issue_against(world, case)
    issue = services.change_level(issue, by=world.actor("adviser"), level="casework")
    assert issue.level == "casework"
    assert ConflictCheck.objects.filter(issue=issue, result="clear").exists()
    event = CaseEvent.objects.get(issue=issue, kind="level_changed")
    assert (event.from_value, event.to_value, event.actor) == (
        "advice",
        "casework",
        world.user("adviser"),
    )


def test_an_unresolved_conflict_keeps_the_issue_at_advice_level(world, case):
    case_from_referral(world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="creditor", name="John Smith")
    with pytest.raises(CaseworkError, match="stays at advice level"):
        services.change_level(issue, by=world.actor("adviser"), level="representation")
    issue.refresh_from_db()
    # The refusal writes nothing, not even the check it ran; running the check keeps it.
    assert (issue.level, issue.conflict_status) == ("advice", "not_checked")
    assert services.check_conflicts(issue, by=world.actor("adviser")).result == "conflict"
    with pytest.raises(CaseworkError, match="stays at advice level"):
        services.change_level(issue, by=world.actor("adviser"), level="casework")


def test_a_supervisors_waiver_with_a_reason_lets_the_issue_move_up(world, case):
    case_from_referral(world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="creditor", name="J Smith")
    services.check_conflicts(issue, by=world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        services.waive_conflict(
            issue,
            by=world.actor("adviser"),
            reason="Different person",
            approved_by=world.user("adviser"),
        )
    assert refused.value.message == services.WAIVER_NEEDS_SUPERVISOR
    with pytest.raises(CaseworkError) as refused:
        services.waive_conflict(
            issue, by=world.actor("supervisor"), reason=" ", approved_by=world.user("supervisor")
        )
    assert refused.value.message == services.WAIVER_REASON_MISSING

    waiver = services.waive_conflict(
        issue,
        by=world.actor("supervisor"),
        reason="Different person: checked date of birth",
        approved_by=world.user("supervisor"),
    )
    assert (waiver.result, waiver.approved_by) == ("waived", world.user("supervisor"))
    assert (
        services.change_level(issue, by=world.actor("adviser"), level="casework").level
        == "casework"
    )


def test_a_new_opponent_needs_a_new_check(world, case):
    issue = issue_against(world, case)
    services.check_conflicts(issue, by=world.actor("adviser"))
    services.add_opposing_party(
        issue, by=world.actor("adviser"), kind="creditor", name="Quick Loans"
    )
    assert CaseIssue.objects.get(pk=issue.pk).conflict_status == "not_checked"


def test_stage_changes_are_kept_with_who_and_when(world, case):
    issue = issue_against(world, case)
    services.change_stage(issue, by=world.actor("adviser"), stage="court", reason="Claim issued")
    event = CaseEvent.objects.get(issue=issue, kind="stage_changed")
    assert (event.from_value, event.to_value, event.note) == (
        "not_applicable",
        "court",
        "Claim issued",
    )


def test_an_adviser_opens_a_case_directly_for_a_walk_in(world):
    person = record_person(world, by=world.actor("adviser"), given_name="Sam", family_name="Lee")
    case = services.open_case_directly(
        person,
        by=world.actor("adviser"),
        opened_via="walk_in",
        adviser=world.user("adviser"),
        advice_area="debt",
        topic="bailiffs",
    )
    assert (case.opened_via, case.referral, case.client_match_name) == ("walk_in", None, "sam lee")
    assert list(case.issues.values_list("advice_area", "topic")) == [("debt", "bailiffs")]
    assert Case.objects.visible_to(world.actor("adviser")).filter(pk=case.pk).exists()


def test_opening_directly_refuses_an_adviser_of_another_organisation(world, other_world):
    person = record_person(world, by=world.actor("adviser"))
    with pytest.raises(CaseworkError):
        services.open_case_directly(
            person,
            by=world.actor("adviser"),
            opened_via="phone",
            adviser=other_world.user("adviser"),
            advice_area="debt",
            topic="bailiffs",
        )
    assert Case.objects.count() == 0


def test_the_pages_open_a_case_add_an_issue_and_run_a_check(world, login):
    person = record_person(world, by=world.actor("adviser"), given_name="Sam", family_name="Lee")
    client = login(world.user("adviser"))
    assert (
        "Open a case without a referral" in client.get(person.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("cases:open", kwargs={"person_pk": person.pk}),
        {
            "opened_via": "clinic",
            "topic": "housing:possession",
            "adviser": str(world.user("adviser").pk),
        },
    )
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    response = client.post(
        reverse("cases:issue_add", kwargs={"case_pk": case.pk}),
        {
            "topic": "debt:bailiffs",
            "stage": "negotiation",
            "party_kind": "creditor",
            "party_name": "Quick Loans",
        },
    )
    issue = case.issues.get(advice_area="debt")
    assert response["Location"] == reverse("cases:issue", kwargs={"issue_pk": issue.pk})
    client.post(reverse("cases:conflict_check", kwargs={"issue_pk": issue.pk}))
    page = client.get(reverse("cases:issue", kwargs={"issue_pk": issue.pk})).content.decode()
    assert "Quick Loans" in page and "Clear" in page
    assert "Debt: Bailiffs or enforcement" in client.get(case.get_absolute_url()).content.decode()


def test_a_refused_escalation_shows_an_error_summary(world, login, case):
    case_from_referral(world, given_name="John", family_name="Smith")
    issue = issue_against(world, case, kind="creditor", name="John Smith")
    response = login(world.user("adviser")).post(
        reverse("cases:issue_level", kwargs={"issue_pk": issue.pk}), {"level": "casework"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "stays at advice level" in response.content.decode()


def test_other_organisations_get_404_and_referrers_403_on_issue_pages(
    world, other_world, login, case
):
    issue = issue_against(world, case)
    for name in ["cases:issue", "cases:issue_level", "cases:conflict_check", "cases:party_add"]:
        url = reverse(name, kwargs={"issue_pk": issue.pk})
        assert login(other_world.user("adviser")).get(url).status_code == 404
        assert login(world.user("referrer")).get(url).status_code == 403
    waive = reverse("cases:conflict_waive", kwargs={"issue_pk": issue.pk})
    assert login(world.user("adviser")).get(waive).status_code == 403


names = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "Zs", "P"]), max_size=40)


@given(name=names)
def test_a_match_name_is_stable_and_ignores_case_accents_and_spacing(name):
    once = match_name(name)
    assert match_name(once) == once
    assert match_name(f"  {name.upper()}  ") == match_name(name.lower()) or not name.isascii()


def test_match_names_ignore_accents_look_alike_spacing_and_legal_suffixes():
    assert match_name("José  O'Brien") == "jose o brien"
    assert match_name("ACME Lettings Limited") == match_name("acme lettings ltd") == "acme lettings"
    assert match_name("Jo\u200bhn") == "john"


def test_near_names():
    assert is_near("j smith", "john smith")
    assert is_near("smith", "john smith")
    assert is_near("john a smith", "jane smith") is True
    assert not is_near("john smith", "john smith")
    assert not is_near("acme", "zenith lettings")
