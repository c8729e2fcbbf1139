"""A year of casework on the demo's accepted referrals, written through the casework services.

Each accepted referral's case gets, between its acceptance and its end: a first note, often a
decision letter with the reconsideration deadline it starts, a call-back task, an appointment
(some not attended), sometimes a move to casework level and a new stage, further notes of every
type and a shared summary for the referrer. Where the referral's script would have completed the
referral, the case is closed with its outcome instead, which completes the referral. A few
closed cases are reopened; a few cases are opened directly for walk-ins; the advice centre's
supervisor reviews files every month and confirms the actions. Steps planned after the present
moment are cut with the rest of the timeline, which leaves recent cases open with pending
deadlines.
"""

import contextlib
import datetime
import random
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hjp.cases.deadline_rules import rule_for_document
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseTask, FileReview, NoteType, ReviewAction
from hjp.cases.review_checklist import CHECKLIST
from hjp.cases.services import appointments, closure, deadlines, documents, issues, notes, reviews
from hjp.demo import outcomes as demo_outcomes
from hjp.demo.clock import Timeline, soon_after, working_moment
from hjp.demo.scripts import ADVICE_TEAMS, Script
from hjp.demo.world import DemoWorld, acting
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models.wellbeing import Timepoint
from hjp.people.models import Person

LETTER = b"%PDF-1.4\n% Demo decision letter: fictional, for the demonstration only.\n%%EOF\n"
FIRST_NOTES = [
    (
        "Initial assessment",
        "Went through the client's situation, income and the letters they brought.",
    ),
    ("First call", "Spoke to the client about the referral and what we can help with."),
]
LATER_NOTES = [
    (
        NoteType.RESEARCH,
        "Checked entitlement",
        "Worked through the descriptors against the evidence.",
    ),
    (NoteType.LETTER_OUT, "Letter to DWP", "Sent the request with the supporting evidence."),
    (NoteType.PHONE_IN, "Client called", "Client rang with an update and a new letter."),
    (NoteType.PHONE_OUT, "Called the council", "Called the council about the backdating request."),
    (NoteType.LETTER_IN, "Reply received", "Reply received; next steps agreed with the client."),
    (NoteType.FILE_NOTE, "File note", "Chased by phone; promised a decision within two weeks."),
    (NoteType.SUPERVISION, "Supervision", "Discussed the approach with the supervisor; agreed."),
]
SUMMARY = (
    "Summary for the referrer",
    "We have met the client, checked their entitlement and are helping with the next steps.",
)
STAGES = {
    "welfare_benefits": ["mandatory_reconsideration", "first_tier_tribunal", "initial_claim"],
    "housing": ["court", "negotiation"],
    "debt": ["negotiation"],
    "employment": ["negotiation", "court"],
}
CLOSE_REASONS = {"resolved": 6, "client_to_act": 3, "referred_on": 1}
REVIEW_ACTION = "Confirm the advice to the client in writing and note it on the file"


