"""Guards that keep person-level data behind scoped querysets."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

HJP = Path(__file__).resolve().parent.parent / "hjp"


def person_level_models() -> list[type[models.Model]]:
    """Models holding data about a person: Person itself and anything pointing at a person."""
    found = []
    for model in apps.get_app_config("people").get_models():
        found.append(model)
    for model in apps.get_models():
        if not model.__module__.startswith("hjp."):
            continue
        points_at_person = any(
            isinstance(f, models.ForeignKey) and f.related_model._meta.label == "people.Person"
            for f in model._meta.get_fields()
        ) or any(f.name == "person_id" for f in model._meta.concrete_fields)
        if points_at_person and model not in found:
            found.append(model)
    # One step further: rows that belong to a person-level row (a referral's events, a consent's
    # scope) say as much about the person.
    for model in apps.get_models():
        if (
            model.__module__.startswith("hjp.")
            and model not in found
            and any(
                isinstance(f, models.ForeignKey) and f.related_model in found
                for f in model._meta.get_fields()
            )
        ):
            found.append(model)
    return found


def view_modules() -> list[Path]:
    modules = list(HJP.glob("*/views.py")) + list(HJP.glob("*/views/*.py"))
    modules += list(HJP.glob("*/api.py")) + list(HJP.glob("api/**/*.py"))
    return [m for m in modules if "tests" not in m.parts]


def unscoped_uses(source: str, model_names: set[str]) -> list[int]:
    """Line numbers where `<Model>.objects` is used without `.visible_to(` directly after it."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in model_names
        ):
            parent = parents.get(node)
            # visible_to, or one side of it (received_and_visible_to, sent_and_visible_to).
            if not (isinstance(parent, ast.Attribute) and parent.attr.endswith("visible_to")):
                lines.append(node.lineno)
    return lines


def test_every_person_level_model_has_a_visible_to_queryset():
    missing = [
        m._meta.label
        for m in person_level_models()
        if not hasattr(m._default_manager, "visible_to")
    ]
    assert missing == []


def test_the_guard_catches_an_unscoped_query():
    source = "def v(request):\n    return Person.objects.filter(pk=1)\n"
    assert unscoped_uses(source, {"Person"}) == [2]
    scoped = "def v(request):\n    return Person.objects.visible_to(request.user).filter(pk=1)\n"
    assert unscoped_uses(scoped, {"Person"}) == []
    one_side = "def v(request):\n    return Referral.objects.received_and_visible_to(a)\n"
    assert unscoped_uses(one_side, {"Referral"}) == []


@pytest.mark.parametrize("module", view_modules(), ids=lambda p: str(p.relative_to(HJP)))
def test_no_view_module_queries_a_person_level_model_without_visible_to(module):
    names = {m.__name__ for m in person_level_models()}
    assert unscoped_uses(module.read_text(), names) == [], (
        f"{module.relative_to(HJP)} reads person-level data without visible_to(actor)"
    )


def presenter_modules() -> list[Path]:
    modules = list(HJP.glob("*/presenters.py")) + list(HJP.glob("*/presenters/*.py"))
    return [m for m in modules if "tests" not in m.parts]


@pytest.mark.parametrize("module", presenter_modules(), ids=lambda p: str(p.relative_to(HJP)))
def test_no_presenter_module_queries_a_person_level_model_without_visible_to(module):
    names = {m.__name__ for m in person_level_models()}
    assert unscoped_uses(module.read_text(), names) == [], (
        f"{module.relative_to(HJP)} reads person-level data without visible_to(actor)"
    )


def test_there_are_view_modules_to_guard():
    assert len(view_modules()) >= 5


def test_there_are_presenter_modules_to_guard():
    assert any("referrals/presenters" in str(m) for m in presenter_modules())
