"""The self-referral pages a patient reaches from a QR code in the clinic; no log-in needed.

Abuse protection without third-party services (ADR 007): oversized bodies are refused before they
are read; each client (an IPv4 address, or an IPv6 /64) may send a few self-referrals an hour,
each service may receive a set number an hour, and the whole site another; a hidden field catches
robots. A post with mistakes in it is shown again and uses up nothing.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from hjp.accounts.actor import Actor
from hjp.audit import context
from hjp.core.forms import error_list
from hjp.directory.models import Service
from hjp.directory.services import note_self_referral_refused
from hjp.referrals.errors import ReferralError
from hjp.referrals.models import SelfReferralAttempt
from hjp.referrals.public_forms import SelfReferralForm, filled_honeypot
from hjp.referrals.ratelimit import RateLimiter
from hjp.referrals.services import submit_self_referral

MAX_BODY_BYTES = 20 * 1024
WINDOW = timedelta(hours=1)
# References are kept in the session, never in a URL: {service id: reference}.
SENT_SESSION_KEY = "hjp_self_referrals_sent"
SENT_KEPT = 5


def _limiter() -> RateLimiter:
    return RateLimiter(
        SelfReferralAttempt,
        scope="self_referral",
        limit=settings.HJP_SELF_REFERRALS_PER_CLIENT_HOURLY,
        window=WINDOW,
    )


def _refusal(service: Service, address: str | None) -> str | None:
    """Why a post must be refused before it is read ("client", "service", "site"), or None.

    A refused post from a client is recorded against it, so a client that keeps trying stays
    refused; the service and site limits count only self-referrals that were made.
    """
    limiter = _limiter()
    now = timezone.now()
    limiter.forget_stale(now)
    if not limiter.allows(address, now=now):
        limiter.record(address, now=now)
        return "client"
    since = now - WINDOW
    made = limiter.attempts_since(since, service=service, accepted=True)
    if made >= settings.HJP_SELF_REFERRALS_PER_SERVICE_HOURLY:
        return "service"
    if limiter.attempts_since(since, accepted=True) >= settings.HJP_SELF_REFERRALS_HOURLY:
        return "site"
    return None


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body when the length is not a number.


def refuse_large_bodies(view):
    """Answer 413 to a body over MAX_BODY_BYTES before anything reads it, then check CSRF.

    The CSRF middleware reads the body to find the token, so it is told to skip this view and
    the same check runs here, after the size check.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if _content_length(request) > MAX_BODY_BYTES:
            start_url = reverse("self_referral:start", kwargs=kwargs)
            return render(
                request, "referrals/public/too_large.jinja", {"start_url": start_url}, status=413
            )
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _public_service(service_pk) -> Service | None:
    """The service if patients may refer themselves to it (it may still be paused)."""
    return (
        Service.objects.taking_self_referrals()
        .filter(pk=service_pk)
        .select_related("organisation", "partnership")
        .first()
    )


def _not_found(request):
    return render(request, "referrals/public/not_found.jinja", status=404)


@require_GET
def short_link(request, code):
    """The address on posters and in the QR code, /r/<code>: on to the service's form."""
    service = (
        Service.objects.taking_self_referrals()
        .filter(public_code="".join(code.split()).upper())
        .only("pk")
        .first()
    )
    if service is None:
        return _not_found(request)
    return redirect("self_referral:start", service_pk=service.pk)


@refuse_large_bodies
@require_http_methods(["GET", "POST"])
def start(request, service_pk):
    service = _public_service(service_pk)
    if service is None:
        return _not_found(request)
    if not service.is_taking_referrals:
        return render(request, "referrals/public/closed.jinja", {"service": service})
    posted = request.POST if request.method == "POST" else None
    address = context.current().client_address
    if posted is not None and (refusal := _refusal(service, address)) is not None:
        note_self_referral_refused(service)
        return render(
            request,
            "referrals/public/too_many.jinja",
            {"service": service, "busy": refusal != "client"},
            status=429,
        )
    if posted is not None and filled_honeypot(posted):
        _limiter().record(address)
        return _sent(request, service, reference="")  # Looks the same to a robot; nothing kept.
    form = SelfReferralForm(posted, service=service)
    if form.is_valid():
        try:
            referral = submit_self_referral(
                by=Actor.public(service.organisation), service=service, **form.details()
            )
        except ReferralError as refused:
            form.add_error(None, str(refused))
        else:
            _limiter().record(address, service=service, accepted=True)
            return _sent(request, service, reference=referral.reference)
    return render(request, "referrals/public/start.jinja", _form_context(service, form))


def _sent(request, service: Service, *, reference: str):
    sent = dict(list(request.session.get(SENT_SESSION_KEY, {}).items())[-(SENT_KEPT - 1) :])
    sent[str(service.pk)] = reference
    request.session[SENT_SESSION_KEY] = sent
    return redirect("self_referral:done", service_pk=service.pk)


def _form_context(service: Service, form: SelfReferralForm) -> dict:
    return {"service": service, "form": form, "errors": _in_page_order(form)}


def _in_page_order(form: SelfReferralForm) -> list[dict]:
    """The error summary in the order the questions appear (checks across fields come last)."""
    position = {"#" + form[name].auto_id: index for index, name in enumerate(form.fields)}
    return sorted(error_list(form), key=lambda error: position.get(error["href"], -1))


@require_GET
def done(request, service_pk):
    service = _public_service(service_pk)
    if service is None:
        return _not_found(request)
    sent = request.session.get(SENT_SESSION_KEY, {})
    if str(service.pk) not in sent:
        return redirect("self_referral:start", service_pk=service.pk)
    return render(
        request,
        "referrals/public/done.jinja",
        {
            "service": service,
            "reference": sent[str(service.pk)],
            "first_contact_days": service.partnership.first_contact_target_days,
        },
    )


urlpatterns = [
    path("<uuid:service_pk>/", start, name="start"),
    path("<uuid:service_pk>/done", done, name="done"),
]
