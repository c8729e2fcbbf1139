"""Planning demo referrals: who sends what to whom, and when, drawn from a seeded generator.

A first referral for everyone who agreed to one, sent just after their referrer recorded them;
then, for some, what followed: a duplicate sent by mistake, the adviser's referral on to a
health service, a later referral for a new problem, a call to the advice line. And people who
asked the advice centre for help themselves, online.
"""

import datetime
import random

from django.utils import timezone

from hjp.consent.models import Method, Purpose
from hjp.demo import referral_texts as texts
from hjp.demo.clock import soon_after, working_moment
from hjp.demo.people import PersonPlan, plan_self_referrer
from hjp.demo.receiving import (
    ADVICE_PATHS,
    HEALTH_PATHS,
    SELF_PATHS,
    busy_backlog,
    receive,
    work,
)
from hjp.demo.scripts import ADVICE_TEAMS, HEALTH_TEAMS, KIRKGATE, Script, pick
from hjp.referrals import services as referrals
from hjp.referrals.models import ContactAttempt, Referral
from hjp.referrals.status import Reason

ADVICE_SERVICE = {
    "kirkgateadvice": "Welfare benefits and debt advice",
    "leodiscouncil": "Welfare rights service",
}
CASEWORK_SERVICE = "Housing and immigration casework"
HEALTH_SERVICE = {
    "gp_review": "GP review",
    "mental_health": "Community mental health team",
    "social_prescribing": "Social prescribing link workers",
    "hospital_social_work": "Hospital social work",
}
SETTINGS = {"leodishospitals": "ward", "chevinedge": "hospice"}  # every other referrer: "gp"
LINK_WORKER_PRACTICES = {"seacroftgreen", "armleymoor", "giptonwood"}
SELF_REFERRALS = 32


def plan_referrals(
    rng: random.Random, plans: list[PersonPlan], *, today: datetime.date
) -> list[Script]:
    """A first referral for everyone who agreed to one, then what followed from some of them."""
    scripts = []
    for plan in plans:
        referral_consent = plan.consent(Purpose.REFERRAL)
        if referral_consent is None:
            continue
        declines = bool(referral_consent.withdrawn_by)
        first = _from_health(rng, plan, today, first=True, declines=declines)
        scripts += [first, *_follow_ups(rng, plan, first, today)]
    return scripts


def _follow_ups(
    rng: random.Random, plan: PersonPlan, earlier: Script, today, *, again: bool = True
) -> list[Script]:
    """A duplicate sent by mistake, advice→health while the work goes on, a later referral for a
    new problem (and what followed from that), or a call to the advice line after the work."""
    scripts = []
    if rng.random() < 0.05:
        scripts.append(_duplicate(rng, plan, earlier, in_error=rng.random() < 0.5))
    chance = 0.5 if plan.referrer.organisation == "chapelfold" else 0.2
    if earlier.started and rng.random() < chance:
        scripts += filter(None, [_to_health(rng, plan, earlier)])
    if earlier.completed and again and rng.random() < 0.2:
        sent = working_moment(rng, earlier.closed, rng.randint(20, 160))
        later = _from_health(rng, plan, today, sent=sent, after=earlier)
        scripts += [later, *_follow_ups(rng, plan, later, today, again=False)]
    elif earlier.completed and rng.random() < 0.3:
        scripts.append(_phone_line(rng, plan, earlier))
    return scripts


def _scenario(rng: random.Random, plan: PersonPlan) -> texts.HealthToAdvice:
    setting = SETTINGS.get(plan.referrer.organisation, "gp")
    choices = [s for s in texts.SCENARIOS if s.setting == setting]
    if plan.advice != KIRKGATE.organisation:  # the council has no casework service
        choices = [s for s in choices if s.service == "advice"]
    return rng.choices(choices, weights=[s.weight for s in choices])[0]


def plan_self_referrals(rng: random.Random, *, today: datetime.date) -> list[Script]:
    """People who asked the advice centre for help themselves, online, at any hour."""
    scripts = []
    for _ in range(SELF_REFERRALS):
        day = today - datetime.timedelta(days=1 + int(364 * rng.random() ** 1.2))
        moment = datetime.time(rng.randint(7, 22), rng.randrange(60))
        sent = timezone.make_aware(datetime.datetime.combine(day, moment))
        scripts.append(_self_referral(rng, sent, plan_self_referrer(rng, today), today))
    return scripts


