"""Rendering params with the NHS.UK macros, through the project's Jinja environment."""

from django.template import engines
from markupsafe import Markup

TEMPLATE = "nhsuk_forms/components.jinja"


def render_component(component: str, params: dict) -> Markup:
    """The component's markup from its macro (shadowed by a fast renderer where there is one)."""
    template = engines["jinja2"].env.get_template(TEMPLATE)
    return template.module.component(component, params)
