"""Equity: who is reached, by deprivation (Core20), age band, sex, ethnicity and disability."""

from django.db.models import Count, OuterRef

from hjp.geography.queries import imd_decile_subquery
from hjp.people.models import AGE_BANDS, Disability, Person, Sex, age_on
from hjp.reporting.controlled import rate_figure, series_table
from hjp.reporting.measures.reach import referrals_in
from hjp.reporting.pack import Section
from hjp.reporting.scope import ReportScope

CORE20_DECILES = (1, 2)
# The 2021 Census's five high-level ethnic groups: fine-grained groups would mostly be hidden.
ETHNIC_GROUPS = {
    "white": "White",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Other ethnic group",
}
NOT_RECORDED = "Not recorded"


def people_in(scope: ReportScope):
    """The different people referred in the period."""
    return Person.objects.filter(pk__in=referrals_in(scope).values("person_id"))


def people_by_decile(scope: ReportScope) -> dict[int | None, int]:
    rows = (
        people_in(scope)
        .annotate(decile=imd_decile_subquery(OuterRef("postcode")))
        .values("decile")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["decile"]: row["n"] for row in rows}


def _band(age: int) -> str:
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            return f"{low}+" if high is None else f"{low} to {high}"
    return NOT_RECORDED


def people_by_age_band(scope: ReportScope) -> dict[str, int]:
    """Age at the end of the period, grouped by date of birth first so the rows stay few."""
    counts: dict[str, int] = {
        f"{low}+" if high is None else f"{low} to {high}": 0 for low, high in AGE_BANDS
    }
    rows = people_in(scope).values("date_of_birth").annotate(n=Count("pk")).order_by()
    for row in rows:
        band = _band(age_on(row["date_of_birth"], scope.end))
        counts[band] = counts.get(band, 0) + row["n"]
    return {band: n for band, n in counts.items() if n}


def _by_field(scope: ReportScope, field: str, labels) -> dict[str, int]:
    rows = people_in(scope).values(field).annotate(n=Count("pk")).order_by(field)
    counts: dict[str, int] = {}
    for row in rows:
        label = labels(row[field]) if callable(labels) else labels.get(row[field])
        label = label or NOT_RECORDED
        counts[label] = counts.get(label, 0) + row["n"]
    return counts


def _ethnic_group(value: str) -> str:
    if not value:
        return NOT_RECORDED
    if value == "prefer_not_to_say":
        return "Prefer not to say"
    return ETHNIC_GROUPS.get(value.split("_")[0], ETHNIC_GROUPS["other"])


def equity_section(scope: ReportScope) -> Section:
    rules = scope.rules
    deciles = people_by_decile(scope)
    everyone = sum(deciles.values())
    known = sum(n for decile, n in deciles.items() if decile is not None)
    core20 = sum(n for decile, n in deciles.items() if decile in CORE20_DECILES)
    figures = [
        rate_figure("equity.core20_share", core20, known, rules),
        rate_figure("equity.deprivation_known_share", known, everyone, rules),
    ]
    decile_counts = {
        f"Decile {d}"
        + (" (most deprived)" if d == 1 else " (least deprived)" if d == 10 else ""): deciles.get(
            d, 0
        )
        for d in range(1, 11)
    }
    decile_counts[NOT_RECORDED] = deciles.get(None, 0)
    tables = [
        series_table(
            "equity.by_imd_decile",
            "People referred by deprivation decile",
            decile_counts,
            rules,
            heading="IMD decile",
            chart=True,
        ),
        series_table(
            "equity.by_age_band",
            "People referred by age band",
            people_by_age_band(scope),
            rules,
            heading="Age band",
        ),
        series_table(
            "equity.by_sex",
            "People referred by sex",
            _by_field(scope, "sex", dict(Sex.choices)),
            rules,
            heading="Sex",
        ),
        series_table(
            "equity.by_ethnic_group",
            "People referred by ethnic group",
            _by_field(scope, "ethnicity", _ethnic_group),
            rules,
            heading="Ethnic group",
        ),
        series_table(
            "equity.by_disability",
            "People referred by disability",
            _by_field(scope, "disability", dict(Disability.choices)),
            rules,
            heading="Disabled",
        ),
    ]
    notes = [
        "Deprivation comes from the person's postcode, through the ONS postcode lookup, "
        "to the English Indices of Deprivation."
    ]
    return Section(key="equity", title="Equity", figures=figures, tables=tables, notes=notes)
