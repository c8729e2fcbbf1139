"""Run daily: remind health teams of evidence requests falling due, and expire those left
unanswered ten working days after they were due."""

from django.core.management.base import BaseCommand

from hjp.evidence.services.clock import expire_requests, send_reminders


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        reminded = send_reminders()
        expired = expire_requests()
        self.stdout.write(f"Reminders sent: {reminded}. Requests expired: {expired}.")
