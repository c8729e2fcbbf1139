"""Keep every clinic schedule's sessions made 12 weeks ahead. Run daily; running it twice
makes nothing new."""

from django.core.management.base import BaseCommand

from hjp.clinics.services import extend_all_schedules


class Command(BaseCommand):
    help = "Make the sessions of every clinic schedule for the next 12 weeks."

    def handle(self, *args, **options):
        added = extend_all_schedules()
        self.stdout.write(f"{added} clinic session{'' if added == 1 else 's'} added.")
