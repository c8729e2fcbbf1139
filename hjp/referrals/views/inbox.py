"""The receiving service's inbox, the referral page for both sides, and every status action."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from hjp.accounts.actor import Actor
from hjp.accounts.decorators import permission_required
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.accounts.rules import has_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.models import Case
from hjp.core.formatting import format_date, format_datetime
from hjp.core.forms import select_items
from hjp.core.pagination import paginate
from hjp.core.working_days import working_days_between
from hjp.partnerships.models import Organisation, Site
from hjp.people.models import ContactMethod
from hjp.people.presenters import PersonPresenter
from hjp.referrals import services
from hjp.referrals.inbox_forms import (
    STATUS_PAGE_MOVES,
    TAB_CLOSED,
    TAB_OPEN,
    TAB_OVERDUE,
    TABS,
    UNASSIGNED,
    InboxFilterForm,
)
from hjp.referrals.models import ContactAttempt, Referral
from hjp.referrals.presenters import ReferralPresenter, receiver_timeline, requester_timeline
from hjp.referrals.status import (
    CLOSED,
    TRANSITIONS,
    Reason,
    Side,
    Status,
)
from hjp.referrals.topics import ADVICE_TOPICS

MOVE_LABELS = {
    Status.ACCEPTED: "Accept the referral",
    Status.REJECTED: "Do not accept",
    Status.ON_HOLD: "Put on hold",
    Status.COMPLETED: "Close with an outcome",
    Status.FAILED: "Close without completing",
    Status.CANCELLED: "Cancel the referral",
    Status.ENTERED_IN_ERROR: "Mark as entered in error",
}
# Display order of the moves offered on the referral page.
MOVE_ORDER = [Status.ACCEPTED, Status.REJECTED, *STATUS_PAGE_MOVES]
OPEN_WORK = [Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD]
AWAITING_FIRST_CONTACT = [Status.REQUESTED, *OPEN_WORK]


def side_of(referral: Referral, actor: Actor) -> Side | None:
    """Which end of the referral the organisation acted for is."""
    organisation_id = actor.organisation_id if actor.has_membership else None
    if organisation_id is not None and organisation_id == referral.to_organisation_id:
        return Side.RECEIVER
    if organisation_id is not None and organisation_id == referral.from_organisation_id:
        return Side.REQUESTER
    return None


def allowed_moves(status: str, side: Side | None) -> list[str]:
    """The statuses `side` may move a referral to from `status`, in display order."""
    return [target for target in MOVE_ORDER if side in TRANSITIONS.get((status, target), ())]


def move_label(status: str, target: str) -> str:
    if target == Status.IN_PROGRESS:
        return "Resume work" if status == Status.ON_HOLD else "Start work"
    return MOVE_LABELS[target]


def visible_referrals(actor: Actor):
    return (
        Referral.objects.visible_to(actor)
        .select_related(
            "person",
            "partnership",
            "from_organisation",
            "from_site",
            "referred_by",
            "service",
            "to_organisation",
            "assigned_to",
        )
        .prefetch_related("deadlines")
    )


def allocatable_users(actor: Actor, *, organisation_id, organisation_kind: str) -> list[User]:
    """Who can hold a case: the advisers and supervisors of an advice organisation (any care
    staff of a health organisation receiving a referral), and always the person accepting."""
    permission = Permission.HOLD_CASES
    if organisation_kind != Organisation.Kind.ADVICE:
        permission = Permission.ACT_ON_REFERRAL
    members = Membership.objects.active().filter(
        organisation_id=organisation_id, role__in=ROLE_PERMISSIONS[permission]
    )
    users = list(User.objects.filter(is_active=True, memberships__in=members).distinct())
    if actor.user is not None and actor.user_id not in {u.pk for u in users}:
        users.insert(0, actor.user)
    return users


# ---------------------------------------------------------------------------------------------
# Inbox


@dataclass(frozen=True)
class InboxItem:
    """One inbox row's data: the referral with its presenter and SLA figures."""

    referral: Referral
    presenter: ReferralPresenter
    age_band: str
    waiting_days: int
    overdue: bool

    @classmethod
    def of(cls, referral: Referral, today) -> "InboxItem":
        end = referral.first_contact_at or referral.closed_at or today
        return cls(
            referral=referral,
            presenter=ReferralPresenter(referral),
            age_band=referral.person.age_band(today),
            waiting_days=working_days_between(referral.sent_at, end) if referral.sent_at else 0,
            overdue=referral.is_first_contact_overdue(today),
        )


