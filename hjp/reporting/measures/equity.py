"""Equity: who is reached, by deprivation (Core20), age band, sex, ethnicity and disability."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Case, CharField, Value, When

from hjp.geography.models import DeprivationArea, PostcodeArea
from hjp.people.models import AGE_BANDS, Disability, Person, Sex
from hjp.reporting.controlled import rate_figure, series_table
from hjp.reporting.measures.referral_facts import referrals_in
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
PERSON_DIMENSIONS = ("decile", "age_band", "sex", "ethnicity", "disability")


def band_label(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low} to {high}"


def age_band_on(day: datetime.date) -> Case:
    """The person's age band on `day`, worked out in the database from the date of birth."""
    whens = []
    for low, high in AGE_BANDS:
        if high is None:
            continue
        # Aged `high` or under on `day`: born after the day `high + 1` years before it.
        whens.append(
            When(
                date_of_birth__gt=day - relativedelta(years=high + 1),
                then=Value(band_label(low, high)),
            )
        )
    last_low, _ = AGE_BANDS[-1]
    return Case(*whens, default=Value(band_label(last_low, None)), output_field=CharField())


@dataclass
class PeopleFacts:
    """The period's people referred, counted by each dimension the equity figures show."""

    total: int = 0
    by: dict[str, Counter] = field(
        default_factory=lambda: {d: Counter() for d in PERSON_DIMENSIONS}
    )


def people_in(scope: ReportScope):
    """The different people referred in the period."""
    return Person.objects.filter(pk__in=referrals_in(scope).values("person_id"))


def people_facts(scope: ReportScope) -> PeopleFacts:
    """One statement: the people referred, grouped by decile, age band, sex, ethnicity and
    disability (a few hundred rows, whatever the number of people).

    The ORM writes the people's query; the deciles are joined to it in plain SQL (a postcode
    is not a foreign key), so the database joins once instead of looking up each person.
    """
    people, parameters = (
        people_in(scope)
        .annotate(age_band=age_band_on(scope.end))
        .values("postcode", "age_band", "sex", "ethnicity", "disability")
        .order_by()
        .query.sql_with_params()
    )
    postcodes, areas = PostcodeArea._meta.db_table, DeprivationArea._meta.db_table
    # Table names from the models and the ORM's own SQL with its parameters: nothing typed.
    sql = (
        "SELECT area.imd_decile, person.age_band, person.sex, person.ethnicity, "  # noqa: S608
        "person.disability, COUNT(*) "
        f"FROM ({people}) person "
        f"LEFT JOIN {postcodes} lookup ON lookup.postcode = person.postcode "
        f"LEFT JOIN {areas} area ON area.lsoa_code = lookup.lsoa_code "
        "GROUP BY area.imd_decile, person.age_band, person.sex, person.ethnicity, "
        "person.disability"
    )
    facts = PeopleFacts()
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        for *values, n in cursor.fetchall():
            facts.total += n
            for dimension, value in zip(PERSON_DIMENSIONS, values, strict=True):
                facts.by[dimension][value] += n
    return facts


def _named(counts: Counter, labels) -> dict[str, int]:
    named: dict[str, int] = {}
    for key in sorted(counts, key=lambda k: (k in (None, ""), str(k))):
        label = labels(key) if callable(labels) else labels.get(key)
        label = label or NOT_RECORDED
        named[label] = named.get(label, 0) + counts[key]
    return named


def ethnic_group(value: str) -> str:
    if not value:
        return NOT_RECORDED
    if value == "prefer_not_to_say":
        return "Prefer not to say"
    return ETHNIC_GROUPS.get(value.split("_")[0], ETHNIC_GROUPS["other"])


def people_by_age_band(facts: PeopleFacts) -> dict[str, int]:
    order = [band_label(low, high) for low, high in AGE_BANDS]
    return {band: facts.by["age_band"][band] for band in order if facts.by["age_band"][band]}


def decile_counts(facts: PeopleFacts) -> dict[str, int]:
    deciles = facts.by["decile"]
    counts = {}
    for decile in range(1, 11):
        suffix = " (most deprived)" if decile == 1 else " (least deprived)" if decile == 10 else ""
        counts[f"Decile {decile}{suffix}"] = deciles.get(decile, 0)
    counts[NOT_RECORDED] = deciles.get(None, 0)
    return counts


def equity_section(scope: ReportScope, facts: PeopleFacts) -> Section:
    rules = scope.rules
    deciles = facts.by["decile"]
    known = sum(n for decile, n in deciles.items() if decile is not None)
    core20 = sum(n for decile, n in deciles.items() if decile in CORE20_DECILES)
    figures = [
        rate_figure("equity.core20_share", core20, known, rules),
        rate_figure("equity.deprivation_known_share", known, facts.total, rules),
    ]
    tables = [
        series_table(
            "equity.by_imd_decile",
            "People referred by deprivation decile",
            decile_counts(facts),
            rules,
            heading="IMD decile",
            chart=True,
        ),
        series_table(
            "equity.by_age_band",
            "People referred by age band",
            people_by_age_band(facts),
            rules,
            heading="Age band",
        ),
        series_table(
            "equity.by_sex",
            "People referred by sex",
            _named(facts.by["sex"], dict(Sex.choices)),
            rules,
            heading="Sex",
        ),
        series_table(
            "equity.by_ethnic_group",
            "People referred by ethnic group",
            _named(facts.by["ethnicity"], ethnic_group),
            rules,
            heading="Ethnic group",
        ),
        series_table(
            "equity.by_disability",
            "People referred by disability",
            _named(facts.by["disability"], dict(Disability.choices)),
            rules,
            heading="Disabled",
        ),
    ]
    notes = [
        "Deprivation comes from the person's postcode, through the ONS postcode lookup, "
        "to the English Indices of Deprivation. Ages are on the last day of the period."
    ]
    return Section(key="equity", title="Equity", figures=figures, tables=tables, notes=notes)
