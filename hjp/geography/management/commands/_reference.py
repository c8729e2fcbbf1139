"""What the two import commands share: arguments, the progress bar and the report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from hjp.geography.imports import ImportRefused, vintage_from


class ReferenceImportCommand(BaseCommand):
    """A command that loads one reference file with `importer(path, vintage=, progress=)`."""

    label = ""
    unit = "rows"
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file as published")
        parser.add_argument("--vintage", default="", help="Its edition (default: the file's name)")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}")
        show = not options["no_progress"] and sys.stderr.isatty()

        def progress(rows):
            return tqdm(
                rows, desc=self.label, unit=f" {self.unit}", disable=not show, file=sys.stderr
            )

        try:
            result = self.importer(
                path, vintage=vintage_from(path, options["vintage"]), progress=progress
            )
        except ImportRefused as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        self.stdout.write(
            f"Loaded {result.rows:,} rows of {self.label} (vintage {result.vintage}) "
            f"in {result.seconds:.1f} s"
        )
