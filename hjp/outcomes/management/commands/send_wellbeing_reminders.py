"""Send the day's wellbeing follow-up reminders (run daily from cron)."""

from django.core.management.base import BaseCommand

from hjp.outcomes.reminders import send_wellbeing_reminders


class Command(BaseCommand):
    help = "Email each case's adviser once when a wellbeing follow-up falls due."

    def handle(self, *args, **options):
        sent = send_wellbeing_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
