"""Build a partnership's report pack from the command line, frozen like one made on screen."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, Role
from hjp.partnerships.models import Organisation, Partnership
from hjp.reporting import exports
from hjp.reporting.build import Audience
from hjp.reporting.pack import pack_from_json_data
from hjp.reporting.scope import ReportScope
from hjp.reporting.services import freeze_report

JOB = "partnership_report"
PERIOD_FORMAT = "Give the period as START:END, for example 2026-04-01:2027-03-31"
NO_SUCH_PARTNERSHIP = "No partnership is called or numbered {name!r}"
SEVERAL_PARTNERSHIPS = "Several partnerships are called {name!r}: give its id instead"


def parse_period(text: str) -> tuple[datetime.date, datetime.date]:
    try:
        start_text, end_text = text.split(":")
        start, end = datetime.date.fromisoformat(start_text), datetime.date.fromisoformat(end_text)
    except ValueError as error:
        raise CommandError(PERIOD_FORMAT) from error
    if end < start:
        raise CommandError("The end of the period must be after its start")
    return start, end


def find_partnership(name: str) -> Partnership:
    try:
        by_id = Partnership.objects.filter(pk=name).first()
    except ValidationError:
        by_id = None
    if by_id is not None:
        return by_id
    found = list(Partnership.objects.filter(name=name)[:2])
    if not found:
        raise CommandError(NO_SUCH_PARTNERSHIP.format(name=name))
    if len(found) > 1:
        raise CommandError(SEVERAL_PARTNERSHIPS.format(name=name))
    return found[0]


def acting_organisation(partnership: Partnership, name: str | None) -> Organisation:
    """The organisation the command acts for: named, or the one that coordinates the partnership."""
    members = Organisation.objects.current_members_of(partnership)
    if name:
        found = members.filter(name=name).first()
        if found is None:
            raise CommandError(f"{name!r} is not a current member of {partnership.name}")
        return found
    coordinating = members.filter(
        pk__in=Membership.objects.active().filter(role=Role.COORDINATOR).values("organisation_id")
    )
    if coordinating.count() != 1:
        raise CommandError("Name the organisation the report is made for with --organisation")
    return coordinating.get()


class Command(BaseCommand):
    help = "Write a partnership's report pack (disclosure-controlled) as JSON, CSV, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="The partnership's name or id")
        parser.add_argument("--period", required=True, help="START:END, ISO dates")
        parser.add_argument("--audience", choices=Audience.CHOICES, default=Audience.FUNDER)
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument("--output", required=True, help="The file to write")
        parser.add_argument(
            "--organisation",
            help="The member organisation it is made for (default: the coordinating one)",
        )

    def handle(self, *args, **options):
        partnership = find_partnership(options["partnership"])
        start, end = parse_period(options["period"])
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"The folder {output.parent} does not exist")
        organisation = acting_organisation(partnership, options.get("organisation"))
        actor = Actor.system(organisation, job=JOB)
        snapshot = freeze_report(
            ReportScope(partnership, start, end), by=actor, audience=options["audience"]
        )
        content, _, _ = exports.export(pack_from_json_data(snapshot.data), options["format"])
        output.write_bytes(content)
        self.stdout.write(
            f"Wrote the {options['audience']} pack of {partnership.name} for {start} to {end} "
            f"to {output} ({len(content):,} bytes); snapshot {snapshot.pk}"
        )
