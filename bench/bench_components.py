"""Component benchmark: the NHS.UK component macros rendered by nhsuk-frontend-jinja's own
templates and by the project's Python renderers (hjp/core/components/), in this process.

No database and no server: Django is set up only to build the project's Jinja2 environment
(with the test settings unless DJANGO_SETTINGS_MODULE names others). See bench/README.md.

    python -m bench                              # every benchmark (make bench)
    python -c "import bench.bench_components as b; b.main()"
"""

import os
import statistics
import time
import timeit
from dataclasses import dataclass
from pathlib import Path

from bench import _support as support
from bench._support import Figure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "components.json"
ROUNDS = 5  # each round renders enough times to take at least 0.2 s
BUSY = 0.10  # share of the CPUs other processes may use before the figures are in doubt
REFERENCE = "PackageLoader('nhsuk_frontend_jinja'), autoescape on, ChainableUndefined"

MACROS = {
    "tag": "tag",
    "input": "input",
    "textarea": "textarea",
    "select": "select",
    "radios": "radios",
    "checkboxes": "checkboxes",
    "summary-list": "summaryList",
}
# The advice areas question of the referral form (referrals/submit/_details_fields.jinja): a
# checkbox per area, each revealing a small checkbox group of the area's kinds of problem.
ADVICE_AREAS = """
{%- from "nhsuk/components/checkboxes/macro.jinja" import checkboxes -%}
{%- set area_items = [] -%}
{%- for item in areas -%}
  {%- set topics_html -%}
    {{ checkboxes({
      "idPrefix": "id_advice_topics_" ~ item.value,
      "name": "advice_topics",
      "classes": "nhsuk-checkboxes--small",
      "fieldset": {"legend": {"text": "What kind of " ~ (item.text | lower) ~ " problem?",
                              "size": "s"}},
      "items": topics[item.value]
    }) }}
  {%- endset -%}
  {%- do area_items.append(dict(item, conditional={"html": topics_html})) -%}
{%- endfor -%}
{{ checkboxes({
  "idPrefix": "id_advice_areas",
  "name": "advice_areas",
  "fieldset": {"legend": {"text": "What do they need help with?", "size": "m"}},
  "hint": {"text": "Select all that apply"},
  "items": area_items,
  "errorMessage": None
}) }}
"""


