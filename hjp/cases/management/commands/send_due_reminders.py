"""Send the day's reminders about tasks and legal deadlines (run daily from cron)."""

from django.core.management.base import BaseCommand

from hjp.cases.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind assignees of tasks and deadlines 10, 5 and 2 working days before, and when overdue."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