def _self_referral(rng: random.Random, sent, form: dict, today: datetime.date) -> Script:
    reason = rng.choice(texts.SELF_REASONS)
    script = Script(sent, team=KIRKGATE)
    deadlines = []
    if reason.deadline:
        due_on = day_after(sent, rng.randint(*reason.deadline_days))
        deadlines.append(referrals.Deadline(kind=reason.deadline, due_on=due_on))
    script.add(
        sent,
        "self_submit",
        None,
        service=ADVICE_SERVICE[KIRKGATE.organisation],
        safe_to_leave_message=rng.random() < 0.8,
        advice_areas=list(reason.areas),
        reason_text=reason.reason,
        deadlines=deadlines,
        **form,
    )
    receive(
        rng,
        script,
        path=pick(rng, SELF_PATHS),
        backlog=busy_backlog(sent, today),
        requester=script.by_triage,
        areas=reason.areas,
        length=reason.length,
        outcomes=texts.OUTCOMES[reason.outcomes],
        channel=ContactAttempt.Channel.PHONE if form["phone"] else ContactAttempt.Channel.EMAIL,
    )
    return script


def day_after(moment: datetime.datetime, days: int) -> datetime.date:
    return timezone.localtime(moment).date() + datetime.timedelta(days=days)


def _from_health(
    rng: random.Random,
    plan: PersonPlan,
    today: datetime.date,
    *,
    first: bool = False,
    declines: bool = False,
    sent: datetime.datetime | None = None,
    after: Script | None = None,
) -> Script:
    """A health team's referral for advice; the first is sent just after recording the person."""
    scenario = _scenario(rng, plan)
    sent = sent or soon_after(rng, plan.recorded_at, (5, 40))
    referrer = (plan.referrer.user, plan.referrer.organisation)
    script = Script(sent, key=plan.key, after=after, team=ADVICE_TEAMS[plan.advice])
    casework = scenario.service == "casework"
    deadlines = []
    if scenario.deadline:
        due_on = day_after(sent, rng.randint(*scenario.deadline_days))
        deadlines.append(referrals.Deadline(kind=scenario.deadline, due_on=due_on))
    no_feedback_yet = plan.consent(Purpose.FEEDBACK) is None
    script.add(
        sent,
        "submit",
        referrer,
        service=CASEWORK_SERVICE if casework else ADVICE_SERVICE[plan.advice],
        advice_areas=list(scenario.areas),
        advice_topics=list(scenario.topics),
        reason_text=scenario.reason,
        urgency=Referral.Urgency.URGENT if scenario.urgent else Referral.Urgency.ROUTINE,
        deadlines=deadlines,
        preferred_contact_method=plan.details.get("preferred_contact_method", ""),
        contact_notes=plan.details.get("safe_contact_instructions", ""),
        feedback_consent=first and no_feedback_yet and rng.random() < 0.75,
        from_site=plan.referrer.organisation,
    )
    path = "declined" if declines else pick(rng, ADVICE_PATHS)
    receive(
        rng,
        script,
        path=path,
        backlog=busy_backlog(sent, today),
        requester=referrer,
        areas=scenario.areas,
        urgent=scenario.urgent,
        length=scenario.length,
        outcomes=texts.OUTCOMES[scenario.outcomes],
        channel=_channel(plan),
        in_person=plan.referrer.organisation in SETTINGS,
        waiting=casework,
        withdraw=declines,
    )
    return script


