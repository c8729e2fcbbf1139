"""The dashboard, the funder's view and frozen packs: who may see what, and that every download
shows the same figures, never a row about a person."""

import csv
import datetime
import io
import json

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.tests.factories import case_from_referral
from hjp.outcomes.services import other
from hjp.outcomes.tests.factories import award
from hjp.reporting.models import ReportSnapshot

EIGHT = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy"]


@pytest.fixture
def year(world):
    """Nine clients each awarded £100 a week (£5,200 a year); one with a described outcome."""
    cases = [case_from_referral(world, given_name=name, family_name="Zedwhistle") for name in EIGHT]
    for case in cases:
        award(world, case.issues.first(), amount_pence=10000, frequency="weekly")
    other.record_non_financial_outcome(
        cases[0].issues.first(),
        by=world.actor("adviser"),
        kind="other",
        description="Secret free text about Ada",
        achieved_on=timezone.localdate(),
    )
    return cases


def dashboard_url(world) -> str:
    return reverse("reporting:dashboard", kwargs={"partnership_pk": world.partnership.pk})


def test_the_coordinator_sees_the_figures_with_charts_and_can_slice_them(world, login, year):
    page = login(world.user("coordinator")).get(dashboard_url(world)).content.decode()
    assert "Client financial gain" in page and "£46,800" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Site" in page and "Advice area" in page


def test_a_funder_sees_aggregates_organised_by_goals_without_slicing(world, login, year):
    page = login(world.user("funder")).get(dashboard_url(world)).content.decode()
    assert page.index("Goals") < page.index("Reach")
    assert 'name="advice_area"' not in page and 'name="site"' not in page
    assert "Zedwhistle" not in page and "Secret free text" not in page


def test_a_funder_of_another_partnership_gets_404_and_a_referrer_403(world, other_world, login):
    assert login(other_world.user("funder")).get(dashboard_url(world)).status_code == 404
    assert login(world.user("referrer")).get(dashboard_url(world)).status_code == 403


def test_a_bad_custom_period_is_explained(world, login):
    query = (
        "?period=custom&start_day=1&start_month=5&start_year=2026"
        "&end_day=1&end_month=4&end_year=2026"
    )
    page = login(world.user("coordinator")).get(dashboard_url(world) + query).content.decode()
    assert "There is a problem" in page and "The end of the period must be after its start" in page


@pytest.fixture
def pack(world, login, year):
    client = login(world.user("funder"))
    response = client.post(dashboard_url(world) + "?period=last_12_months")
    snapshot = ReportSnapshot.objects.get()
    assert response["Location"] == snapshot.get_absolute_url()
    return client, snapshot


def download(client, snapshot, fmt):
    response = client.get(
        reverse("reporting:download", kwargs={"snapshot_pk": snapshot.pk, "fmt": fmt})
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_every_download_shows_the_same_headline_figures(world, pack):
    client, snapshot = pack
    text = "".join(
        p.extract_text()
        for p in pypdf.PdfReader(io.BytesIO(download(client, snapshot, "pdf"))).pages
    )
    assert "£46,800" in text and "Client financial gain" in text
    book = openpyxl.load_workbook(io.BytesIO(download(client, snapshot, "xlsx")))
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert "Client financial gain" in values and 46800 in values
    rows = list(csv.reader(io.StringIO(download(client, snapshot, "csv").decode("utf-8-sig"))))
    gain = next(r for r in rows if "outcomes.client_financial_gain" in r)
    assert "4680000" in gain
    data = json.loads(download(client, snapshot, "json"))
    measures = {m["measure"]: m for s in data["sections"] for m in s["measures"]}
    assert measures["outcomes.client_financial_gain"]["value"] == 4680000
    assert set(measures["reach.referrals"]) == {
        "measure",
        "numerator",
        "denominator",
        "value",
        "unit",
        "suppressed",
    }
    everything = text + json.dumps(data) + "".join(",".join(r) for r in rows)
    assert "Zedwhistle" not in everything and "Secret free text" not in everything
    assert AuditEvent.objects.filter(action="export", object_id=str(snapshot.pk)).count() == 4


def test_a_pack_keeps_its_figures_when_more_outcomes_arrive(world, pack, year):
    client, snapshot = pack
    before = download(client, snapshot, "json")
    award(world, year[1].issues.first(), amount_pence=99999, frequency="weekly")
    assert download(client, snapshot, "json") == before


def test_an_unknown_format_is_404_and_another_funder_cannot_open_the_pack(
    world, other_world, login, pack
):
    client, snapshot = pack
    url = reverse("reporting:download", kwargs={"snapshot_pk": snapshot.pk, "fmt": "docx"})
    assert client.get(url).status_code == 404
    stranger = login(other_world.user("funder"))
    assert stranger.get(snapshot.get_absolute_url()).status_code == 404


def test_the_command_writes_the_same_pack(world, year, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "pack.json"
    today = timezone.localdate()
    period = f"{today - datetime.timedelta(days=30)}:{today}"
    call_command(
        "partnership_report",
        world.partnership.name,
        period=period,
        format="json",
        output=str(out),
        organisation=world.advice.name,
        stdout=io.StringIO(),
    )
    data = json.loads(out.read_text())
    measures = {m["measure"]: m for s in data["sections"] for m in s["measures"]}
    assert measures["outcomes.client_financial_gain"]["value"] == 4680000
    assert ReportSnapshot.objects.filter(generated_by=None).count() == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["Nowhere", "--period", "2026-04-01:2027-03-31"], "No partnership is called"),
        (["North partnership", "--period", "2026-04-01"], "Give the period as START:END"),
        (["North partnership", "--period", "2027-04-01:2026-03-31"], "must be after its start"),
    ],
)
def test_the_command_explains_bad_arguments(world, tmp_path, arguments, message):
    from django.core.management import CommandError, call_command

    arguments = [world.partnership.name if a == "North partnership" else a for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("partnership_report", *arguments, output=str(tmp_path / "x.json"))