@dataclass
class Case:
    """One thing timed: a template making `calls` macro calls in each render."""

    name: str
    data_size: str
    template: str
    context: dict
    calls: int = 1


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    """Time each component both ways, print the table and write the results file."""
    environments = _environments()
    watch = support.CpuWatch("hjp_bench_components")
    figures, timings = [], {}
    for case in _cases():
        per_call, renders = {}, {}
        for side, environment in environments.items():
            compiled = environment.from_string(case.template)
            if side == "project":
                _check_fast_path(environment, compiled, case.context)
            seconds, renders[side] = _time(compiled, case.context)
            per_call[side] = seconds / case.calls
        timings[case.name] = {side: round(seconds * 1e6, 2) for side, seconds in per_call.items()}
        figures.append(
            Figure(
                case.name,
                per_call["project"] * 1000,
                "ms per call",
                f"{case.data_size}; {_calls_timed(case, renders)}",
                reference_name="reference macro",
                reference_value=per_call["reference"] * 1000,
                reference_unit="ms",
                note="median of the rounds, the project's environment taking the fast path",
            )
        )
    others = watch.others()
    say(support.format_table(figures))
    if others["share"] > BUSY:
        say(f"Warning: other processes used {others['share']:.0%} of the CPUs: run it again.")
    environment = {
        "machine": support.machine(),
        "method": (
            "each template compiled once per environment and rendered in this process; "
            f"{ROUNDS} rounds of as many renders as take at least 0.2 s (timeit's autorange), "
            "median round divided by the macro calls it made"
        ),
        "reference_environment": REFERENCE,
        "per_call_microseconds": timings,
        "cpu_used_by_other_processes": round(others["share"], 3),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    support.write_results(RESULTS, benchmark="components", environment=environment, figures=figures)
    say(f"\nWrote {RESULTS.relative_to(ROOT)}")


def _calls_timed(case: Case, renders: dict) -> str:
    calls = {side: ROUNDS * count * case.calls for side, count in renders.items()}
    return f"{calls['project']:,} calls timed ({calls['reference']:,} of the reference)"


def _environments() -> dict:
    """The reference environment (only the package's templates) and the project's."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjp.config.test_settings")
    import django

    django.setup()
    from django.template import engines
    from jinja2 import ChainableUndefined, Environment, PackageLoader

    reference = Environment(
        loader=PackageLoader("nhsuk_frontend_jinja"),
        autoescape=True,
        undefined=ChainableUndefined,
        extensions=["jinja2.ext.do"],
    )
    return {"reference": reference, "project": engines["jinja2"].env}


def _time(template, context: dict) -> tuple[float, int]:
    """Seconds per render (the median round's) and the renders in each round."""
    template.render(context)  # the first render loads and compiles the macros' templates
    timer = timeit.Timer(lambda: template.render(context))
    renders, _ = timer.autorange()
    rounds = timer.repeat(repeat=ROUNDS, number=renders)
    return statistics.median(rounds) / renders, renders


def _check_fast_path(environment, template, context: dict) -> None:
    """Refuse to time the project's side if it renders any of the original templates."""
    loaded = []
    get_template = environment.get_template

    def spy(name, *args, **kwargs):
        loaded.append(name)
        return get_template(name, *args, **kwargs)

    environment.get_template = spy
    try:
        template.render(context)
    finally:
        del environment.get_template
    fallbacks = [name for name in loaded if name.startswith("nhsuk-reference/")]
    if fallbacks:
        raise RuntimeError(f"the fast path was not taken: {fallbacks}")


def _calls(component: str, calls: int) -> str:
    """A template that imports the macro once and calls it `calls` times, as a page would."""
    macro = MACROS[component]
    return (
        f'{{% from "nhsuk/components/{component}/macro.jinja" import {macro} %}}'
        f"{{% for _ in range({calls}) %}}{{{{ {macro}(params) }}}}{{% endfor %}}"
    )


def _items(count: int, *, hints: bool = False) -> list[dict]:
    """Items as hjp.core.forms.choice_items makes them, the second one chosen."""
    items = []
    for number in range(1, count + 1):
        item = {"value": f"choice{number}", "text": f"Choice {number}", "checked": number == 2}
        if hints:
            item["hint"] = {"text": f"What choice {number} covers, in a sentence"}
        items.append(item)
    return items


def _case(component: str, data_size: str, params: dict, calls: int) -> Case:
    return Case(component, data_size, _calls(component, calls), {"params": params}, calls)


def _cases() -> list[Case]:
    from hjp.referrals.topics import ADVICE_TOPICS

    areas = [{"value": area, "text": area.label, "checked": False} for area in ADVICE_TOPICS]
    topics = {
        area: [{"value": code, "text": text, "checked": False} for code, text in pairs]
        for area, pairs in ADVICE_TOPICS.items()
    }
    topic_count = sum(len(pairs) for pairs in ADVICE_TOPICS.values())
    legend = {"text": "Which of these?", "size": "m"}
    field = {
        "label": {"text": "Given name"},
        "hint": {"text": "As on their GP record"},
        "id": "id_given_name",
        "name": "given_name",
        "value": "Sam",
    }
    checkboxes = {
        "idPrefix": "id_topics",
        "name": "topics",
        "fieldset": {"legend": legend},
        "hint": {"text": "Select all that apply"},
        "items": _items(40, hints=True),
    }
    radios = {
        "idPrefix": "id_urgency",
        "name": "urgency",
        "classes": "nhsuk-radios--inline",
        "fieldset": {"legend": legend},
        "items": _items(5),
    }
    options = [{"value": f"s{n}", "text": f"Site {n}", "selected": n == 3} for n in range(1, 11)]
    select = {"id": "id_site", "name": "site", "label": {"text": "Site"}, "items": options}
    textarea = {**field, "value": "First line\nSecond line\nThird line", "rows": 6}
    summary_rows = [
        {
            "key": {"text": f"Question {number}"},
            "value": {"text": f"Answer {number}"},
            "actions": {
                "items": [
                    {"href": f"/edit#q{number}", "text": "Change", "visuallyHiddenText": "it"}
                ]
            },
        }
        for number in range(1, 9)
    ]
    summary = {"card": {"heading": "Identity"}, "rows": summary_rows}
    return [
        _case("checkboxes", "40 items, each with a hint, in a fieldset", checkboxes, calls=1),
        _case("radios", "5 items, inline, in a fieldset", radios, calls=10),
        _case("select", "10 options, with a label", select, calls=10),
        _case("input", "label, hint and value", field, calls=10),
        _case("textarea", "label, hint and a 3-line value", textarea, calls=10),
        _case("tag", "a status tag", {"text": "New", "classes": "nhsuk-tag--blue"}, calls=20),
        _case("summary-list", "8 rows with a Change link each, in a card", summary, calls=4),
        Case(
            "referral form advice areas",
            f"{len(areas)} areas, {topic_count} kinds of problem in nested checkboxes "
            f"(a call is the whole question: {len(areas) + 1} checkboxes calls)",
            ADVICE_AREAS,
            {"areas": areas, "topics": topics},
        ),
    ]
