"""Writing the planned demo referrals through the referral services, step by step.

Each step runs under the simulated clock (see clock.py) at the moment planned for it, acting as
the member of staff who would take it, so the timelines, cases, shares and audit events are
what real use would have written. Steps planned after the present moment are cut, which leaves
the most recent referrals open in the inboxes.
"""

from functools import partial

from django.db.models import QuerySet
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.consent.models import Method, Purpose
from hjp.consent.services import ConsentRequired, consent_in_force, withdraw_consent
from hjp.demo.clock import Timeline
from hjp.demo.scripts import Script
from hjp.demo.world import DemoWorld, acting
from hjp.directory.models import Service
from hjp.referrals import services as referrals
from hjp.referrals.models import Referral


class Story:
    """One scripted referral being written: the referral so far, or why it stopped."""

    def __init__(self, world: DemoWorld, people: dict, services: dict, script: Script, after):
        self.world, self.people, self.services = world, people, services
        self.script, self.after = script, after
        self.referral: Referral | None = None
        self.stopped = False

    def run(self, action: str, by: tuple[str, str] | None, arguments: dict) -> None:
        """Take one step as `by` (user name, organisation key), unless the referral was never
        sent or the one it follows from was not."""
        if self.stopped or (self.after is not None and self.after.referral is None):
            return
        if action == "self_submit":
            self._submit_self(**arguments)
            return
        if action != "submit" and self.referral is None:
            return
        user = acting(self.world, *by)
        if action == "submit":
            self._submit(user, **arguments)
        elif action == "attempt":
            referrals.record_contact_attempt(
                self.referral, by=user, attempted_at=timezone.now(), **arguments
            )
        elif action == "withdraw":
            organisation = self.referral.to_organisation
            consent = consent_in_force(self.referral.person, Purpose.REFERRAL, organisation)
            if consent is not None:
                withdraw_consent(consent, by=user, method=Method.VERBAL)
        else:
            if action == "accept":
                arguments = {"adviser": self.world.users[arguments["adviser"]]}
            self.referral = CHANGES[action](self.referral, by=user, **arguments)

    def _submit_self(self, *, service: str, **form) -> None:
        service = self.services[service]
        self.referral = referrals.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **form
        )

    def _submit(self, user, *, service: str, from_site: str = "", **arguments) -> None:
        person = self.people.get(self.script.key)
        if person is None:
            self.stopped = True
            return
        try:
            self.referral = referrals.submit_referral(
                person,
                by=user,
                service=self.services[service],
                from_site=self.world.sites.get(from_site),
                **arguments,
            )
        except ConsentRequired:
            # Consent no longer covers the service (a reload over older data): not sent.
            self.stopped = True


CHANGES = {
    "accept": referrals.accept_referral,
    "reject": referrals.reject_referral,
    "cancel": referrals.cancel_referral,
    "start": referrals.start_referral,
    "hold": referrals.hold_referral,
    "resume": referrals.resume_referral,
    "complete": referrals.complete_referral,
    "fail": referrals.fail_referral,
    "error": referrals.mark_entered_in_error,
}


def schedule_referrals(
    world: DemoWorld,
    timeline: Timeline,
    scripts: list[Script],
    people: dict,
    services: dict[str, Service],
    stories: dict | None = None,
) -> dict:
    """Put every step of every script on the timeline, cut at the present moment; return the
    stories by script (into `stories` when given), for the casework that follows them."""
    stories = {} if stories is None else stories
    for script in scripts:
        after = stories.get(id(script.after)) if script.after is not None else None
        story = Story(world, people, services, script, after)
        stories[id(script)] = story
        for moment, action, by, arguments in script.steps:
            timeline.at(moment, partial(story.run, action, by, arguments))
    return stories


def demo_referrals(world: DemoWorld) -> QuerySet[Referral]:
    return Referral.objects.filter(partnership=world.partnership)
