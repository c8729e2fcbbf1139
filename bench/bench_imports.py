"""Reference-data import benchmark: `manage.py import_postcode_lsoa` on PostgreSQL against a plain
`COPY` of the same file, in the same run, on the same database.

A file in the layout of the ONS postcode to LSOA lookup is made with N made-up postcodes
(hjp/geography/samples.py). The command loads it twice (a first load, then a re-run that
updates every row); then PostgreSQL's own `COPY ... FROM STDIN (FORMAT csv)` loads the same bytes
into a temporary table with the file's fourteen columns as text. See bench/README.md.

    python -c "import bench.bench_imports as b; b.main()"
    HJP_BENCH_IMPORT_ROWS=100000 python -c "..."          # a quick run
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench import _support as support
from bench._support import Figure
from bench.bench_referrals import PYTHON, ROOT, _describe_machine, _environment, _manage
from hjp.geography.samples import postcode_header, synthetic_postcode_rows, write_postcode_sample

DATABASE = "bench_geo"
RESULTS = Path(__file__).resolve().parent / "results" / "imports.json"
FILE_NAME = "PCD_OA21_LSOA21_MSOA21_LAD_NOV25_UK_LU.csv"
LOADED = re.compile(r"^Loaded [\d,]+ rows of postcode lookup \(vintage .*\) in [0-9.]+ s$", re.M)
COPY_CHUNK_BYTES = 1 << 20


def rows_wanted() -> int:
    """N from the first argument, else HJP_BENCH_IMPORT_ROWS, else 500,000."""
    arguments = [argument for argument in sys.argv[1:] if argument.isdigit()]
    return int(arguments[0] if arguments else os.environ.get("HJP_BENCH_IMPORT_ROWS", "500000"))


def say(message: str = "") -> None:
    print(message, flush=True)


def main() -> None:
    rows = rows_wanted()
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hjp-bench-imports-"))
    env = dict(_environment(workdir), DATABASE_URL=support.database_url(DATABASE))
    try:
        say(f"Import benchmark, {rows:,} postcodes. Machine: {_describe_machine()}")
        path = write_postcode_sample(workdir / FILE_NAME, synthetic_postcode_rows(rows))
        say(f"   wrote {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")
        support.recreate_database(DATABASE)
        _manage(env, "migrate", "--no-input")
        first = _import(env, path, rows)
        say(f"   import, first load: {first:.1f} s")
        rerun = _import(env, path, rows)
        say(f"   import, re-run (every row updated): {rerun:.1f} s")
        copy = _copy(path)
        say(f"   COPY into a temporary table: {copy:.1f} s")
        figures = _figures(rows, first=first, rerun=rerun, copy=copy)
        say(support.format_table(figures))
        support.write_results(
            RESULTS,
            benchmark="imports",
            environment={
                "machine": support.machine(),
                "postgresql": support.postgres_version(DATABASE),
                "postgresql_settings": support.postgres_settings(
                    DATABASE, ["synchronous_commit", "shared_buffers", "max_wal_size"]
                ),
                "rows": rows,
                "file_bytes": path.stat().st_size,
                "method": "import: manage.py import_postcode_lsoa from its ReferenceImport "
                "row's started_at to finished_at (file read, rows checked, batches of 5,000 "
                "written with bulk_create and update_conflicts, one transaction), Django's "
                "start-up excluded; reference: "
                "psycopg cursor.copy of the same bytes, COPY FROM STDIN (FORMAT csv, HEADER) "
                "into a temporary table of the file's 14 columns as text, through COMMIT",
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            },
            figures=figures,
        )
        say(f"\nThe import benchmark took {time.perf_counter() - started:.0f} s.")
    finally:
        support.drop_database(DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)


def _import(env: dict, path: Path, rows: int) -> float:
    """The seconds the import command says it took to load the whole file."""
    finished = subprocess.run(
        [str(PYTHON), "manage.py", "import_postcode_lsoa", str(path), "--no-progress"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if not LOADED.search(finished.stdout):
        raise RuntimeError(f"the import did not report what it loaded: {finished.stdout!r}")
    with _connect() as connection:
        loaded, seconds = connection.execute(
            "SELECT rows, extract(epoch FROM finished_at - started_at) "
            "FROM geography_referenceimport ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if loaded != rows:
        raise RuntimeError(f"the import loaded {loaded} rows, not {rows}")
    return float(seconds)


def _connect():
    return psycopg.connect(
        host=support.HOST, port=support.POSTGRES_PORT, user=support.POSTGRES_USER, dbname=DATABASE
    )


def _copy(path: Path) -> float:
    """Seconds for PostgreSQL to COPY the file into a temporary table and commit."""
    columns = ", ".join(f"{name} text" for name in postcode_header())
    with _connect() as connection:
        connection.execute(f"CREATE TEMPORARY TABLE postcode_copy ({columns})")
        connection.commit()
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            path.open("rb") as file,
            cursor.copy("COPY postcode_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := file.read(COPY_CHUNK_BYTES):
                copy.write(chunk)
        connection.commit()
        seconds = time.perf_counter() - started
        copied = connection.execute("SELECT count(*) FROM postcode_copy").fetchone()[0]
    if copied != _rows_in(path):
        raise RuntimeError(f"COPY loaded {copied} rows")
    return seconds


def _rows_in(path: Path) -> int:
    with path.open("rb") as file:
        return sum(1 for _ in file) - 1


def _figures(rows: int, *, first: float, rerun: float, copy: float) -> list[Figure]:
    size = f"{rows:,} postcodes"
    copy_rate = rows / copy
    return [
        Figure(
            name="import_postcode_lsoa, first load",
            value=rows / first,
            unit="rows/s",
            data_size=size,
            reference_name="COPY",
            reference_value=copy_rate,
            reference_unit="rows/s",
            note=f"COPY is {first / copy:.1f} times as fast",
        ),
        Figure(
            name="import_postcode_lsoa, re-run",
            value=rows / rerun,
            unit="rows/s",
            data_size=size,
            reference_name="COPY",
            reference_value=copy_rate,
            reference_unit="rows/s",
            note=f"every row updated; COPY is {rerun / copy:.1f} times as fast",
        ),
    ]


if __name__ == "__main__":
    main()
