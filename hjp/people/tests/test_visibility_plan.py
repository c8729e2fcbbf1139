"""The single person's visibility check is answered from indexes, one sharing record and one
consent decision at a time: PostgreSQL's plan has no subplan over the consent table (an `EXISTS`
beside an `OR` becomes one, which PostgreSQL may hash by reading every current consent of the
organisation) and no sequential scan of it."""

import json

import pytest
from django.db import connection

from hjp.consent.services import withdraw_consent
from hjp.people.models import Person
from hjp.referrals.tests.factories import referral_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's query plan"
)

CONSENT_TABLE = "consent_currentconsent"


def _plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_personshare, consent_currentconsent, people_person")
        # A test's tables are a page or two, which PostgreSQL would rather read whole; barring
        # that shows which indexes the check can use, as it would with real numbers of rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


@pytest.fixture
def organisation_with_many_referrals(world):
    referrals = [referral_for(world) for _ in range(12)]
    withdraw_consent(referrals[0].referral_consent, by=world.actor("referrer"), method="verbal")
    return referrals


def test_the_visibility_check_of_one_person_reads_consent_through_an_index_not_a_subplan(
    world, organisation_with_many_referrals
):
    person = organisation_with_many_referrals[3].person
    queryset = Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk)
    nodes = list(_nodes(_plan(queryset)))

    subplans = [node for node in nodes if node.get("Parent Relationship") == "SubPlan"]
    assert subplans == []
    on_consent = [node for node in nodes if node.get("Relation Name") == CONSENT_TABLE]
    assert on_consent, "the check reads the person's consent decision"
    assert all(node["Node Type"] != "Seq Scan" for node in on_consent)
    # Through an index: a plain or index-only scan, or a bitmap heap scan fed by an index (which
    # the planner may prefer when the statistics say the table is small).
    assert all(
        "Index" in node["Node Type"] or node["Node Type"] == "Bitmap Heap Scan"
        for node in on_consent
    )
    assert queryset.exists()