class CaseSteps:
    """The casework of one scripted referral, run step by step once its case exists."""

    def __init__(self, world: DemoWorld, stories: dict, key: int, by: tuple[str, str], rng):
        self.world, self.stories, self.key, self.by, self.rng = world, stories, key, by, rng
        self.pending_appointment = (None, "")

    @property
    def story(self):
        return self.stories[self.key]

    def case(self) -> Case | None:
        referral = self.story.referral
        return Case.objects.filter(referral=referral).first() if referral is not None else None

    def run(self, action: str, **arguments) -> None:
        case = self.case()
        if case is None or (not case.is_open and action != "reopen"):
            return
        actor = acting(self.world, *self.by)
        # A step the rules refuse in this history (a conflict, a case closed early) is skipped.
        with contextlib.suppress(CaseworkError, OutcomeError):
            getattr(self, action)(case, actor, **arguments)

    def wellbeing(self, timepoint: str) -> None:
        """Ask the wellbeing questions, open case or not; refused without evaluation consent."""
        case = self.case()
        if case is None:
            return
        with contextlib.suppress(OutcomeError):
            demo_outcomes.record_wellbeing(
                case, acting(self.world, *self.by), self.rng, timepoint=timepoint
            )

    def note(self, case, actor, *, note_type, subject, body, shared=False) -> None:
        notes.add_note(
            case,
            by=actor,
            note_type=note_type,
            subject=subject,
            body=body,
            activity_date=timezone.localdate(),
            minutes=self.rng.choice([10, 15, 20, 30, 45, 60]),
            shared_summary=shared,
        )

    def letter(self, case, actor, *, days_old: int) -> None:
        dated = timezone.localdate() - datetime.timedelta(days=days_old)
        document = documents.upload_document(
            case,
            by=actor,
            uploaded_file=SimpleUploadedFile("decision-letter.pdf", LETTER),
            document_type="decision_letter",
            title="Decision letter",
            document_date=dated,
            source="dwp",
            minutes=5,
        )
        rule = rule_for_document(document.document_type, dated)
        deadlines.add_deadline(
            case,
            by=actor,
            rule=rule,
            trigger_date=dated,
            assignees=[actor.user],
            source_document=document,
        )

    def settle(self, case, actor, *, outcome: str) -> None:
        for task in CaseTask.objects.filter(case=case, status=CaseTask.Status.OPEN):
            reason = "Client did not return the signed form in time" if outcome == "missed" else ""
            if task.kind == CaseTask.Kind.TASK:
                deadlines.complete_task(task, by=actor, outcome="done")
            else:
                deadlines.complete_task(task, by=actor, outcome=outcome, reason=reason)

    def task(self, case, actor) -> None:
        deadlines.add_task(
            case,
            by=actor,
            title="Call the client back",
            task_type="call_client",
            due_date=timezone.localdate() + datetime.timedelta(days=5),
            assignees=[actor.user],
        )

    def appointment(self, case, actor, *, attendance: str) -> None:
        start = working_moment(self.rng, timezone.now(), 3).replace(minute=0, second=0)
        booked = appointments.book_appointment(
            case,
            by=actor,
            starts_at=start,
            duration_minutes=45,
            mode=self.rng.choice(["face_to_face", "phone"]),
            adviser=actor.user,
            site=self.world.sites.get("chapelfold"),
        )
        self.pending_appointment = (booked, attendance)

    def attend(self, case, actor) -> None:
        booked, attendance = self.pending_appointment
        if booked is not None and booked.starts_at <= timezone.now():
            appointments.record_attendance(
                booked,
                by=actor,
                attendance=attendance,
                minutes=45 if attendance == "attended" else 0,
            )

    def escalate(self, case, actor) -> None:
        issue = case.issues.first()
        if issue is None:
            return
        level = self.rng.choice(["casework", "casework", "representation"])
        issues.change_level(issue, by=actor, level=level, reason="Acting for the client")
        stage = STAGES.get(issue.advice_area)
        if stage:
            issues.change_stage(issue, by=actor, stage=self.rng.choice(stage))

    def close(self, case, actor, *, reason: str, summary: str) -> None:
        self.settle(case, actor, outcome="met")
        if reason in ("resolved", "client_to_act"):
            demo_outcomes.record_case_outcomes(case, actor, self.rng)
        closure.close_case_with_outcome(
            case,
            by=actor,
            reason=reason,
            outcome_notes={
                issue.pk: "Advice given; outcome agreed with the client."
                for issue in case.issues.all()
            },
            summary_for_referrer=summary,
            no_outcomes=demo_outcomes.nothing_else(case),
            tell_referrer_outcomes=self.rng.random() < 0.5,
        )

    def reopen(self, case, actor) -> None:
        if not case.is_open:
            closure.reopen_case(case, by=actor, reason="The client has a new decision letter")


