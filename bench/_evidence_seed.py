"""The evidence benchmark's data, written with the models' bulk_create (no services, no audit):
a health organisation asked for medical evidence by its partnership's advice organisation, and
the clinician who reads "requests to my team".

`seed_evidence(config, seed)` is called once per size: the first call makes the tenant, the
clinician and one open case with an issue; every call adds requests until the health
organisation holds `config["requests"]`. Each request has its own person with consent to release
health information covering the health organisation (the ledger row, its scope and the
current-consent row the inbox checks). The requests share the one case: the health team's list
never reads the case. 10% are waiting for an answer, 60% provided, 30% closed, as a list that
has run for years would be.
"""

import datetime
import random
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench._seed import BATCH, _person, _tenant, _user
from hjp.accounts.models import Role, User
from hjp.cases.models import Case, CaseIssue
from hjp.consent.models import Consent, ConsentScope, CurrentConsent, Decision, Method, Purpose
from hjp.evidence.models import EvidenceRequest, inbox_tab_of
from hjp.evidence.status import Status
from hjp.people.models import Person

STATUS_WEIGHTS = {
    Status.SENT: 6,
    Status.ACKNOWLEDGED: 3,
    Status.CLARIFICATION_REQUESTED: 1,
    Status.PROVIDED: 60,
    Status.DECLINED: 10,
    Status.WITHDRAWN: 10,
    Status.EXPIRED: 10,
}


def seed_evidence(config: dict, seed: dict) -> dict:
    rng = random.Random(20261205 + len(seed))
    if not seed:
        seed = _set_up()
    have = EvidenceRequest.objects.filter(to_organisation_id=seed["organisation"]).count()
    _add_requests(rng, seed, config["requests"] - have)
    return seed


def _set_up() -> dict:
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    tenant = _tenant(0)
    clinician = _user("clinician", tenant.practice, Role.REFERRER, hashed)
    adviser = _user("adviser", tenant.advice, Role.ADVISER, hashed)
    person = _person(random.Random(1), tenant.advice)
    person.save()
    case = Case.objects.create(
        person=person,
        organisation=tenant.advice,
        adviser=User.objects.get(email=adviser),
        opened_at=timezone.now(),
    )
    issue = CaseIssue.objects.create(case=case, advice_area="welfare_benefits", topic="pip")
    return {
        "password": password,
        "clinician": clinician,
        "adviser": adviser,
        "organisation": str(tenant.practice.pk),
        "advice": str(tenant.advice.pk),
        "partnership": str(tenant.partnership.pk),
        "case": str(case.pk),
        "issue": str(issue.pk),
    }


def _add_requests(rng: random.Random, seed: dict, count: int) -> None:
    adviser = User.objects.get(email=seed["adviser"])
    for start in range(0, max(count, 0), BATCH):
        rows: dict[type, list] = {
            m: [] for m in (Person, Consent, ConsentScope, CurrentConsent, EvidenceRequest)
        }
        for _ in range(min(BATCH, count - start)):
            _add_request(rng, seed, adviser, rows)
        with transaction.atomic():
            for model, objects in rows.items():
                model.objects.bulk_create(objects, batch_size=BATCH)


def _add_request(rng: random.Random, seed: dict, adviser, rows: dict) -> None:
    now = timezone.now()
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    waiting = inbox_tab_of(status) == "to_do"
    sent_at = now - datetime.timedelta(
        days=rng.uniform(0, 20) if waiting else rng.uniform(20, 2000)
    )
    due_on = (sent_at + datetime.timedelta(days=rng.randint(7, 21))).date()
    person = _person(rng, None)
    consent = Consent(
        person=person,
        sequence=1,
        purpose=Purpose.HEALTH_INFORMATION,
        decision=Decision.GIVEN,
        method=Method.WRITTEN,
        recorded_at=sent_at,
        recorded_by_organisation_id=seed["advice"],
    )
    answered = sent_at + datetime.timedelta(days=rng.uniform(1, 14))
    rows[Person].append(person)
    rows[Consent].append(consent)
    rows[ConsentScope].append(ConsentScope(consent=consent, organisation_id=seed["organisation"]))
    rows[CurrentConsent].append(
        CurrentConsent(
            person=person,
            purpose=Purpose.HEALTH_INFORMATION,
            organisation_id=seed["organisation"],
            consent=consent,
            decision=Decision.GIVEN,
        )
    )
    rows[EvidenceRequest].append(
        EvidenceRequest(
            partnership_id=seed["partnership"],
            case_id=seed["case"],
            issue_id=seed["issue"],
            person=person,
            from_organisation_id=seed["advice"],
            requested_by=adviser,
            to_organisation_id=seed["organisation"],
            kind="supporting_letter",
            questions=["What are the person's diagnoses, and since when?"],
            purpose="Mandatory reconsideration",
            due_on=due_on,
            expires_on=due_on + datetime.timedelta(days=14),
            status=status,
            inbox_tab=inbox_tab_of(status),
            consent=consent,
            sent_at=sent_at,
            provided_at=answered
            if status in (Status.PROVIDED, Status.CLARIFICATION_REQUESTED)
            else None,
            closed_at=answered if inbox_tab_of(status) == "closed" else None,
        )
    )
