"""Load the fictional demo partnership and print its log-ins (development machines only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hjp.demo import loader as demo
from hjp.referrals.status import Status


class Command(BaseCommand):
    help = (
        "Create or refresh the demo partnership, its users, about 300 fictional people and a "
        "year of referrals between its services. Safe to run again; each run gives the demo "
        "users a new password. Refused unless DEBUG is on."
    )

    def handle(self, *args, **options):
        try:
            result = demo.load_demo()
        except demo.DemoNotAllowed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(demo.credentials_table(result.password, result.logins))
        self.stdout.write(f"The log-ins are also in {settings.HJP_DEMO_CREDENTIALS_FILE}.")
        self.stdout.write("Referrals by status:")
        for status, number in result.referrals_by_status.items():
            self.stdout.write(f"  {number:>4}  {Status(status).label} ({status})")
        counts = ", ".join(f"{number} {name}" for name, number in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo partnership loaded in {result.seconds:.1f} s "
                f"({result.people_added} people and {result.referrals_added} referrals added "
                f"this run): {counts}."
            )
        )