def _plan_case(rng: random.Random, timeline: Timeline, steps: CaseSteps, script: Script) -> None:
    """Put one case's casework on the timeline, between acceptance and the referral's end."""
    accepted = next(moment for moment, action, _, _ in script.steps if action == "accept")
    end = next((step for step in script.steps if step[1] == "complete"), None)
    if end is not None:
        # The case closes with its outcome, which completes the referral.
        script.steps.remove(end)
    until = end[0] if end is not None else accepted + datetime.timedelta(days=365)
    at = partial(_at, timeline, until)
    first = working_moment(rng, accepted, rng.randint(0, 2))
    subject, body = rng.choice(FIRST_NOTES)
    at(first, steps.run, "note", note_type=NoteType.ATTENDANCE, subject=subject, body=body)
    at(soon_after(rng, first, (5, 30)), steps.run, "task")
    if rng.random() < 0.7:
        baseline = soon_after(rng, first, (35, 50))
        if timeline.at(baseline, partial(steps.wellbeing, Timepoint.BASELINE)):
            months = steps.world.partnership.wellbeing_follow_up_months
            follow_up = demo_outcomes.follow_up_moment(baseline, months)
            if rng.random() < 0.75:
                timeline.at(follow_up, partial(steps.wellbeing, Timepoint.FOLLOW_UP))
    if rng.random() < 0.6:
        at(soon_after(rng, first, (40, 90)), steps.run, "letter", days_old=rng.randint(3, 20))
    attendance = rng.choices(["attended", "did_not_attend", "cancelled_by_client"], [16, 3, 1])[0]
    booking = working_moment(rng, first, 1)
    at(booking, steps.run, "appointment", attendance=attendance)
    at(working_moment(rng, booking, 5), steps.run, "attend")
    if rng.random() < 0.4:
        at(working_moment(rng, first, 2), steps.run, "escalate")
    middle = first + (until - first) / 2
    for _ in range(rng.randint(1, 3)):
        note_type, subject, body = rng.choice(LATER_NOTES)
        at(
            working_moment(rng, first, rng.randint(2, 15)),
            steps.run,
            "note",
            note_type=note_type,
            subject=subject,
            body=body,
        )
    outcome = rng.choices(["met", "missed", "not_pursued"], [17, 2, 1])[0]
    at(middle, steps.run, "settle", outcome=outcome)
    if rng.random() < 0.6:
        at(
            middle + datetime.timedelta(hours=1),
            steps.run,
            "note",
            note_type=NoteType.FILE_NOTE,
            subject=SUMMARY[0],
            body=SUMMARY[1],
            shared=True,
        )
    if end is not None:
        reason = rng.choices(list(CLOSE_REASONS), list(CLOSE_REASONS.values()))[0]
        summary = end[3].get("outcome_summary", "")
        timeline.at(end[0], partial(steps.run, "close", reason=reason, summary=summary))
        if rng.random() < 0.08:
            reopened = working_moment(rng, end[0], rng.randint(15, 60))
            timeline.at(reopened, partial(steps.run, "reopen"))
            timeline.at(
                soon_after(rng, reopened, (10, 60)),
                partial(
                    steps.run,
                    "note",
                    note_type=NoteType.LETTER_IN,
                    subject="New decision letter",
                    body="The client has brought in a new decision letter.",
                ),
            )


def _at(timeline: Timeline, until: datetime.datetime, moment, action, *args, **kwargs) -> None:
    """Plan a casework step, but only before the case's end."""
    if moment < until:
        timeline.at(moment, partial(action, *args, **kwargs))


def schedule_casework(
    world: DemoWorld, timeline: Timeline, scripts: list[Script], stories: dict, rng: random.Random
) -> None:
    """Plan the casework of every accepted referral. Call it before the referrals are scheduled
    (it replaces their completion by the case's closing); `stories` is filled in then."""
    for script in scripts:
        accept = next((step for step in script.steps if step[1] == "accept"), None)
        if accept is None or accept[2][1] not in ADVICE_TEAMS:
            continue
        if any(step[1] == "fail" for step in script.steps):
            # Referrals closed as not completed (nobody reached) keep their own short history.
            continue
        by = (accept[3]["adviser"], accept[2][1])
        _plan_case(rng, timeline, CaseSteps(world, stories, id(script), by, rng), script)


# --- File review --------------------------------------------------------------------------------


