"""The consent ledger is append-only: rows are added, never changed or removed."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hjp.consent.models import Consent, ConsentScope
from hjp.consent.services import record_consent, withdraw_consent
from hjp.core.models import AppendOnlyError
from hjp.factories import actor_for, record_person


@pytest.fixture
def consent(world, referrer):
    person = record_person(world)
    return record_consent(
        person,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )


def test_a_saved_consent_cannot_be_saved_again(consent):
    consent.notes = "changed my mind"
    with pytest.raises(AppendOnlyError):
        consent.save()
    consent.refresh_from_db()
    assert consent.notes == ""


def test_a_consent_cannot_be_deleted(consent):
    with pytest.raises(AppendOnlyError):
        consent.delete()
    assert Consent.objects.filter(pk=consent.pk).exists()


def test_consents_cannot_be_updated_or_deleted_in_bulk(consent):
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=consent.pk).update(decision="withdrawn")
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=consent.pk).delete()
    with pytest.raises(AppendOnlyError):
        Consent.objects.bulk_update([consent], ["notes"])
    consent.refresh_from_db()
    assert consent.decision == "given"


def test_a_consents_scope_cannot_be_changed_or_removed(consent, world):
    scope = consent.scope.get()
    scope.organisation = world.practice
    with pytest.raises(AppendOnlyError):
        scope.save()
    with pytest.raises(AppendOnlyError):
        scope.delete()
    with pytest.raises(AppendOnlyError):
        ConsentScope.objects.filter(pk=scope.pk).update(organisation=world.practice)
    with pytest.raises(AppendOnlyError):
        ConsentScope.objects.filter(pk=scope.pk).delete()
    assert list(consent.scope.values_list("organisation_id", flat=True)) == [world.advice.pk]


def test_withdrawing_adds_a_row_and_leaves_the_original_as_it_was(consent, referrer):
    withdrawal = withdraw_consent(consent, by=actor_for(referrer), method="written")
    consent.refresh_from_db()
    assert consent.decision == "given"
    assert (withdrawal.decision, withdrawal.supersedes_id) == ("withdrawn", consent.pk)
    assert withdrawal.sequence == consent.sequence + 1


def consent_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple]:
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            found += consent_routes(pattern, f"{prefix}{pattern.namespace or ''}:")
        elif isinstance(pattern, URLPattern):
            found.append((f"{prefix}{pattern.name}", set(pattern.pattern.converters)))
    return found


def test_no_url_edits_or_deletes_a_consent():
    names = [name for name, kwargs in consent_routes() if "consent_pk" in kwargs]
    assert names == ["consent:withdraw"]
    consent_pages = sorted(name for name, _ in consent_routes() if name.startswith("consent:"))
    assert consent_pages == ["consent:record", "consent:renewals", "consent:withdraw"]


def test_the_withdraw_page_does_not_accept_put_patch_or_delete(consent, referrer, login):
    client = login(referrer)
    url = reverse("consent:withdraw", args=[consent.pk])
    for method in (client.put, client.patch, client.delete):
        assert method(url).status_code == 405
    assert Consent.objects.count() == 1
