"""The Jinja2 environment: NHS.UK frontend macros plus the few Django helpers templates need."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader

from hjp.core import formatting
from hjp.core.components import render_component
from hjp.core.forms import error_list


def url(name: str, *args, **kwargs) -> str:
    """Reverse a named URL from a template."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    """Build the Jinja2 environment used by every page."""
    options["undefined"] = ChainableUndefined
    # The project's templates come first, so hjp/templates/nhsuk/components/ stands in for the
    # package's busiest macros; the originals stay reachable as "nhsuk-reference/nhsuk/..." for
    # the params those leave to them (docs/adr/009-fast-nhsuk-components.md).
    package = PackageLoader("nhsuk_frontend_jinja")
    options["loader"] = ChoiceLoader(
        [options["loader"], package, PrefixLoader({"nhsuk-reference": package})]
    )
    options["autoescape"] = True
    env = Environment(**options, extensions=["jinja2.ext.do"])  # noqa: S701 (autoescape is set)
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        now=timezone.now,
        asset_path=settings.STATIC_URL + "assets",
        debug=settings.DEBUG,
        form_errors=error_list,
        render_nhsuk_component=render_component,
    )
    env.filters.update(
        date=formatting.format_date,
        datetime=formatting.format_datetime,
        nhs_number=formatting.format_nhs_number,
    )
    return env
