"""The casework benchmark's data, written with the models' bulk_create (no services, no audit):
one advice organisation with its advisers and cases, and one case with a full file.

`seed_casework(config, seed)` is called once per size: the first call makes the organisation,
the users and the full case; every call adds cases until the organisation holds
`config["cases"]`. Each case has its own client, whom the organisation sees through the case's
sharing record. The viewing adviser holds one case in five; 70% of cases are open.
"""

import datetime
import random
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench._seed import BATCH, _person, _tenant, _user
from hjp.accounts.models import Role, User
from hjp.cases.models import (
    Appointment,
    Case,
    CaseDocument,
    CaseIssue,
    CaseNote,
    CaseNoteVersion,
    CaseTask,
    DocumentContent,
    OpposingParty,
)
from hjp.people.models import Person, PersonShare

ADVISERS = 5
FULL_CASE = {"notes": 50, "documents": 10, "deadlines": 10, "appointments": 4, "issues": 3}


def seed_casework(config: dict, seed: dict) -> dict:
    rng = random.Random(20261205 + len(seed))
    if not seed:
        seed = _set_up(rng)
    tenant_advice_id = seed["organisation"]
    advisers = list(User.objects.filter(email__in=seed["advisers"]).order_by("email"))
    have = Case.objects.filter(organisation_id=tenant_advice_id).count()
    _add_cases(rng, tenant_advice_id, advisers, config["cases"] - have)
    return seed


def _set_up(rng: random.Random) -> dict:
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    tenant = _tenant(0)
    emails = [_user(f"adviser{n}", tenant.advice, Role.ADVISER, hashed) for n in range(ADVISERS)]
    supervisor = _user("supervisor", tenant.advice, Role.SUPERVISOR, hashed)
    viewer = User.objects.get(email=emails[0])
    case = _full_case(rng, tenant, viewer)
    return {
        "password": password,
        "organisation": str(tenant.advice.pk),
        "advisers": emails,
        "adviser": emails[0],
        "supervisor": supervisor,
        "case": str(case.pk),
    }


def _add_cases(rng: random.Random, organisation_id, advisers: list, count: int) -> None:
    now = timezone.now()
    for start in range(0, max(count, 0), BATCH):
        size = min(BATCH, count - start)
        people = [_person(rng, None) for _ in range(size)]
        cases, shares = [], []
        for person in people:
            opened = now - datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
            is_open = rng.random() < 0.7
            case = Case(
                person=person,
                organisation_id=organisation_id,
                adviser=advisers[rng.randrange(len(advisers))],
                opened_via=Case.OpenedVia.REFERRAL,
                advice_areas=["welfare_benefits"],
                status=Case.Status.OPEN if is_open else Case.Status.CLOSED,
                opened_at=opened,
                closed_at=None if is_open else opened + datetime.timedelta(days=30),
                last_activity_at=opened + datetime.timedelta(days=rng.randint(0, 60)),
                next_deadline_on=(now + datetime.timedelta(days=rng.randint(1, 60))).date()
                if is_open and rng.random() < 0.5
                else None,
                client_match_name=f"{person.given_name} {person.family_name}".lower(),
            )
            cases.append(case)
            shares.append(
                PersonShare(
                    person=person,
                    organisation_id=organisation_id,
                    reason=PersonShare.Reason.CASE,
                    source_type="cases.case",
                    source_id=str(case.pk),
                )
            )
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=BATCH)
            Case.objects.bulk_create(cases, batch_size=BATCH)
            PersonShare.objects.bulk_create(shares, batch_size=BATCH)


def _full_case(rng: random.Random, tenant, viewer) -> Case:
    """The case page's case: issues with opponents, 50 notes, 10 documents, 10 deadlines."""
    now = timezone.now()
    person = _person(rng, None)
    person.save()
    case = Case.objects.create(
        person=person,
        organisation=tenant.advice,
        adviser=viewer,
        opened_at=now - datetime.timedelta(days=200),
        last_activity_at=now,
        next_deadline_on=timezone.localdate() + datetime.timedelta(days=3),
        client_match_name="bench client",
    )
    PersonShare.objects.create(
        person=person,
        organisation=tenant.advice,
        reason=PersonShare.Reason.CASE,
        source_id=str(case.pk),
    )
    issues = CaseIssue.objects.bulk_create(
        [
            CaseIssue(case=case, advice_area="welfare_benefits", topic="pip")
            for _ in range(FULL_CASE["issues"])
        ]
    )
    OpposingParty.objects.bulk_create(
        [
            OpposingParty(
                issue=i, organisation=tenant.advice, kind="dwp", name="DWP", match_name="dwp"
            )
            for i in issues
        ]
    )
    notes = [
        CaseNote(
            case=case,
            note_type="file_note",
            subject=f"Note {n}",
            body="Worked on the claim. " * 20,
            activity_date=timezone.localdate() - datetime.timedelta(days=n),
            minutes=15,
            author=viewer,
            shared_summary=n % 10 == 0,
        )
        for n in range(FULL_CASE["notes"])
    ]
    CaseNote.objects.bulk_create(notes)
    CaseNoteVersion.objects.bulk_create(
        [
            CaseNoteVersion(
                note=note,
                version=1,
                note_type=note.note_type,
                subject=note.subject,
                body=note.body,
                activity_date=note.activity_date,
                minutes=note.minutes,
                written_by=viewer,
                written_at=now,
            )
            for note in notes
        ]
    )
    documents = [
        CaseDocument(
            case=case,
            document_type="correspondence",
            title=f"Letter {n}",
            filename="letter.pdf",
            content_type="application/pdf",
            size=4096,
            source="dwp",
            uploaded_by=viewer,
            key_id="bench",
            sha256="0" * 64,
        )
        for n in range(FULL_CASE["documents"])
    ]
    CaseDocument.objects.bulk_create(documents)
    DocumentContent.objects.bulk_create(
        [DocumentContent(document=d, ciphertext=secrets.token_bytes(4096)) for d in documents]
    )
    tasks = CaseTask.objects.bulk_create(
        [
            CaseTask(
                case=case,
                kind="deadline",
                task_type="other_deadline",
                title=f"Deadline {n}",
                due_date=timezone.localdate() + datetime.timedelta(days=3 + n),
                created_by=viewer,
            )
            for n in range(FULL_CASE["deadlines"])
        ]
    )
    for task in tasks:
        task.assignees.add(viewer)
    Appointment.objects.bulk_create(
        [
            Appointment(
                case=case,
                starts_at=now + datetime.timedelta(days=n - 2),
                duration_minutes=45,
                mode="phone",
                adviser=viewer,
                booked_by=viewer,
                attendance="attended" if n < 2 else "booked",
            )
            for n in range(FULL_CASE["appointments"])
        ]
    )
    return case
