"""Remind clients of appointments starting in the next 24 to 48 hours (run hourly from cron)."""

from django.core.management.base import BaseCommand

from hjp.cases.appointment_reminders import send_appointment_reminders


class Command(BaseCommand):
    help = "Send appointment reminders by the channels clients' contact preferences allow."

    def handle(self, *args, **options):
        sent = send_appointment_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
