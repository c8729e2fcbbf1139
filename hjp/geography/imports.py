"""Loading the published reference files: streamed, checked row by row, all or nothing.

Both files are read one row at a time and written in batches, so memory stays bounded however
long the file (the postcode lookup has about 2.7 million rows). The whole load runs in one
transaction: a malformed row stops it with the line number and the problem, and nothing from
the file is kept. A second load of the same file updates the rows it finds instead of adding
them again.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjp.core.validators import normalise_postcode, validate_postcode
from hjp.geography.models import DeprivationArea, PostcodeArea, ReferenceImport

BATCH_SIZE = 5000
LSOA_CODE = re.compile(r"^[EW]0\d{7}$")

EMPTY_FILE = "The file is empty"
MISSING_COLUMNS = "The file has no column {names}: is it the right file?"
WRONG_WIDTH = "Line {line}: {found} columns where the header has {expected}"
BAD_LSOA = 'Line {line}: "{value}" is not an LSOA code like E01011229'
BAD_RANK = 'Line {line}: the IMD rank "{value}" is not a whole number from 1'
BAD_DECILE = 'Line {line}: the IMD decile "{value}" is not between 1 and 10'
BAD_POSTCODE = 'Line {line}: "{value}" is not a postcode'
BAD_TERMINATION = 'Line {line}: the termination date "{value}" is not a year and month (YYYYMM)'
EMPTY_NAME = "Line {line}: the {what} is empty"

# Columns of the IoD "File 7" CSV, matched by how their headers start (the year in brackets
# changes with each edition: LSOA code (2011) in IoD2019, LSOA code (2021) in IoD2025).
IMD_COLUMNS = {
    "lsoa_code": "LSOA code",
    "lsoa_name": "LSOA name",
    "local_authority_code": "Local Authority District code",
    "local_authority_name": "Local Authority District name",
    "imd_rank": "Index of Multiple Deprivation (IMD) Rank",
    "imd_decile": "Index of Multiple Deprivation (IMD) Decile",
}
# Columns of the ONS postcode to OA/LSOA/MSOA/LAD lookup (2021 or 2011 geography).
POSTCODE_COLUMNS = {
    "postcode": ("pcds",),
    "lsoa_code": ("lsoa21cd", "lsoa11cd"),
    "doterm": ("doterm",),
}


class ImportRefused(Exception):
    """The file cannot be loaded; the message says where and why, and nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    kind: str
    vintage: str
    rows: int
    seconds: float


