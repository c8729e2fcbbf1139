"""Every permission in the platform, named once, and which roles hold it."""

from enum import StrEnum

from hjp.accounts.models import Role


class Permission(StrEnum):
    VIEW_PEOPLE = "people.view"
    SEARCH_PEOPLE = "people.search"
    ADD_PERSON = "people.add"
    CHANGE_PERSON = "people.change"
    VIEW_CONSENT = "consent.view"
    RECORD_CONSENT = "consent.record"
    VIEW_CONSENT_RENEWALS = "consent.view_renewals"
    VIEW_PARTNERSHIP = "partnerships.view"
    MANAGE_PARTNERSHIP = "partnerships.manage"
    VIEW_AUDIT = "audit.view"
    VIEW_REFERRALS = "referrals.view"
    MAKE_REFERRAL = "referrals.make"
    ACT_ON_REFERRAL = "referrals.act"
    LOG_PHONE_REFERRAL = "referrals.log_phone"
    VIEW_CASES = "cases.view"
    HOLD_CASES = "cases.hold"
    # Casework: opening a case directly, issues, notes, tasks, documents, appointments, closing.
    WORK_ON_CASES = "cases.work"
    # The service's view: every deadline, workload per adviser, conflict waivers, file review.
    SUPERVISE_CASES = "cases.supervise"
    SET_SERVICE_CAPACITY = "directory.set_capacity"
    # What a role works with every day, so its menu offers it (the pages check their own).
    BROWSE_PEOPLE = "people.browse"
    BROWSE_PARTNERSHIPS = "partnerships.browse"
    # Aggregate reports of a partnership, disclosure-controlled, and their packs.
    VIEW_REPORTS = "reporting.view"
    # The coordinator's report: sliced by site and advice area, with coordinator packs.
    ANALYSE_REPORTS = "reporting.analyse"
    # Medical evidence: advisers ask for it on a case issue; health staff answer for their team.
    REQUEST_EVIDENCE = "evidence.request"
    ANSWER_EVIDENCE = "evidence.answer"
    # Questions between the teams ("ask an adviser", "ask a clinician") and case discussions.
    CONSULT = "consultations.use"
    # Clinic sessions: setting up the schedule, the adviser's day list, booking a patient in.
    MANAGE_CLINICS = "clinics.manage"
    VIEW_CLINIC_DAY = "clinics.view_day"
    BOOK_CLINIC = "clinics.book"


_CARE_STAFF = {Role.REFERRER, Role.ADVISER, Role.SUPERVISOR}

# Deny by default: a role holds only what is listed here.
ROLE_PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_PEOPLE: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.SEARCH_PEOPLE: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.ADD_PERSON: frozenset(_CARE_STAFF),
    Permission.CHANGE_PERSON: frozenset(_CARE_STAFF),
    Permission.VIEW_CONSENT: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.RECORD_CONSENT: frozenset(_CARE_STAFF),
    Permission.VIEW_CONSENT_RENEWALS: frozenset(_CARE_STAFF),
    Permission.VIEW_PARTNERSHIP: frozenset(set(Role) - {Role.ADMIN}),
    Permission.MANAGE_PARTNERSHIP: frozenset({Role.COORDINATOR}),
    Permission.VIEW_AUDIT: frozenset({Role.PRIVACY_OFFICER}),
    Permission.VIEW_REFERRALS: frozenset(_CARE_STAFF),
    Permission.MAKE_REFERRAL: frozenset(_CARE_STAFF),
    # Which end of a referral may move which edge is decided by the status machine.
    Permission.ACT_ON_REFERRAL: frozenset(_CARE_STAFF),
    Permission.LOG_PHONE_REFERRAL: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    Permission.VIEW_CASES: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    # Who may be allocated a referral and hold its case.
    Permission.HOLD_CASES: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    Permission.WORK_ON_CASES: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    Permission.SUPERVISE_CASES: frozenset({Role.SUPERVISOR}),
    # Opening and closing their own organisation's services to referrals.
    Permission.SET_SERVICE_CAPACITY: frozenset({Role.SUPERVISOR, Role.COORDINATOR}),
    Permission.BROWSE_PEOPLE: frozenset(_CARE_STAFF),
    Permission.BROWSE_PARTNERSHIPS: frozenset(
        {Role.COORDINATOR, Role.SUPERVISOR, Role.FUNDER, Role.PRIVACY_OFFICER}
    ),
    Permission.VIEW_REPORTS: frozenset({Role.COORDINATOR, Role.FUNDER}),
    Permission.ANALYSE_REPORTS: frozenset({Role.COORDINATOR}),
    Permission.REQUEST_EVIDENCE: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    Permission.ANSWER_EVIDENCE: frozenset({Role.REFERRER}),
    Permission.CONSULT: frozenset(_CARE_STAFF),
    Permission.MANAGE_CLINICS: frozenset({Role.SUPERVISOR, Role.COORDINATOR}),
    Permission.VIEW_CLINIC_DAY: frozenset({Role.ADVISER, Role.SUPERVISOR}),
    Permission.BOOK_CLINIC: frozenset(_CARE_STAFF),
}