def schedule_file_review(
    world: DemoWorld, timeline: Timeline, rng: random.Random, *, start
) -> None:
    """The advice centre's supervisor sets schedules, then reviews two files a month."""
    supervisor = ("Janet Whitaker", "kirkgateadvice")
    caseworkers = ["Imran Siddiqui", "Tomasz Nowak", "Hannah Crowther"]
    timeline.at(
        working_moment(rng, start, 1), partial(_set_schedules, world, supervisor, caseworkers)
    )
    month = start
    while month < timeline.until:
        month = working_moment(rng, month, 20)
        for name in caseworkers:
            timeline.at(
                working_moment(rng, month, rng.randint(0, 4)),
                partial(_review, world, supervisor, name, rng),
            )
        timeline.at(working_moment(rng, month, 6), partial(_confirm_actions, world, supervisor))


def _set_schedules(world: DemoWorld, supervisor, caseworkers) -> None:
    actor = acting(world, *supervisor)
    for name in caseworkers:
        reviews.set_review_schedule(
            by=actor,
            caseworker=world.users[name],
            files_per_period=2,
            period="month",
            reason="Standard: two files a month for every caseworker",
        )


def _review(world: DemoWorld, supervisor, name: str, rng: random.Random) -> None:
    actor = acting(world, *supervisor)
    case = (
        Case.objects.filter(
            organisation=world.organisations["kirkgateadvice"], adviser=world.users[name]
        )
        .order_by("-opened_at")
        .first()
    )
    if case is None:
        return
    needs_action = rng.random() < 0.3
    ratings = {}
    for item in CHECKLIST:
        if item.closed_files_only and case.is_open:
            ratings[item.code] = FileReview.Rating.NOT_APPLICABLE
        else:
            ratings[item.code] = FileReview.Rating.MET
    if needs_action:
        ratings[CHECKLIST[3].code] = FileReview.Rating.PARTLY
    try:
        review = reviews.record_file_review(
            case,
            by=actor,
            ratings=ratings,
            overall=FileReview.Overall.WITH_ACTIONS
            if needs_action
            else FileReview.Overall.SATISFACTORY,
            comments="Well-organised file."
            if not needs_action
            else "Good advice; confirm it in writing.",
            actions=[REVIEW_ACTION] if needs_action else [],
        )
    except CaseworkError:
        return
    del review


def _confirm_actions(world: DemoWorld, supervisor) -> None:
    """The supervisor checks the actions raised at least two weeks ago and confirms them."""
    actor = acting(world, *supervisor)
    due = timezone.now() - datetime.timedelta(days=14)
    for action in ReviewAction.objects.filter(
        confirmed_at__isnull=True,
        review__reviewer=world.users[supervisor[0]],
        review__reviewed_at__lt=due,
    ):
        reviews.confirm_review_action(action, by=actor, note="Saw the letter on the file")


# --- Walk-ins -----------------------------------------------------------------------------------


def schedule_walk_ins(world: DemoWorld, timeline: Timeline, rng: random.Random, *, start) -> None:
    """A few people who came to the advice centre without a referral."""
    for _ in range(5):
        moment = working_moment(rng, start, rng.randint(20, 230))
        timeline.at(moment, partial(_walk_in, world, rng))


def _walk_in(world: DemoWorld, rng: random.Random) -> None:
    actor = acting(world, "Hannah Crowther", "kirkgateadvice")
    people = Person.objects.filter(created_by_organisation__in=world.organisations.values())
    person = people.order_by("family_name", "given_name", "pk")[
        rng.randrange(max(1, people.count()))
    ]
    case = issues.open_case_directly(
        person,
        by=actor,
        opened_via=rng.choice(["walk_in", "phone", "clinic"]),
        adviser=actor.user,
        advice_area="debt",
        topic=rng.choice(["priority_debt", "bailiffs", "breathing_space"]),
    )
    issues.add_opposing_party(
        case.issues.get(),
        by=actor,
        kind="creditor",
        name=rng.choice(["Quickcash Loans Ltd", "Northern Power Ltd"]),
    )
    notes.add_note(
        case,
        by=actor,
        note_type=NoteType.ATTENDANCE,
        subject="Came in without a referral",
        body="Talked through the debts and the letters from creditors; gave initial advice.",
        activity_date=timezone.localdate(),
        minutes=40,
    )