def _text_lines(path: Path) -> Iterator[str]:
    """The file's lines as text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut in the middle of a character at the end of the sample is still UTF-8.
        if error.start < len(head) - 4:
            encoding = "cp1252"
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield from text
        except UnicodeDecodeError:
            raise ImportRefused("The file is neither UTF-8 nor Windows-1252 text") from None


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    reader = csv.reader(_text_lines(path))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ImportRefused(EMPTY_FILE) from None
    except csv.Error as error:
        raise ImportRefused(f"Line 1: {error}") from None

    def numbered() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                if row:
                    yield reader.line_num, row
        except csv.Error as error:
            raise ImportRefused(f"Line {reader.line_num}: {error}") from None

    return header, numbered()


def _positions_by_prefix(header: list[str], wanted: dict[str, str]) -> dict[str, int]:
    found, missing = {}, []
    for field, prefix in wanted.items():
        index = next((i for i, name in enumerate(header) if name.startswith(prefix)), None)
        if index is None:
            missing.append(f'"{prefix} ..."')
        else:
            found[field] = index
    if missing:
        raise ImportRefused(MISSING_COLUMNS.format(names=", ".join(missing)))
    return found


def _positions_by_name(header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    lowered = [name.lower() for name in header]
    found, missing = {}, []
    for field, names in wanted.items():
        index = next((lowered.index(n) for n in names if n in lowered), None)
        if index is None:
            missing.append(" or ".join(f'"{n}"' for n in names))
        else:
            found[field] = index
    if missing:
        raise ImportRefused(MISSING_COLUMNS.format(names=", ".join(missing)))
    return found


def _whole_number(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text.isascii() and text.isdigit() else None


def _deprivation_area(
    line: int, row: list[str], at: dict[str, int], vintage: str
) -> DeprivationArea:
    code = row[at["lsoa_code"]].strip()
    if not LSOA_CODE.match(code):
        raise ImportRefused(BAD_LSOA.format(line=line, value=code))
    rank = _whole_number(row[at["imd_rank"]])
    if rank is None or rank < 1:
        raise ImportRefused(BAD_RANK.format(line=line, value=row[at["imd_rank"]].strip()))
    decile = _whole_number(row[at["imd_decile"]])
    if decile is None or not 1 <= decile <= 10:
        raise ImportRefused(BAD_DECILE.format(line=line, value=row[at["imd_decile"]].strip()))
    name = row[at["lsoa_name"]].strip()
    if not name:
        raise ImportRefused(EMPTY_NAME.format(line=line, what="LSOA name"))
    return DeprivationArea(
        lsoa_code=code,
        lsoa_name=name[:100],
        local_authority_code=row[at["local_authority_code"]].strip()[:9],
        local_authority_name=row[at["local_authority_name"]].strip()[:100],
        imd_rank=rank,
        imd_decile=decile,
        vintage=vintage,
    )


def _postcode_area(line: int, row: list[str], at: dict[str, int], vintage: str) -> PostcodeArea:
    postcode = normalise_postcode(row[at["postcode"]])
    try:
        validate_postcode(postcode)
    except ValidationError:
        raise ImportRefused(
            BAD_POSTCODE.format(line=line, value=row[at["postcode"]].strip())
        ) from None
    code = row[at["lsoa_code"]].strip()
    if not LSOA_CODE.match(code):
        # Scottish and Northern Irish postcodes have no English or Welsh LSOA; they are skipped.
        if code[:1] in ("S", "N") or code == "":
            return None
        raise ImportRefused(BAD_LSOA.format(line=line, value=code))
    ended = row[at["doterm"]].strip()
    terminated_on = None
    if ended:
        if not (len(ended) == 6 and ended.isdigit() and 1 <= int(ended[4:]) <= 12):
            raise ImportRefused(BAD_TERMINATION.format(line=line, value=ended))
        terminated_on = datetime.date(int(ended[:4]), int(ended[4:]), 1)
    return PostcodeArea(
        postcode=postcode, lsoa_code=code, terminated_on=terminated_on, vintage=vintage
    )


def _load(
    path, *, kind, vintage, header_positions, make_row, model, unique, progress
) -> ImportResult:
    started = timezone.now()
    header, rows = _rows(Path(path))
    at = header_positions(header)
    width = len(header)
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", unique)]
    count = 0
    batch = []
    with transaction.atomic():
        for line, row in progress(rows):
            if len(row) != width:
                raise ImportRefused(WRONG_WIDTH.format(line=line, found=len(row), expected=width))
            made = make_row(line, row, at, vintage)
            if made is None:
                continue
            batch.append(made)
            if len(batch) >= BATCH_SIZE:
                count += _write(model, batch, unique, fields)
                batch = []
        count += _write(model, batch, unique, fields)
        if count == 0:
            raise ImportRefused(EMPTY_FILE)
        finished = timezone.now()
        ReferenceImport.objects.create(
            kind=kind,
            vintage=vintage,
            file_name=Path(path).name[:255],
            rows=count,
            started_at=started,
            finished_at=finished,
        )
    return ImportResult(kind, vintage, count, (finished - started).total_seconds())


def _write(model, batch: list, unique: str, fields: list[str]) -> int:
    if not batch:
        return 0
    # A file listing one key twice keeps the later row, as a re-run would.
    unique_rows = list({getattr(row, unique): row for row in batch}.values())
    model.objects.bulk_create(
        unique_rows, update_conflicts=True, unique_fields=[unique], update_fields=fields
    )
    return len(batch)


def _no_progress(rows):
    return rows


def import_imd(path, *, vintage: str, progress=_no_progress) -> ImportResult:
    """Load the IoD File 7 CSV: each LSOA's IMD rank and decile."""
    return _load(
        path,
        kind=ReferenceImport.Kind.IMD,
        vintage=vintage,
        header_positions=lambda header: _positions_by_prefix(header, IMD_COLUMNS),
        make_row=_deprivation_area,
        model=DeprivationArea,
        unique="lsoa_code",
        progress=progress,
    )


def import_postcode_lsoa(path, *, vintage: str, progress=_no_progress) -> ImportResult:
    """Load the ONS postcode to LSOA lookup CSV: each postcode's LSOA."""
    return _load(
        path,
        kind=ReferenceImport.Kind.POSTCODE_LSOA,
        vintage=vintage,
        header_positions=lambda header: _positions_by_name(header, POSTCODE_COLUMNS),
        make_row=_postcode_area,
        model=PostcodeArea,
        unique="postcode",
        progress=progress,
    )


def vintage_from(path, default: str) -> str:
    """A vintage named after the file (without its extension) unless one is given."""
    return default or Path(path).stem[:40]
