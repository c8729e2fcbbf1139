"""The documentation says what the code does: commands, roles, settings, decision records and
the mutation run."""

import re
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from hjp.accounts.models import Role
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.referrals.status import REASON_REQUIRED, TRANSITIONS, Reason, Side, Status
from hjp.referrals.views.public import MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ADR_HEADINGS = ["Status", "Context", "Decision", "Consequences"]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
ENVIRONMENT_VARIABLE = re.compile(
    r"""(?:os\.environ\.get|env_flag|env_list)\(\s*["']([A-Z0-9_]+)["']"""
)


def documentation_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def marked_block(text: str, name: str) -> str:
    """The text between `<!-- name:start -->` and `<!-- name:end -->`."""
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert match, f"no <!-- {name}:start --> ... <!-- {name}:end --> block"
    return match.group(1)


def table_rows(block: str) -> list[list[str]]:
    """The cells of a markdown table, header first, without the divider row."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in block.splitlines()
        if line.strip().startswith("|")
    ]
    return [row for row in rows if not all(set(cell) <= set("-: ") for cell in row)]


def roles_table() -> str:
    """The roles table as docs/access-control.md must show it, generated from ROLE_PERMISSIONS."""
    header = ["Permission", *(role.label for role in Role)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for permission in Permission:
        cells = ["Yes" if role in ROLE_PERMISSIONS[permission] else "No" for role in Role]
        lines.append("| " + " | ".join([f"`{permission.value}`", *cells]) + " |")
    return "\n".join(lines) + "\n"


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings."""
    headings = re.findall(r"^#+ (.+)$", path.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def status_cell(status: str) -> str:
    return f"{Status(status).label} (`{Status(status).value}`)"


def transitions_table() -> str:
    """The status table as docs/referrals.md must show it, generated from TRANSITIONS."""
    order = list(Status)
    lines = [
        "| From | To | Referring organisation | Receiving service |",
        "|---|---|---|---|",
    ]
    for current, target in sorted(
        TRANSITIONS, key=lambda edge: (order.index(edge[0]), order.index(edge[1]))
    ):
        sides = TRANSITIONS[(current, target)]
        cells = [
            status_cell(current),
            status_cell(target),
            "Yes" if Side.REQUESTER in sides else "No",
            "Yes" if Side.RECEIVER in sides else "No",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def test_every_manage_py_command_the_documentation_names_exists():
    commands = set(get_commands())
    named = {
        (path.relative_to(ROOT).as_posix(), command)
        for path in documentation_files()
        for command in re.findall(r"manage\.py\s+([a-z_]+)", path.read_text())
    }
    assert named, "the documentation names no manage.py command at all"
    missing = sorted((path, command) for path, command in named if command not in commands)
    assert missing == []


def test_the_access_control_roles_table_matches_role_permissions():
    block = marked_block((DOCS / "access-control.md").read_text(), "roles-table")
    header, *rows = table_rows(block)
    documented = {
        row[0].strip("`"): {
            label for label, cell in zip(header[1:], row[1:], strict=True) if cell == "Yes"
        }
        for row in rows
    }
    expected = {
        permission.value: {role.label for role in ROLE_PERMISSIONS[permission]}
        for permission in Permission
    }
    assert header[1:] == [role.label for role in Role], f"use this table:\n{roles_table()}"
    assert documented == expected, f"use this table:\n{roles_table()}"


def test_every_environment_variable_the_settings_read_is_documented_and_no_other():
    read = set(ENVIRONMENT_VARIABLE.findall((ROOT / "hjp" / "config" / "settings.py").read_text()))
    block = marked_block((DOCS / "operations.md").read_text(), "environment-table")
    _, *rows = table_rows(block)
    documented = {row[0].strip("`") for row in rows}
    assert read, "found no environment variables in settings.py"
    assert sorted(read - documented) == [], "read by settings.py but not documented"
    assert sorted(documented - read) == [], "documented but not read by settings.py"


def test_the_readme_names_every_environment_variable_production_requires():
    readme = (ROOT / "README.md").read_text()
    required = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]
    assert [name for name in required if name not in readme] == []


def test_every_decision_record_has_status_context_decision_and_consequences():
    records = sorted((DOCS / "adr").glob("*.md"))
    assert records, "docs/adr holds no decision records"
    for record in records:
        assert re.fullmatch(r"\d{3}-[a-z0-9-]+\.md", record.name), record.name
        text = record.read_text()
        assert text.startswith("# "), f"{record.name} has no title"
        headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
        assert headings[: len(ADR_HEADINGS)] == ADR_HEADINGS, record.name


def test_decision_records_are_numbered_without_gaps_or_repeats():
    numbers = sorted(int(record.name[:3]) for record in (DOCS / "adr").glob("*.md"))
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_licence_is_the_gnu_affero_general_public_license_version_3():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.split()[:4] == ["GNU", "AFFERO", "GENERAL", "PUBLIC"]
    assert "Version 3, 19 November 2007" in licence
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in licence
    assert 'license = "AGPL-3.0-or-later"' in (ROOT / "pyproject.toml").read_text()


def test_the_referral_status_table_matches_the_transitions_exactly():
    block = marked_block((DOCS / "referrals.md").read_text(), "transitions-table")
    assert table_rows(block) == table_rows(transitions_table()), (
        f"use this table:\n{transitions_table()}"
    )


def test_the_referral_guide_lists_every_coded_reason_and_where_one_is_required():
    guide = (DOCS / "referrals.md").read_text()
    missing = [
        reason.value for reason in Reason if f"| {reason.label} | `{reason.value}` |" not in guide
    ]
    assert missing == [], "add a row '| <label> | `<code>` |' to the reasons table"
    sentence = re.search(r"Moving to (.+?) needs a coded reason", guide, re.DOTALL)
    assert sentence, "docs/referrals.md no longer says which moves need a reason"
    named = re.findall(r"`([a-z-]+)`", sentence.group(1))
    assert sorted(named) == sorted(status.value for status in REASON_REQUIRED)


def test_the_documented_self_referral_limits_are_the_ones_the_code_applies():
    guide = (DOCS / "referrals.md").read_text()
    operations = (DOCS / "operations.md").read_text()
    size = f"{MAX_BODY_BYTES // 1024} kB"
    assert f"**{size}** ({MAX_BODY_BYTES:,} bytes" in guide
    per_client = settings.HJP_SELF_REFERRALS_PER_CLIENT_HOURLY
    assert f"send {per_client} self-referrals in any rolling hour" in guide
    assert f"{per_client} self-referrals per client per rolling hour" in operations
    assert f"**{settings.HJP_SELF_REFERRALS_PER_SERVICE_HOURLY} an hour**" in guide
    assert f"**{settings.HJP_SELF_REFERRALS_HOURLY} an hour**" in guide
    assert f"post over {size}" in operations


def test_every_relative_link_in_the_documentation_reaches_a_file_and_heading_that_exist():
    broken = []
    for path in documentation_files():
        for target in MARKDOWN_LINK.findall(path.read_text()):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            destination = (path.parent / file).resolve() if file else path
            if not destination.exists() or (
                anchor
                and destination.suffix == ".md"
                and anchor not in heading_anchors(destination)
            ):
                broken.append((path.relative_to(ROOT).as_posix(), target))
    assert broken == []


def mutation_settings() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]


def test_the_mutation_run_names_modules_and_test_files_that_exist():
    # A module pattern that matches no file would silently drop the module from the run.
    settings = mutation_settings()
    named = settings["only_mutate"] + settings["pytest_add_cli_args_test_selection"]

    assert [path for path in named if not (ROOT / path).is_file()] == []


def test_the_testing_guide_lists_exactly_the_modules_the_mutation_run_mutates():
    block = marked_block((DOCS / "testing.md").read_text(), "mutated-modules")

    listed = re.findall(r"`(hjp/[\w/]+\.py)`", block)
    assert sorted(listed) == sorted(mutation_settings()["only_mutate"])
