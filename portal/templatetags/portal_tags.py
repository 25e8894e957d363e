"""Template helpers for the portal's page templates."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

register = template.Library()
logger = logging.getLogger(__name__)

EMBED_FAILURE_SECONDS = 600


@register.filter
def cn_date(value) -> str:
    """``2026年11月27日`` for a date or datetime (in the local time zone); ``""`` for None."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return _("%(year)d-%(month)d-%(day)d") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }


@register.filter
def cn_datetime(value) -> str:
    """``2026年11月27日 19:30`` in the local time zone."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"


@register.filter
def duration(value) -> str:
    """``5:32`` or ``1:02:03`` for a timedelta; ``""`` for None."""
    if not value:
        return ""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


@register.filter
def iso_duration(value) -> str:
    """``PT5M32S`` (for ``<time datetime>``)."""
    if not value:
        return ""
    return f"PT{int(value.total_seconds())}S"


def _failure_key(url: str) -> str:
    return "portal:embed-failed:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


@register.simple_tag
def safe_embed(url: str | None, max_width: int | None = None) -> SafeString:
    """The provider's embed HTML for ``url``, or ``""`` when it cannot be fetched.

    Failures are remembered for a while so an unreachable provider does not slow
    every page view down. Templates show a plain link when this returns ``""``.
    """
    if not url:
        return mark_safe("")
    url = str(url)
    key = _failure_key(url)
    if cache.get(key):
        return mark_safe("")
    try:
        embed = embeds.get_embed(url, max_width)
    except EmbedException:
        cache.set(key, True, EMBED_FAILURE_SECONDS)
        return mark_safe("")
    except Exception:  # a misbehaving provider must never break the page
        logger.warning("Embedding %s failed", url, exc_info=True)
        cache.set(key, True, EMBED_FAILURE_SECONDS)
        return mark_safe("")
    # The HTML comes from the configured embed finder (a trusted provider).
    return mark_safe(embed.html or "")


@register.simple_tag(takes_context=True)
def link_url(context, link) -> str:
    """The URL of a home-page quick link (page or address)."""
    return link.get_url(context.get("request"))


@register.inclusion_tag("portal/includes/icon.html")
def icon(name: str, css_class: str = "icon") -> dict:
    return {"name": name, "css_class": css_class}
