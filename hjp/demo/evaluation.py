"""What the demo partnership's evaluation rests on: its funding, in-kind support and goals, and
synthetic deprivation data for the demo's postcodes, loaded through the real import commands.

The deprivation files are written in the published formats by `hjp.geography.samples` and read
by the same import functions an operator runs on the government's files. Postcode districts in
the inner east and south of the demo city are among the most deprived in England, the northern
suburbs among the least, roughly as in the city the demo is modelled on.
"""

import datetime
import hashlib
import tempfile
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from hjp.demo.world import DemoWorld, acting
from hjp.geography.imports import import_imd, import_postcode_lsoa
from hjp.geography.samples import rank_for_decile, write_imd_sample, write_postcode_sample
from hjp.partnerships.models import FundingStream
from hjp.partnerships.services import add_funding_stream, add_in_kind_support, set_goal
from hjp.people.models import Person

COORDINATOR = ("Leanne Proctor", "kirkgateadvice")
VINTAGE = "IoD2025 (synthetic, for the demo)"
# The decile (1 = most deprived) around which each LS district's areas lie.
DISTRICT_DECILES = {
    1: 4, 2: 5, 3: 4, 4: 3, 5: 6, 6: 4, 7: 3, 8: 1, 9: 1, 10: 2, 11: 1, 12: 2, 13: 3, 14: 1,
    15: 3, 16: 8, 17: 9, 18: 8, 19: 8, 20: 9, 21: 10, 25: 5, 26: 4, 27: 6, 28: 5, 29: 9,
}  # fmt: skip

# title | measure | baseline | target | unit
GOALS = [
    ("Reach more patients", "reach.referrals", Decimal(600), Decimal(900), "count"),
    (
        "Contact people quickly",
        "timeliness.first_contact_within_target",
        Decimal(70),
        Decimal(85),
        "percent",
    ),
    (
        "Put money in patients' pockets",
        "outcomes.client_financial_gain",
        None,
        Decimal(1_000_000),
        "pounds",
    ),
    ("Reach the most deprived areas", "equity.core20_share", Decimal(40), Decimal(50), "percent"),
]


def _financial_year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def ensure_funding_and_goals(world: DemoWorld) -> None:
    """Two funding streams, in-kind support and four goals, the first time the demo loads."""
    if FundingStream.objects.filter(partnership=world.partnership).exists():
        return
    coordinator = acting(world, *COORDINATOR)
    icb = world.organisations["leodisicb"]
    year = _financial_year_start(timezone.localdate())
    last_year = year.replace(year=year.year - 1)
    for name, pence, start, purpose in [
        ("Core health justice partnership grant", 7_800_000, last_year, ""),
        (
            "Health inequalities fund: advice on the wards",
            2_400_000,
            year,
            "Welfare benefits advice for patients on the hospital wards, to help discharge",
        ),
    ]:
        add_funding_stream(
            world.partnership,
            by=coordinator,
            funder=icb,
            name=name,
            amount_pence=pence,
            start_date=start,
            end_date=start.replace(year=start.year + 2) - datetime.timedelta(days=1),
            reporting_duties="Quarterly report pack to the ICB's health inequalities board",
            restricted_purpose=purpose,
        )
    for key, kind, description, pence in [
        ("chapelfold", "space", "A consulting room two mornings a week", 360_000),
        ("leodishospitals", "administration", "Ward clerks book the adviser's slots", 240_000),
        ("leodisicb", "it", "Laptops and NHS network access for the advisers", 150_000),
    ]:
        add_in_kind_support(
            world.partnership,
            by=coordinator,
            organisation=world.organisations[key],
            kind=kind,
            description=description,
            notional_value_pence=pence,
            start_date=last_year,
            end_date=year.replace(year=year.year + 1) - datetime.timedelta(days=1),
        )
    for title, measure, baseline, target, unit in GOALS:
        set_goal(
            world.partnership,
            by=coordinator,
            title=title,
            measure=measure,
            baseline=baseline,
            target=target,
            unit=unit,
            stated_on=last_year,
        )


def _district(postcode: str) -> int | None:
    outward = postcode.split(" ")[0]
    digits = outward[2:] if outward.startswith("LS") else ""
    return int(digits) if digits.isdigit() else None


def _lsoa(district: int, number: int) -> tuple[str, str, int]:
    """Three areas per district, a decile either side of the district's own."""
    base = DISTRICT_DECILES.get(district, 5)
    decile = min(10, max(1, base + (number - 1)))
    return f"E0101{district:02d}{number:02d}", f"Leeds {district:03d}{'ABC'[number]}", decile


def load_deprivation(world: DemoWorld) -> None:
    """Write and import deprivation files for every postcode the demo's people and sites use."""
    postcodes = set(Person.objects.exclude(postcode="").values_list("postcode", flat=True))
    postcodes |= {site.postcode for site in world.sites.values() if site.postcode}
    lsoas, rows = {}, []
    for postcode in sorted(postcodes):
        district = _district(postcode)
        if district is None:
            continue
        number = int(hashlib.sha256(postcode.encode()).hexdigest(), 16) % 3
        code, name, decile = _lsoa(district, number)
        lsoas[code] = (code, name, "E08000035", "Leeds", rank_for_decile(decile, district), decile)
        rows.append((postcode, code))
    with tempfile.TemporaryDirectory(prefix="hjp-demo-deprivation-") as folder:
        imd = write_imd_sample(Path(folder) / "File_7_IoD2025_demo.csv", list(lsoas.values()))
        lookup = write_postcode_sample(Path(folder) / "PCD_OA21_LSOA21_demo.csv", rows)
        import_imd(imd, vintage=VINTAGE)
        import_postcode_lsoa(lookup, vintage=VINTAGE)
