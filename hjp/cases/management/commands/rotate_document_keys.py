"""Re-encrypt every case document that is not under the current key (the first in
HJP_DOCUMENT_KEYS). Safe to stop and run again: each batch commits on its own."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hjp.cases.encryption import parse_keys
from hjp.cases.rotation import RotationStopped, rotate_all, waiting_by_key


class Command(BaseCommand):
    help = "Re-encrypt case documents under the current key of HJP_DOCUMENT_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many documents would be re-encrypted."
        )

    def handle(self, *args, **options):
        if options["dry_run"]:
            self.dry_run()
            return
        try:
            done = rotate_all(options["batch_size"])
        except RotationStopped as error:
            raise CommandError(
                f"{error}. The documents re-encrypted before it are kept; "
                "put its key back in HJP_DOCUMENT_KEYS and run the command again."
            ) from error
        self.stdout.write(f"{done} document(s) re-encrypted under the current key.")

    def dry_run(self) -> None:
        waiting = waiting_by_key()
        self.stdout.write(f"{sum(waiting.values())} document(s) would be re-encrypted.")
        configured = parse_keys(settings.HJP_DOCUMENT_KEYS)
        for key_id, count in waiting.items():
            missing = (
                "" if key_id in configured else " (not in HJP_DOCUMENT_KEYS: they cannot be read)"
            )
            self.stdout.write(f"  {count} under key {key_id}{missing}")
