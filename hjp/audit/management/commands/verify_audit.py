"""Check the audit trail's sequence numbers and hash chain from the first event to the last."""

from django.core.management.base import BaseCommand, CommandError

from hjp.audit.services import find_first_break


class Command(BaseCommand):
    help = "Verify the audit trail; exits non-zero naming the first broken event."

    def handle(self, *args, **options):
        checked, broken = find_first_break()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at event #{broken.sequence}: {broken.reason}. "
                f"{checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {checked} events verified."))
