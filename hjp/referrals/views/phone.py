"""The phone line: an adviser logs a call as a referral, finding or adding the caller."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from hjp.accounts.actor import Actor
from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.consent.services import ConsentRequired
from hjp.core.forms import error_list
from hjp.people.models import Person
from hjp.referrals.errors import ReferralError
from hjp.referrals.phone_forms import phone_referral_form
from hjp.referrals.services import log_phone_referral


def _possible_callers(actor: Actor, identity: dict) -> list[Person]:
    """People the actor can already see who may be the caller; each one shown is audited."""
    found = list(Person.objects.visible_to(actor).possible_duplicates(**identity).alphabetical())
    audit.record_many(actor, audit.Action.SEARCH, found)
    return found


@permission_required(Permission.LOG_PHONE_REFERRAL)
@require_http_methods(["GET", "POST"])
def phone(request):
    """An adviser logs a call, finding or adding the caller on the same page."""
    actor = request.actor
    form = phone_referral_form(actor, request.POST if request.method == "POST" else None)
    if form.is_valid():
        matches = _possible_callers(actor, form.identity())
        form.offer_callers(matches)
        decided, person = form.chosen_caller(
            matches, matches_shown=bool(request.POST.get("matches_shown"))
        )
        if decided:
            try:
                referral = log_phone_referral(
                    by=actor, person=person, person_details=form.person_details(), **form.details()
                )
            except (ReferralError, ConsentRequired) as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("referrals:confirmation", referral_pk=referral.pk)
    context = {"form": form, "errors": error_list(form), "matches": form.callers}
    return render(request, "referrals/submit/phone.jinja", context)


urlpatterns = [path("phone", phone, name="phone")]