def _to_health(rng: random.Random, plan: PersonPlan, parent: Script) -> Script | None:
    """The adviser refers the person on to a health service while working with them."""
    organisation = plan.referrer.organisation
    teams = {"mental_health": 1}
    if organisation == "chapelfold":
        teams["gp_review"] = 4
    if organisation in LINK_WORKER_PRACTICES:
        teams["social_prescribing"] = 2
    if organisation == "leodishospitals":
        teams["hospital_social_work"] = 2
    team_name = pick(rng, teams)
    reason = rng.choice([r for r in texts.HEALTH_REASONS if r.team == team_name])
    sent = working_moment(rng, parent.started, rng.randint(1, 10))
    if parent.closed is not None and sent >= parent.closed:
        return None
    adviser = parent.by_worker
    team = HEALTH_TEAMS[reason.team]
    script = Script(sent, key=plan.key, after=parent, team=team)
    script.add(
        sent,
        "submit",
        adviser,
        service=HEALTH_SERVICE[reason.team],
        advice_areas=list(reason.areas),
        advice_topics=list(reason.topics),
        reason_text=reason.reason,
        preferred_contact_method=plan.details.get("preferred_contact_method", ""),
        contact_notes=plan.details.get("safe_contact_instructions", ""),
        consent_method=Method.VERBAL,
        feedback_consent=True,
    )
    path = pick(rng, HEALTH_PATHS)
    if path == "cancelled" and rng.random() < 0.5:
        script.add(
            soon_after(rng, sent, (5, 60)), "error", adviser, note=texts.SENT_TO_WRONG_SERVICE
        )
        return script
    receive(
        rng,
        script,
        path=path,
        requester=adviser,
        areas=reason.areas,
        length="quick",
        outcomes=texts.OUTCOMES[reason.team],
        channel=_channel(plan),
        not_eligible=texts.NOT_ELIGIBLE_FOR_HEALTH,
    )
    return script


def _duplicate(rng: random.Random, plan: PersonPlan, parent: Script, *, in_error: bool) -> Script:
    """The same referral sent again by mistake: withdrawn by the referrer or the service."""
    _, _, referrer, submitted = parent.steps[0]
    sent = soon_after(rng, parent.sent, (60, 60 * 30))
    script = Script(sent, key=plan.key, after=parent, team=parent.team)
    script.add(sent, "submit", referrer, **{**submitted, "feedback_consent": False})
    if in_error:
        script.add(soon_after(rng, sent, (5, 90)), "error", referrer, note=texts.SENT_IN_ERROR)
    else:
        script.add(
            soon_after(rng, sent, (30, 480)),
            "cancel",
            parent.by_triage,
            reason=Reason.DUPLICATE,
            note=texts.CANCELLED_DUPLICATE,
        )
    return script


def _phone_line(rng: random.Random, plan: PersonPlan, parent: Script) -> Script:
    """A returning client rings the advice line; the adviser who answers takes the referral."""
    team = parent.team
    areas, topics, reason = rng.choice(texts.PHONE_REASONS)
    adviser = (team.worker_for(rng, areas), team.organisation)
    call = working_moment(rng, parent.closed, rng.randint(20, 180))
    script = Script(call, key=plan.key, after=parent, team=team, worker=adviser[0])
    script.add(
        call,
        "submit",
        adviser,
        service=ADVICE_SERVICE[team.organisation],
        advice_areas=list(areas),
        advice_topics=list(topics),
        reason_text=reason,
        preferred_contact_method="phone",
        consent_method=Method.VERBAL,
        channel=Referral.Channel.PHONE_LINE,
    )
    accepted = script.add(soon_after(rng, call, (2, 8)), "accept", adviser, adviser=adviser[0])
    spoke = script.add(
        soon_after(rng, accepted, (1, 5)),
        "attempt",
        adviser,
        channel=ContactAttempt.Channel.PHONE,
        outcome=ContactAttempt.Outcome.CONTACTED,
    )
    work(rng, script, spoke, length="quick", outcomes=texts.OUTCOMES[topics[0]])
    return script


def _channel(plan: PersonPlan) -> str:
    method = plan.details.get("preferred_contact_method") or "letter"
    return method if method in ContactAttempt.Channel.values else ContactAttempt.Channel.PHONE


# Referrals that nobody has triaged yet, so the inbox's "New" tab is never empty.
NEW_IN_INBOX = 4


def leave_newest_untriaged(
    scripts: list[Script], *, until: datetime.datetime, count: int = NEW_IN_INBOX
) -> None:
    """The newest referrals wait to be triaged, whatever day of the week the demo is loaded.

    Without this, whether any referral is still waiting would depend on the day: loaded on a
    Saturday, Friday's referrals have all been accepted by Friday evening.
    """
    followed = {id(script.after) for script in scripts if script.after is not None}
    waiting = [
        script
        for script in scripts
        if id(script) not in followed and script.steps and script.sent <= until
    ]
    for script in sorted(waiting, key=lambda script: script.sent)[-count:]:
        script.steps = [step for step in script.steps if step[1] in ("submit", "self_submit")]
