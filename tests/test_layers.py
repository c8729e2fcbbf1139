"""The layers of `hjp/`: which modules may import which, and who may write which tables.

Rules, over every module of `hjp/` except migrations, tests, `conftest.py` and the test-support
module `hjp/factories.py`:

1. Imports. No import cycles between modules. `hjp.core` imports no other app. A models module
   imports no services, views or presenters module; a services module no views or presenters
   module. An import inside a function needs an entry in `INNER_IMPORTS_ALLOWED` with its reason.
   `hjp.demo` may import every app, and nothing outside it imports it; for every other rule it
   is an ordinary app.
2. Writes. A module of one app writes no table of another app (`create`, `update`, `delete`,
   `save` and the bulk forms); that app's services do it. The demo app is the one exemption
   (`WRITE_EXEMPT_APPS`). And a `QuerySet.update()`, which skips `save()`, is made only in a
   function that records an audit event (or an `@audited_atomic` service), unless
   `UNAUDITED_UPDATES_ALLOWED` names the table and says why it needs none.

Code under `if TYPE_CHECKING:` never runs, so every rule ignores it. The checks read source
with `ast` (see `tests/architecture.py` for what that can and cannot see); each rule is shown to
catch a violation planted in a small tree under `tests/fixtures/architecture/`.
"""

import ast
import textwrap
from pathlib import Path

import pytest

from tests.architecture import (
    Allowed,
    Module,
    Project,
    Violation,
    core_imports,
    cross_app_writes,
    import_cycles,
    inner_imports,
    layer_imports,
    load_project,
    top_app_imports,
    unaudited_updates,
    unneeded,
)

ROOT = Path(__file__).resolve().parent.parent
HJP = ROOT / "hjp"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "architecture"
TEST_SUPPORT = ("hjp.factories",)

# The demo builds a whole partnership, so it is the one app that may import every other app.
TOP_APP = "demo"
# The demo goes through the services wherever it can, but writing a believable history (rows
# dated by its simulated clock) needs direct writes to other apps' tables. Nothing else may.
WRITE_EXEMPT_APPS = ("demo",)

# Imports inside a function, each with the reason it cannot sit at the top of its module.
INNER_IMPORTS_ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        "hjp.accounts.apps",
        "hjp.accounts.checks",
        "Django registers system checks when the app is ready, not when it is imported.",
    ),
    Allowed(
        "hjp.accounts.apps",
        "hjp.accounts.lockout",
        "Signal receivers connect when the app is ready, after django-axes has connected its own.",
    ),
    Allowed(
        "hjp.reporting.exports",
        "weasyprint",
        "WeasyPrint takes half a second to import; only drawing a PDF needs it.",
    ),
    Allowed(
        "hjp.reporting.exports",
        "weasyprint.urls.URLFetcher",
        "WeasyPrint takes half a second to import; only drawing a PDF needs it.",
    ),
    Allowed(
        "hjp.evidence.answer_pdf",
        "weasyprint",
        "WeasyPrint takes half a second to import; only drawing an answer's PDF needs it.",
    ),
    Allowed(
        "hjp.evidence.answer_pdf",
        "weasyprint.urls.URLFetcher",
        "WeasyPrint takes half a second to import; only drawing an answer's PDF needs it.",
    ),
)

# Tables a function may change with QuerySet.update() without recording an audit event.
UNAUDITED_UPDATES_ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        "hjp.directory.services",
        "hjp.directory.models.RefusedSelfReferrals",
        "A day's count of refused self-referral posts per service: about nobody, and the "
        "refused post stored nothing to audit.",
    ),
)

# The same lists for the planted trees, so that the clean tree can show each one at work.
FIXTURE_INNER_IMPORTS_ALLOWED = (
    Allowed(
        "hjp.people.models",
        "hjp.people.search.person_search",
        "Search builds on the model, so the model reaches it only when a search runs.",
    ),
)
FIXTURE_UNAUDITED_UPDATES_ALLOWED = (
    Allowed(
        "hjp.referrals.ratelimit",
        "hjp.referrals.models.AttemptCounter",
        "A count of attempts per hashed address: not person data, and never read as a record.",
    ),
)

STILL_BEING_FIXED = pytest.mark.xfail(
    strict=False, reason="hjp/ still breaks this rule in places; the fix is under way"
)


