"""Re-encrypt every case document that is not under the current key (the first in
HJP_DOCUMENT_KEYS). Safe to stop and run again: each batch commits on its own."""

from django.core.management.base import BaseCommand

from hjp.cases.rotation import documents_to_rotate, rotate_all


class Command(BaseCommand):
    help = "Re-encrypt case documents under the current key of HJP_DOCUMENT_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many documents would be re-encrypted."
        )

    def handle(self, *args, **options):
        waiting = documents_to_rotate().count()
        if options["dry_run"]:
            self.stdout.write(f"{waiting} document(s) would be re-encrypted.")
            return
        done = rotate_all(options["batch_size"])
        self.stdout.write(f"{done} document(s) re-encrypted under the current key.")
