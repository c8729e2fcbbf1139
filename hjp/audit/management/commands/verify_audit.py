"""Check the audit trail: every chain's sequence numbers and hash links, from the first event or
from the last signed checkpoint, and sign a new checkpoint when it checks out."""

from django.core.management.base import BaseCommand, CommandError

from hjp.audit.services import verify, write_checkpoint


class Command(BaseCommand):
    help = (
        "Verify the audit trail; exits non-zero naming the first broken event. Leaves a signed "
        "checkpoint that --incremental starts from."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Check only the events after the newest signed checkpoint (a full check if "
            "there is none).",
        )

    def handle(self, *args, incremental=False, **options):
        result = verify(incremental=incremental)
        if result.broken is not None:
            raise CommandError(
                f"Audit trail broken at {result.broken.where}: {result.broken.reason}. "
                f"{result.checked} events before it are intact."
            )
        write_checkpoint(result)
        if result.since is not None:
            since = result.since
            new = result.checked - since.events
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit trail intact: {new} events since checkpoint {since.pk} "
                    f"({since.created_at:%Y-%m-%d %H:%M} UTC) verified, {result.checked} in all."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Audit trail intact: {result.checked} events verified.")
            )
