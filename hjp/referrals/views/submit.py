"""Making a referral: find the person, answer one page of questions, check them, send.
Answers wait in the session, never in a URL."""

from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission, require_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.services import ConsentRequired
from hjp.core.formatting import format_date
from hjp.core.forms import error_list
from hjp.core.pagination import paginate
from hjp.partnerships.models import Organisation
from hjp.people.forms import PersonSearchForm
from hjp.people.models import Person
from hjp.people.presenters import PersonPresenter
from hjp.referrals import drafts
from hjp.referrals.errors import ReferralError
from hjp.referrals.forms import referral_form
from hjp.referrals.models import Referral
from hjp.referrals.presenters import answer_rows
from hjp.referrals.services import submit_referral

# Posted fields that are not answers.
NOT_ANSWERS = {"csrfmiddlewaretoken", "draft"}


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new(request):
    """Step 1, who is being referred: the search box, and the results of a remembered search."""
    actor = request.actor
    if request.method == "POST":
        return _remember_search(request)
    query = drafts.remembered_search(request.session, request.GET.get("search", ""))
    results = None
    if query:
        people = Person.objects.visible_to(actor).matching(query).alphabetical()
        results = paginate(people, request.GET)
        audit.record_many(actor, audit.Action.SEARCH, results.items)
    return render(
        request,
        "referrals/submit/search.jinja",
        {
            "form": PersonSearchForm({"q": query}),
            "query": query,
            "results": results,
            "people": [PersonPresenter(person) for person in results.items] if results else [],
            "can_add": has_permission(actor, Permission.ADD_PERSON),
        },
    )


def _remember_search(request):
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "errors": error_list(form), "query": "", "people": []}
        return render(request, "referrals/submit/search.jinja", context)
    query = form.cleaned_data["q"].strip()
    if not query:
        return redirect("referrals:new")
    require_permission(request.actor, Permission.SEARCH_PEOPLE)
    token = drafts.remember(request.session, drafts.SEARCH_SESSION_KEY, query)
    return redirect(reverse("referrals:new") + f"?search={token}")


def _form_url(person: Person, token: str) -> str:
    return reverse("referrals:new_for_person", kwargs={"person_pk": person.pk}) + f"?draft={token}"


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new_for_person(request, person_pk):
    """Step 2, one page of questions; valid answers are kept in the session for the check."""
    actor = request.actor
    person = get_visible_or_404(Person.objects.visible_to(actor), actor, pk=person_pk)
    if request.method == "POST":
        token, data = request.POST.get("draft", ""), request.POST
    else:
        token = request.GET.get("draft", "")
        data = drafts.kept_answers(request.session, token, person)
    form = referral_form(actor, person, data)
    if request.method == "POST" and form.is_valid():
        drafts.forget(request.session, drafts.DRAFT_SESSION_KEY, token)
        answers = {key: data.getlist(key) for key in data if key not in NOT_ANSWERS}
        token = drafts.keep_answers(request.session, person, answers)
        check_url = reverse("referrals:check", kwargs={"person_pk": person.pk})
        return redirect(check_url + f"?draft={token}")
    return render(
        request,
        "referrals/submit/form.jinja",
        {
            "person": person,
            "form": form,
            "errors": error_list(form),
            "token": token if data is not None else "",
            "advice_side": actor.organisation_kind == Organisation.Kind.ADVICE,
        },
    )


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def check(request, person_pk):
    """Step 3, check the answers, then send them."""
    actor, sending = request.actor, request.method == "POST"
    # Sending is audited by submit_referral; anything else shown here is a view of the person.
    person = get_visible_or_404(
        Person.objects.visible_to(actor),
        actor,
        pk=person_pk,
        audit_action=None if sending else audit.Action.VIEW,
    )
    token = (request.POST if sending else request.GET).get("draft", "")
    answers = drafts.kept_answers(request.session, token, person)
    if answers is None:
        if sending:
            audit.record(actor, audit.Action.VIEW, person)
        return render(request, "referrals/submit/expired.jinja", {"person": person})
    form = referral_form(actor, person, answers, answered=True)
    if not form.is_valid():
        # Something changed since the answers were given (a service paused, say): show why.
        return redirect(_form_url(person, token))
    if sending:
        try:
            referral = submit_referral(person, by=actor, **form.submission())
        except (ReferralError, ConsentRequired) as error:
            form.add_error(None, str(error))
            audit.record(actor, audit.Action.VIEW, person)
        else:
            drafts.forget(request.session, drafts.DRAFT_SESSION_KEY, token)
            return redirect("referrals:confirmation", referral_pk=referral.pk)
    form_url = _form_url(person, token)
    return render(
        request,
        "referrals/submit/check.jinja",
        {
            "person": person,
            "token": token,
            "form_url": form_url,
            "rows": answer_rows(form, change_url=form_url),
            "errors": error_list(form),
        },
    )


@permission_required(Permission.MAKE_REFERRAL)
@require_GET
def confirmation(request, referral_pk):
    """Shown to the referring organisation (or, for a phone-line referral, the one taking it)."""
    actor = request.actor
    mine = Q(from_organisation_id=actor.organisation_id) | Q(
        channel=Referral.Channel.PHONE_LINE, to_organisation_id=actor.organisation_id
    )
    referral = get_visible_or_404(
        Referral.objects.visible_to(actor)
        .filter(mine)
        .select_related("service", "person", "partnership", "to_organisation"),
        actor,
        pk=referral_pk,
    )
    return render(
        request,
        "referrals/submit/confirmation.jinja",
        {
            "referral": referral,
            "target_days": referral.partnership.first_contact_target_days,
            "due": format_date(referral.first_contact_due),
            "phone_line": referral.channel == Referral.Channel.PHONE_LINE,
        },
    )


urlpatterns = [
    path("new", new, name="new"),
    path("new/<uuid:person_pk>", new_for_person, name="new_for_person"),
    path("new/<uuid:person_pk>/check", check, name="check"),
    path("<uuid:referral_pk>/sent", confirmation, name="confirmation"),
]
