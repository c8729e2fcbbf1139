"""Loading the deprivation files: the published formats, re-runs, and malformed files refused
with the line and the problem, leaving what was loaded before exactly as it was."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.db.models import OuterRef

from hjp.factories import record_person
from hjp.geography import imports
from hjp.geography.models import DeprivationArea, PostcodeArea, ReferenceImport
from hjp.geography.queries import current_vintages, decile_for_postcode, imd_decile_subquery
from hjp.geography.samples import (
    IMD_HEADER_2019,
    POSTCODE_HEADER,
    write_imd_sample,
    write_postcode_sample,
)
from hjp.people.models import Person

LSOAS = [
    ("E01011229", "Leeds 001A", "E08000035", "Leeds", 120, 1),
    ("E01011230", "Leeds 001B", "E08000035", "Leeds", 5200, 2),
    ("E01011231", "Leeds 002A", "E08000035", "Leeds", 30000, 9),
]
POSTCODES = [("LS9 8AB", "E01011229"), ("LS6 1AA", "E01011231"), ("LS1 4AP", "E01011230", "202301")]


@pytest.fixture
def loaded(db, tmp_path):
    call_command(
        "import_imd",
        write_imd_sample(tmp_path / "imd.csv", LSOAS),
        vintage="IoD2025",
        stdout=io.StringIO(),
    )
    call_command(
        "import_postcode_lsoa",
        write_postcode_sample(tmp_path / "pcd.csv", POSTCODES),
        vintage="2025-11",
        stdout=io.StringIO(),
    )


def refused(command, path) -> str:
    with pytest.raises(CommandError) as error:
        call_command(command, path, stdout=io.StringIO())
    return str(error.value)


def test_both_files_load_and_a_postcode_resolves_to_its_decile(loaded):
    assert DeprivationArea.objects.count() == 3 and PostcodeArea.objects.count() == 3
    assert decile_for_postcode("ls98ab") == 1
    assert decile_for_postcode("LS6 1AA") == 9
    assert decile_for_postcode("LS2 7UE") is None
    assert PostcodeArea.objects.get(postcode="LS1 4AP").terminated_on.isoformat() == "2023-01-01"
    assert current_vintages() == {
        "Indices of Deprivation": "IoD2025",
        "Postcode to LSOA lookup": "2025-11",
    }


def test_people_are_annotated_with_their_decile_in_one_statement(
    loaded, world, django_assert_num_queries
):
    record_person(world, postcode="LS9 8AB")
    record_person(world, given_name="Bea", postcode="LS2 7UE")
    with django_assert_num_queries(1):
        deciles = sorted(
            Person.objects.annotate(decile=imd_decile_subquery(OuterRef("postcode"))).values_list(
                "decile", flat=True
            ),
            key=lambda d: (d is None, d),
        )
    assert deciles == [1, None]


def test_a_second_load_updates_rather_than_adds(loaded, tmp_path):
    changed = [(c, n, la, lan, r, 3 if c == "E01011229" else d) for c, n, la, lan, r, d in LSOAS]
    call_command(
        "import_imd", write_imd_sample(tmp_path / "again.csv", changed), stdout=io.StringIO()
    )
    assert DeprivationArea.objects.count() == 3
    assert DeprivationArea.objects.get(lsoa_code="E01011229").imd_decile == 3
    assert ReferenceImport.objects.filter(kind="imd").count() == 2


def test_the_2019_edition_and_windows_text_with_a_byte_order_mark_load(db, tmp_path):
    path = write_imd_sample(tmp_path / "imd2019.csv", LSOAS, header=IMD_HEADER_2019)
    text = path.read_text(encoding="utf-8").replace("Leeds 001A", "Lée 001A")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    call_command("import_imd", path, stdout=io.StringIO())
    assert DeprivationArea.objects.get(lsoa_code="E01011229").lsoa_name == "Lée 001A"
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(text.replace("Lée", "Lüe").encode("cp1252"))
    call_command("import_imd", cp1252, stdout=io.StringIO())
    assert DeprivationArea.objects.get(lsoa_code="E01011229").lsoa_name == "Lüe 001A"


def test_the_2011_geography_postcode_lookup_loads(db, tmp_path):
    header = [name.replace("21", "11") for name in POSTCODE_HEADER]
    call_command(
        "import_postcode_lsoa",
        write_postcode_sample(tmp_path / "p.csv", POSTCODES, header=header),
        stdout=io.StringIO(),
    )
    assert PostcodeArea.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ("E01011232", "x", "E08000035", "Leeds", 10, 11),
            'Line 3: the IMD decile "11" is not between 1 and 10',
        ),
        (
            ("E01011232", "x", "E08000035", "Leeds", 0, 1),
            'Line 3: the IMD rank "0" is not a whole number from 1',
        ),
        (
            ("X123", "x", "E08000035", "Leeds", 10, 1),
            'Line 3: "X123" is not an LSOA code like E01011229',
        ),
        (("E01011232", "", "E08000035", "Leeds", 10, 1), "Line 3: the LSOA name is empty"),
    ],
)
def test_a_malformed_imd_row_names_its_line_and_nothing_is_loaded(loaded, tmp_path, row, message):
    before = list(
        DeprivationArea.objects.order_by("lsoa_code").values_list("lsoa_code", "imd_decile")
    )
    changed = [("E01011229", "Leeds 001A", "E08000035", "Leeds", 120, 5), row]
    error = refused("import_imd", write_imd_sample(tmp_path / "bad.csv", changed))
    assert message in error and "Nothing was loaded" in error
    after = list(
        DeprivationArea.objects.order_by("lsoa_code").values_list("lsoa_code", "imd_decile")
    )
    assert after == before
    assert ReferenceImport.objects.filter(kind="imd").count() == 1


def test_a_malformed_postcode_row_names_its_line(loaded, tmp_path):
    path = write_postcode_sample(
        tmp_path / "bad.csv", [("LS7 3AB", "E01011229"), ("NOT A CODE", "E01011229")]
    )
    assert 'Line 3: "NOT A CODE" is not a postcode' in refused("import_postcode_lsoa", path)
    assert not PostcodeArea.objects.filter(postcode="LS7 3AB").exists()
    path = write_postcode_sample(tmp_path / "bad2.csv", [("LS7 3AB", "E01011229", "2023x1")])
    assert "Line 2: the termination date" in refused("import_postcode_lsoa", path)


def test_a_row_of_the_wrong_width_and_a_wrong_file_are_refused(loaded, tmp_path):
    path = write_postcode_sample(tmp_path / "short.csv", [("LS7 3AB", "E01011229")])
    path.write_text(path.read_text() + "LS7 3AD,E01011229\n")
    assert "Line 3: 2 columns where the header has 14" in refused("import_postcode_lsoa", path)
    imd = write_imd_sample(tmp_path / "imd.csv", LSOAS)
    assert 'The file has no column "pcds"' in refused("import_postcode_lsoa", imd)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "The file is empty" in refused("import_imd", empty)
    assert "There is no file" in refused("import_imd", tmp_path / "missing.csv")


def test_scottish_postcodes_without_an_english_lsoa_are_skipped(db, tmp_path):
    path = write_postcode_sample(
        tmp_path / "p.csv", [("EH1 1AA", "S01006506"), ("LS9 8AB", "E01011229")]
    )
    call_command("import_postcode_lsoa", path, stdout=io.StringIO())
    assert list(PostcodeArea.objects.values_list("postcode", flat=True)) == ["LS9 8AB"]


def test_memory_stays_bounded_however_long_the_file(db, tmp_path, monkeypatch):
    """A 60,000-row file loads with peak memory far below what holding it would take."""
    monkeypatch.setattr(imports, "BATCH_SIZE", 500)
    letters = "ABDEFGHJLNPQRSTUWXYZ"

    def postcode(n: int) -> str:
        rest = n % 4000
        return f"LS{1 + n // 4000} {rest // 400}{letters[rest // 20 % 20]}{letters[rest % 20]}"

    rows = [(postcode(n), "E01011229") for n in range(60000)]
    path = write_postcode_sample(tmp_path / "big.csv", rows)
    del rows
    tracemalloc.start()
    imports.import_postcode_lsoa(path, vintage="test")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert PostcodeArea.objects.count() == 60000
    size = path.stat().st_size
    assert peak < size / 2, f"peak {peak:,} bytes for a {size:,}-byte file"
