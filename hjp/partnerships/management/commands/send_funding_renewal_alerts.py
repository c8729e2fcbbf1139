"""Send the day's funding renewal alerts to coordinators (run daily from cron)."""

from django.core.management.base import BaseCommand

from hjp.partnerships.renewals import send_renewal_alerts


class Command(BaseCommand):
    help = "Tell coordinators 9, 6, 3 and 1 months before a funding stream's renewal is due."

    def handle(self, *args, **options):
        sent = send_renewal_alerts()
        self.stdout.write(f"{sent} alert{'s' if sent != 1 else ''} sent.")