def check(project: Project, *, inner_allowed=(), updates_allowed=()) -> list[Violation]:
    """Every rule over one project, with the given allow-lists."""
    return sorted(
        import_cycles(project)
        + core_imports(project)
        + layer_imports(project)
        + top_app_imports(project, top_app=TOP_APP)
        + inner_imports(project, inner_allowed)
        + cross_app_writes(project, exempt_apps=WRITE_EXEMPT_APPS)
        + unaudited_updates(project, updates_allowed)
    )


def planted_tree(name: str) -> Project:
    return load_project(FIXTURES / name / "hjp", skip=TEST_SUPPORT)


def check_tree(name: str) -> list[str]:
    violations = check(
        planted_tree(name),
        inner_allowed=FIXTURE_INNER_IMPORTS_ALLOWED,
        updates_allowed=FIXTURE_UNAUDITED_UPDATES_ALLOWED,
    )
    return shown(violations)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(HJP, skip=TEST_SUPPORT)


def shown(violations: list[Violation]) -> list[str]:
    return [str(violation) for violation in violations]


# The rules over hjp/.


def test_the_checks_read_every_app_but_not_tests_migrations_or_test_support(project):
    names = set(project.modules)
    assert {
        "hjp.referrals.services.submission",
        "hjp.core.models",
        "hjp.cases.views.cases",
    } <= names
    assert not [name for name in names if ".tests." in name or ".migrations." in name]
    assert "hjp.factories" not in names
    assert len(names) > 100


def test_no_module_is_on_an_import_cycle(project):
    assert shown(import_cycles(project)) == []


def test_core_imports_no_other_app(project):
    assert shown(core_imports(project)) == []


def test_models_import_no_services_views_or_presenters_and_services_no_views_or_presenters(
    project,
):
    assert shown(layer_imports(project)) == []


def test_nothing_outside_the_demo_imports_the_demo(project):
    assert shown(top_app_imports(project, top_app=TOP_APP)) == []


def test_every_import_inside_a_function_is_on_the_allow_list(project):
    assert shown(inner_imports(project, INNER_IMPORTS_ALLOWED)) == []


def test_no_module_writes_another_apps_tables(project):
    assert shown(cross_app_writes(project, exempt_apps=WRITE_EXEMPT_APPS)) == []


def test_every_queryset_update_records_an_audit_event(project):
    assert shown(unaudited_updates(project, UNAUDITED_UPDATES_ALLOWED)) == []


def test_every_allow_list_entry_still_excuses_something(project):
    assert unneeded(INNER_IMPORTS_ALLOWED, inner_imports(project)) == []
    assert unneeded(UNAUDITED_UPDATES_ALLOWED, unaudited_updates(project)) == []


@pytest.mark.parametrize(
    "entry",
    [
        *INNER_IMPORTS_ALLOWED,
        *UNAUDITED_UPDATES_ALLOWED,
        *FIXTURE_INNER_IMPORTS_ALLOWED,
        *FIXTURE_UNAUDITED_UPDATES_ALLOWED,
    ],
    ids=lambda entry: f"{entry.module}:{entry.name}",
)
def test_every_allow_list_entry_gives_its_reason_in_a_sentence(entry):
    assert entry.reason[:1].isupper() and entry.reason.endswith("."), entry


# The checks, each shown to catch one planted violation.

PLANTED = {
    "import_cycle": "hjp/consent/models.py:3 imports hjp.people.models: in the import cycle "
    "hjp.consent.models -> hjp.people.models -> hjp.consent.models",
    "core_imports_an_app": "hjp/core/navigation.py:3 imports hjp.accounts.models: "
    "core may import only core",
    "models_import_services": "hjp/people/models.py:3 imports hjp.consent.services: "
    "a models module may not import a services module",
    "services_import_views": "hjp/people/services.py:3 imports hjp.people.views: "
    "a services module may not import a views module",
    "import_inside_a_function": "hjp/referrals/services.py:5 imports "
    "hjp.people.models.ContactMethod inside a function",
    "demo_imported": "hjp/people/views.py:3 imports hjp.demo.world: "
    "nothing outside hjp.demo may import it",
    "cross_app_create": "hjp/referrals/services.py:9 writes hjp.cases.models.Case with "
    ".create(): another app's table, written only through hjp.cases.services",
    "cross_app_update": "hjp/referrals/services.py:8 writes hjp.cases.models.Case with "
    ".update(): another app's table, written only through hjp.cases.services",
    "cross_app_delete": "hjp/referrals/views.py:10 writes hjp.cases.models.Case with "
    ".delete(): another app's table, written only through hjp.cases.services",
    "cross_app_save": "hjp/referrals/services.py:9 writes hjp.people.models.Person with "
    ".save(): another app's table, written only through hjp.people.services",
    "unaudited_update": "hjp/people/services.py:8 updates hjp.people.models.PersonShare with "
    "QuerySet.update() and records no audit event",
}