def _tab_filter(tab: str, today) -> Q:
    """Which referrals a tab holds, as one condition: it lists them and counts them alike."""
    if tab == TAB_OVERDUE:
        # Referral.objects.overdue_first_contact(today), as a condition.
        return Q(
            status__in=AWAITING_FIRST_CONTACT,
            first_contact_at__isnull=True,
            first_contact_due__lt=today,
        )
    if tab == TAB_OPEN:
        return Q(status__in=OPEN_WORK)
    if tab == TAB_CLOSED:
        return Q(status__in=CLOSED)
    return Q(status=Status.REQUESTED)


def _tab(referrals, tab: str, today):
    referrals = referrals.filter(_tab_filter(tab, today))
    if tab == TAB_CLOSED:
        return referrals.order_by("-closed_at", "-sent_at", "id")
    return referrals.inbox_order()


def _tab_counts(referrals, today) -> dict[str, int]:
    """How many referrals each tab holds, in one query."""
    return referrals.aggregate(
        **{code: Count("pk", filter=_tab_filter(code, today)) for code, _ in TABS}
    )


def _filtered(referrals, form: InboxFilterForm):
    if area := form.value("area"):
        # Advice areas are a JSON list; a quoted code matches one whole element on every database.
        referrals = referrals.filter(advice_areas__icontains=f'"{area}"')
    if site := form.value("site"):
        referrals = referrals.filter(from_site_id=site)
    adviser = form.value("adviser")
    if adviser == UNASSIGNED:
        referrals = referrals.filter(assigned_to__isnull=True)
    elif adviser:
        referrals = referrals.filter(assigned_to_id=adviser)
    return referrals


def _tab_links(query, current: str, counts: dict[str, int]) -> list[dict]:
    items = []
    for code, label in TABS:
        params = query.copy()
        params["tab"] = code
        params.pop("page", None)
        items.append(
            {
                "text": f"{label} ({counts[code]})",
                "href": "?" + params.urlencode(),
                "current": code == current,
            }
        )
    return items


