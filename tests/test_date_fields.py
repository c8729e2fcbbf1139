"""Every date a form takes, given anything at all, is a date or a clear error: never a crash.

The forms are found by walking the project, so a new form's date fields are covered the day they
are written. Pages that take dates are then fed the same kind of input end to end.
"""

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hjp
from hjp.accounts.models import Role
from hjp.core.forms import (
    DATE_INVALID,
    DATE_OUT_OF_RANGE,
    EARLIEST_DATE,
    LATEST_DATE,
    DatePartsField,
)
from hjp.factories import build_partnership_world, prove_second_factor


def _form_modules():
    for module in pkgutil.walk_packages(hjp.__path__, "hjp."):
        name = module.name
        if ".tests" in name or ".migrations" in name:
            continue
        if "forms" in name.rsplit(".", 1)[-1] or ".forms." in name:
            yield importlib.import_module(name)


def _form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for module in _form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("hjp."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


def _fields_of(form_class) -> dict[str, forms.Field]:
    """The form's fields, with those it adds when made (for example one per deadline row): made
    with empty lists for whatever it needs, or its declared fields if it cannot be made so."""
    needed = {
        p.name: []
        for p in list(inspect.signature(form_class.__init__).parameters.values())[1:]
        if p.kind is p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    }
    try:
        return dict(form_class(**needed).fields)
    except Exception:
        return dict(form_class.base_fields)


FORMS = _form_classes()
DATE_FIELDS = [
    (f"{form.__name__}.{name}", field)
    for form in FORMS
    for name, field in _fields_of(form).items()
    if isinstance(field, DatePartsField | forms.DateField | forms.DateTimeField)
]

# Anything a person, a script or an attacker could type into one box.
PART = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10_000).map(str),
    st.text(max_size=30),
    st.sampled_from(["", " ", "0", "00", "31", "29", "9999", "99999999999999999999", "1e9", "٣"]),
)


def test_the_walk_finds_the_date_fields_of_every_area():
    names = {name.split(".")[0] for name, _ in DATE_FIELDS}
    # Person, consent, referral deadlines, contact attempts, organisation joined-on, the audit
    # search, and the rest: the walk must reach them all.
    expected = {
        "PersonForm",
        "RecordConsentForm",
        "ReferralForm",
        "ContactAttemptForm",
        "AddMemberForm",
        "AuditSearchForm",
    }
    assert expected <= names, sorted(names)
    assert len(DATE_FIELDS) >= 40


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _ in DATE_FIELDS])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=PART, month=PART, year=PART)
def test_every_date_field_gives_a_date_or_a_clear_error(name, field, day, month, year):
    value = [day, month, year] if isinstance(field, DatePartsField) else f"{year}-{month}-{day}"
    try:
        cleaned = field.clean(value)
    except forms.ValidationError as error:
        assert all(message.strip() for message in error.messages)
        return
    if cleaned is not None:
        as_date = cleaned.date() if isinstance(cleaned, datetime.datetime) else cleaned
        assert EARLIEST_DATE <= as_date <= LATEST_DATE, (name, value, cleaned)


def _standalone(form_class) -> bool:
    """Whether the form can be made from its data alone (others need an actor or an object)."""
    parameters = list(inspect.signature(form_class.__init__).parameters.values())[1:]
    return all(
        p.default is not inspect.Parameter.empty
        or p.name == "data"
        or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        for p in parameters
    )


STANDALONE = [
    form
    for form in FORMS
    if _standalone(form) and any(isinstance(f, DatePartsField) for f in form.base_fields.values())
]


@pytest.mark.parametrize("form_class", STANDALONE, ids=[form.__name__ for form in STANDALONE])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=PART, month=PART, year=PART)
def test_a_whole_form_never_fails_on_its_dates(form_class, day, month, year):
    data = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, DatePartsField):
            data |= {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
    form = form_class(data=data)
    form.is_valid()  # errors are fine; an exception is not


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["1", "1", "99999999999999999999"], DATE_INVALID),
        (["99999999999999999999", "1", "2026"], DATE_INVALID),
        (["31", "2", "2026"], DATE_INVALID),
        (["1", "1", "9999"], DATE_OUT_OF_RANGE),
        (["31", "12", "1899"], DATE_OUT_OF_RANGE),
        (["١", "1", "2026"], DATE_INVALID),
    ],
)
def test_the_messages_say_what_is_wrong(parts, message):
    field = DatePartsField(label="Date of birth")
    with pytest.raises(forms.ValidationError) as error:
        field.clean(parts)
    assert error.value.messages == [message.format(label="Date of birth")]


HUGE = {"day": "1", "month": "1", "year": "99999999999999999999"}
LAST_YEAR = {"day": "31", "month": "12", "year": "9999"}


DATE_INPUT = re.compile(r'name="([\w-]+)_year"')
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)


def _date_forms(html: str) -> list[tuple[str, list[str]]]:
    """(method, date field names) of each form on the page that takes a date."""
    found = []
    for form in FORM.findall(html):
        names = DATE_INPUT.findall(form)
        if names:
            method = "get" if re.search(r'<form\b[^>]*method="get"', form, re.I) else "post"
            found.append((method, names))
    return found


@pytest.mark.django_db
def test_every_page_that_takes_a_date_answers_any_number_with_an_error_not_a_crash():
    from tests.test_access_matrix import PROTECTED, objects_of, url_for

    world = build_partnership_world("North")
    objects = objects_of(world)
    clients = []
    for role in Role:
        client, user = Client(), world.user(role.value)
        client.force_login(user)
        prove_second_factor(client, user)
        clients.append(client)
    reached = set()
    pages = [(route.name, url_for(route, objects)) for route in PROTECTED]
    # Adding an organisation asks first which part it plays (a GET form), then its dates.
    add_member = reverse("partnerships:add_member", args=[objects["partnership_pk"]])
    pages.append(("partnerships:add_member", f"{add_member}?part=host"))
    for name, url in pages:
        for client in clients:
            page = client.get(url)
            readable = page.status_code == 200 and not page.streaming
            forms_here = _date_forms(page.content.decode()) if readable else []
            if not forms_here:
                continue
            for method, names in forms_here:
                for values in (HUGE, LAST_YEAR):
                    data = {f"{n}_{part}": value for n in names for part, value in values.items()}
                    response = getattr(client, method)(url, data)
                    html = response.content.decode()
                    assert response.status_code == 200, (name, values)
                    # A filter may ignore its dates until asked to use them; a form that saves
                    # must say what is wrong (and so has saved nothing).
                    assert method == "get" or "must be" in html, (name, values)
            reached.add(name)
            break
    assert {
        "people:add",
        "consent:record",
        "referrals:new_for_person",
        "referrals:contact",
        "partnerships:add_member",
        "audit:search",
    } <= reached, sorted(reached)
