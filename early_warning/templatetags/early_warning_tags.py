"""``{% load early_warning_tags %}``: the staff area's warning panel and level badges."""

from __future__ import annotations

from django import template

from early_warning import selectors
from early_warning.models import COLOUR_CSS, COLOUR_SHORT, Colour

register = template.Library()


@register.inclusion_tag("early_warning/includes/staff_panel.html", takes_context=True)
def staff_warning_panel(context, user=None):
    """Key risk warnings for the staff area: my current level and open measures.
    ``{% staff_warning_panel %}`` (uses ``request.user``) or ``{% staff_warning_panel user %}``."""
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    return {"warning_summary": selectors.staff_summary(user), "request": context.get("request")}


@register.inclusion_tag("early_warning/includes/level_badge.html")
def level_badge(level, long=False):
    level = int(level or 0)
    return {
        "css": COLOUR_CSS.get(level, "green"),
        "short": COLOUR_SHORT.get(level, ""),
        "label": Colour(level).label if level in Colour.values else "",
        "long": long,
    }


@register.filter
def level_css(level) -> str:
    return COLOUR_CSS.get(int(level or 0), "green")
