"""Template tags for the site chrome: ``{% main_menu %}``, ``{% footer_links %}``,
``{% breadcrumbs %}``."""

from django import template
from wagtail.models import Page, Site

from core.navigation import breadcrumb_trail, get_chrome, mark_current

register = template.Library()


def _site(context) -> Site | None:
    request = context.get("request")
    if request is None:
        return None
    return Site.find_for_request(request)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    menu = get_chrome(_site(context))["menu"]
    path = request.path if request is not None else ""
    return {"menu": mark_current(menu, path), "request": request}


@register.simple_tag(takes_context=True)
def footer_links(context):
    return get_chrome(_site(context))["footer_links"]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Breadcrumbs for a Wagtail page, or from a ``breadcrumbs`` context list.

    Non-page views can pass ``breadcrumbs=[{"label": ..., "url": ...}, ...]`` (ancestors
    only) and a ``breadcrumb_current`` label for the view itself.
    """
    request = context.get("request")
    trail = context.get("breadcrumbs")
    current = context.get("breadcrumb_current", "")
    page = context.get("page")
    if trail is None and isinstance(page, Page):
        trail = breadcrumb_trail(page, request=request)
        current = page.title
    return {"trail": trail or [], "current": current}
