"""Fixtures shared by every test: a partnership per tenant and a user per role."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import settings as hypothesis_settings

from hjp.factories import PartnershipWorld, build_partnership_world, prove_second_factor

# Property tests check what the code does, never how fast: the machines that run them are shared,
# and speed is measured by the benchmarks (bench/), so Hypothesis's per-example deadline is off.
hypothesis_settings.register_profile("hjp", deadline=None)
hypothesis_settings.load_profile("hjp")


@pytest.fixture
def world(db) -> PartnershipWorld:
    """The partnership the test acts in."""
    return build_partnership_world("North")


@pytest.fixture
def other_world(db) -> PartnershipWorld:
    """A second partnership whose data must stay out of reach."""
    return build_partnership_world("South")


@pytest.fixture
def referrer(world):
    return world.user("referrer")


@pytest.fixture
def adviser(world):
    return world.user("adviser")


@pytest.fixture
def supervisor(world):
    return world.user("supervisor")


@pytest.fixture
def coordinator(world):
    return world.user("coordinator")


@pytest.fixture
def funder(world):
    return world.user("funder")


@pytest.fixture
def privacy_officer(world):
    return world.user("privacy_officer")


@pytest.fixture
def login():
    """Return a client logged in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        prove_second_factor(client, user)
        # The first request after logging in settles who the user acts for and keeps it in the
        # session, as a browser's first page does; tests then measure pages as they run after it.
        client.get(reverse("core:healthz"))
        return client

    return make