def _referring_sites(actor: Actor) -> list[tuple[str, str]]:
    """The other organisations' sites in the actor's partnerships: where referrals come from.

    Read from the partnerships, not from the referrals, so the list costs the same however
    many referrals the organisation holds.
    """
    sites = (
        Site.objects.visible_to(actor)
        .exclude(organisation_id=actor.organisation_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    return [(str(site.pk), f"{site.name}, {site.organisation.name}") for site in sites]


@permission_required(Permission.ACT_ON_REFERRAL)
@require_http_methods(["GET"])
def inbox(request):
    """Referrals received by the actor's organisation, by tab, urgent and hard-dated first."""
    actor = request.actor
    received = (
        Referral.objects.visible_to(actor)
        .received_by(actor.organisation_id)
        .exclude(status=Status.DRAFT)
    )
    form = InboxFilterForm(
        request.GET,
        sites=_referring_sites(actor),
        advisers=allocatable_users(
            actor, organisation_id=actor.organisation_id, organisation_kind=actor.organisation_kind
        ),
    )
    filtered, tab, today = _filtered(received, form), form.tab_value, timezone.localdate()
    counts = _tab_counts(filtered, today)
    # Order and page over referral ids alone, then fetch just that page with its joins: the
    # sort then never carries every visible referral's person row along.
    results = paginate(
        _tab(filtered, tab, today).values_list("pk", flat=True), request.GET, count=counts[tab]
    )
    page = (
        Referral.objects.visible_to(actor)
        .filter(pk__in=results.items)
        .select_related("person", "assigned_to")
    )
    by_id = {referral.pk: referral for referral in page}
    referrals = [by_id[pk] for pk in results.items]
    audit.record_many(actor, audit.Action.SEARCH, referrals)
    return render(
        request,
        "referrals/inbox/list.jinja",
        {
            "form": form,
            "tab": tab,
            "tab_label": dict(TABS)[tab],
            "tabs": _tab_links(request.GET, tab, counts),
            "filtered": any(form.value(name) for name in ("area", "site", "adviser")),
            "results": results,
            "items": [InboxItem.of(referral, today) for referral in referrals],
            "area_items": select_items(form["area"]),
            "site_items": select_items(form["site"]),
            "adviser_items": select_items(form["adviser"]),
        },
    )


# ---------------------------------------------------------------------------------------------
# The referral page


def _lines(values: list[str], empty: str = "None") -> dict:
    """A summary-list value with one line per item (each escaped)."""
    if not values:
        return {"text": empty}
    return {"html": Markup("<br>").join(values)}


def _area_lines(referral: Referral) -> list[str]:
    presenter, lines = ReferralPresenter(referral), []
    for area, label in zip(referral.advice_areas, presenter.advice_area_labels, strict=True):
        topics = [
            text for code, text in ADVICE_TOPICS.get(area, []) if code in referral.advice_topics
        ]
        lines.append(f"{label}: {', '.join(topics)}" if topics else label)
    return lines


def _from_text(referral: Referral) -> str:
    if referral.from_organisation is None:
        return referral.get_channel_display()
    if referral.from_site is not None:
        return f"{referral.from_site.name}, {referral.from_organisation.name}"
    return referral.from_organisation.name


def referral_rows(referral: Referral) -> list[dict]:
    """The referral as it was sent, for the NHS.UK summary list."""
    deadlines = referral.deadlines.all()
    contact = dict(ContactMethod.choices).get(
        referral.preferred_contact_method, referral.preferred_contact_method
    )
    rows = [
        ("Sent", {"text": format_datetime(referral.sent_at) or "Not sent"}),
        ("From", {"text": _from_text(referral)}),
        ("Referred by", {"text": str(referral.referred_by or "Not recorded")}),
        ("To", {"text": f"{referral.service.name}, {referral.to_organisation.name}"}),
        ("Help needed with", _lines(_area_lines(referral))),
        ("Reason for referral", _lines(referral.reason_text.strip().splitlines())),
        ("Urgency", {"text": referral.get_urgency_display()}),
        (
            "Deadlines",
            _lines([f"{d.get_kind_display()}: {format_date(d.due_on)}" for d in deadlines]),
        ),
        ("Preferred contact", {"text": contact or "No preference"}),
    ]
    return [{"key": {"text": key}, "value": value} for key, value in rows]


def _move_links(referral: Referral, side: Side | None) -> list[dict]:
    links = []
    for target in allowed_moves(referral.status, side):
        if target == Status.ACCEPTED:
            href = reverse("referrals:accept", kwargs={"referral_pk": referral.pk})
        elif target == Status.REJECTED:
            href = reverse("referrals:reject", kwargs={"referral_pk": referral.pk})
        else:
            href = reverse("referrals:update_status", kwargs={"referral_pk": referral.pk})
            href += f"?to={target}"
        links.append({"text": move_label(referral.status, target), "href": href})
    return links


def _receiver_context(referral: Referral, actor, events) -> dict:
    attempts = list(referral.attempts.select_related("recorded_by"))
    failed = sum(1 for a in attempts if a.outcome != ContactAttempt.Outcome.CONTACTED)
    clock_end = referral.first_contact_at or referral.closed_at or timezone.now()
    return {
        "person": PersonPresenter(referral.person),
        "timeline": receiver_timeline(events),
        "attempts": attempts,
        "failed_attempts": failed,
        "offer_unable_to_contact": services.should_offer_unable_to_contact(referral),
        "working_days": working_days_between(referral.sent_at, clock_end)
        if referral.sent_at
        else 0,
        "overdue": referral.is_first_contact_overdue(),
        "case": Case.objects.visible_to(actor).filter(referral=referral).first()
        if has_permission(actor, Permission.VIEW_CASES)
        else None,
        "unable_to_contact_url": _unable_to_contact_url(referral),
    }


def _unable_to_contact_url(referral: Referral) -> str:
    """Close as unable to contact: fail an accepted referral, or decline one not yet accepted."""
    kwargs = {"referral_pk": referral.pk}
    if Side.RECEIVER in TRANSITIONS.get((referral.status, Status.FAILED), ()):
        url = reverse("referrals:update_status", kwargs=kwargs) + f"?to={Status.FAILED}&"
    else:
        url = reverse("referrals:reject", kwargs=kwargs) + "?"
    return url + f"reason={Reason.UNABLE_TO_CONTACT}"


@permission_required(Permission.VIEW_REFERRALS)
@require_http_methods(["GET"])
def detail(request, referral_pk):
    """The referral as each side may see it: all of it for the receiver, less for the referrer."""
    actor = request.actor
    referral = get_visible_or_404(visible_referrals(actor), actor, pk=referral_pk)
    side = side_of(referral, actor)
    events = list(referral.events.for_timeline())
    context = {
        "referral": referral,
        "presenter": ReferralPresenter(referral),
        "side": side,
        "rows": referral_rows(referral),
        "moves": _move_links(referral, side),
    }
    if side == Side.RECEIVER:
        context.update(_receiver_context(referral, actor, events))
    else:
        feedback = services.feedback_allowed(referral)
        context["feedback_consent"] = feedback
        context["timeline"] = requester_timeline(events, feedback_consent=feedback)
    return render(request, "referrals/detail.jinja", context)


# ---------------------------------------------------------------------------------------------
# Actions: GET shows a confirmation form (a view of the person), POST calls the service.


urlpatterns = [
    path("inbox", inbox, name="inbox"),
    path("<uuid:referral_pk>/", detail, name="detail"),
]