@pytest.mark.parametrize(("tree", "expected"), PLANTED.items(), ids=list(PLANTED))
def test_the_checks_report_exactly_the_violation_planted_in_a_tree(tree, expected):
    assert check_tree(tree) == [expected]


def test_the_checks_report_nothing_in_the_clean_tree():
    assert check_tree("clean") == []


def test_the_clean_tree_needs_each_of_its_allow_list_entries():
    clean = planted_tree("clean")
    assert unneeded(FIXTURE_INNER_IMPORTS_ALLOWED, inner_imports(clean)) == []
    assert unneeded(FIXTURE_UNAUDITED_UPDATES_ALLOWED, unaudited_updates(clean)) == []


def test_the_clean_tree_breaks_the_write_rules_only_where_the_demo_is_exempt():
    reported = cross_app_writes(planted_tree("clean"))
    assert {violation.module for violation in reported} == {"hjp.demo.world"}


def one_module(source: str) -> Project:
    """A project of one referrals module, beside a cases models module it may import."""
    tree = ast.parse(textwrap.dedent(source))
    module = Module("hjp.referrals.services", "hjp/referrals/services.py", tree, False)
    return Project("hjp", {module.name: module}, frozenset({module.name, "hjp.cases.models"}))


SEEN_WRITES = {
    "parameter annotated with the model": "def close(case: Case):\n    case.save()\n",
    "annotation in a string": "def close(case: 'Case | None'):\n    case.save()\n",
    "loop over an annotated list": (
        "def close(cases: list[Case]):\n    for case in cases:\n        case.save()\n"
    ),
    "either of two values": (
        "def close(cached):\n    case = cached or Case.objects.first()\n    case.save()\n"
    ),
    "first of a tuple": (
        "def close():\n    case, created = Case.objects.get_or_create(pk=1)\n    case.delete()\n"
    ),
    "named expression": "def close():\n    if case := Case.objects.last():\n        case.save()\n",
    "item of a queryset": "def close():\n    cases = Case.objects.all()\n    cases[0].save()\n",
    "chained queryset": (
        "def close():\n    Case.objects.visible_to(None).filter(pk=1).bulk_update([], [])\n"
    ),
    "manager method": "def close():\n    Case.objects.update_or_create(pk=1)\n",
    "new instance": "def close():\n    Case(pk=1).save()\n",
}


@pytest.mark.parametrize("source", SEEN_WRITES.values(), ids=list(SEEN_WRITES))
def test_each_way_a_name_comes_to_hold_another_apps_rows_is_seen(source):
    project = one_module("from hjp.cases.models import Case\n\n" + source)
    last_line = 2 + source.count("\n")
    reported = {(v.line, v.subject) for v in cross_app_writes(project)}
    assert (last_line, "hjp.cases.models.Case") in reported


UNSEEN_WRITES = {
    "through a field": "def close(referral):\n    referral.case.save()\n",
    "through a form": "def close(form):\n    form.save()\n",
    "on a dict": "def close(details: dict):\n    details.update(Case=1)\n",
}


@pytest.mark.parametrize("source", UNSEEN_WRITES.values(), ids=list(UNSEEN_WRITES))
def test_rows_reached_through_a_field_or_a_form_are_not_attributed_to_a_model(source):
    project = one_module("from hjp.cases.models import Case\n\n" + source)
    assert cross_app_writes(project) == []


def test_every_planted_tree_is_checked():
    trees = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert trees == {*PLANTED, "clean"}


def test_no_planted_file_is_one_pytest_would_collect():
    names = {path.name for path in FIXTURES.rglob("*.py")}
    assert not [name for name in names if name.startswith("test_") or name == "conftest.py"]
