"""Read side of the site chrome: the main menu, footer links and breadcrumbs.

The menu and footer links of a site are resolved to plain ``{"label", "url", "children"}``
dicts with one page query and cached per site; ``core.signals`` purges the cache when the
menu, the site settings or any page's URL or visibility changes. Marking the current section
is done per request on the cached structure, so it costs no query.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

CHROME_CACHE_SECONDS = 600
_GENERATION_KEY = "core:chrome:generation"


def _cache_key(site_id: int, generation: str) -> str:
    return f"core:chrome:v1:{generation}:{site_id}"


def _generation() -> str:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, generation, None)
    return generation


def purge_chrome_cache() -> None:
    """Forget the cached menu and footer links of every site (no database query)."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)


def _raw_links(stream_value: Any) -> list[dict]:
    """The ``value`` dicts of a StreamField's blocks, without touching the database."""
    return [block.get("value") or {} for block in stream_value.raw_data]


def _children(link: dict) -> list[dict]:
    """A ListBlock's raw items: ``{"type": "item", "value": {...}, "id": ...}`` or bare dicts."""
    return [
        child["value"] if child.get("type") == "item" and "value" in child else child
        for child in link.get("children") or []
    ]


def _page_ids(links: Iterable[dict]) -> set[int]:
    ids: set[int] = set()
    for link in links:
        if isinstance(link.get("page"), int):
            ids.add(link["page"])
        ids |= _page_ids(_children(link))
    return ids


def _resolve(link: dict, pages: dict[int, Page], site: Site) -> dict | None:
    """A link dict with a label and URL, or None if its page is gone or not live."""
    page = pages.get(link.get("page")) if link.get("page") else None
    if page is not None:
        url = page.get_url(current_site=site) or ""
        label = link.get("label") or page.title
    else:
        url = (link.get("url") or "").strip()
        label = link.get("label") or ""
    if not url or not label:
        return None
    children = [
        child
        for child in (_resolve(raw, pages, site) for raw in _children(link))
        if child is not None
    ]
    return {"label": label, "url": url, "children": children}


def _build_chrome(site: Site) -> dict:
    from core.models import MainMenu, SiteSettings

    # Plain reads (no get_or_create): rendering a page never writes.
    menu = MainMenu.objects.filter(site=site).only("id", "site_id", "items").first()
    settings = SiteSettings.objects.filter(site=site).only("id", "site_id", "footer_links").first()
    menu_links = _raw_links(menu.items) if menu else []
    footer_links = _raw_links(settings.footer_links) if settings else []
    ids = _page_ids(menu_links) | _page_ids(footer_links)
    pages = (
        {
            page.pk: page
            for page in Page.objects.live()
            .filter(pk__in=ids)
            .only("id", "title", "url_path", "path", "depth", "live")
        }
        if ids
        else {}
    )
    return {
        "menu": [item for item in (_resolve(x, pages, site) for x in menu_links) if item],
        "footer_links": [link for link in (_resolve(x, pages, site) for x in footer_links) if link],
    }


def get_chrome(site: Site | None) -> dict:
    """The site's resolved menu and footer links, from the cache when possible."""
    if site is None:
        return {"menu": [], "footer_links": []}
    key = _cache_key(site.pk, _generation())
    chrome = cache.get(key)
    if chrome is None:
        chrome = _build_chrome(site)
        cache.set(key, chrome, CHROME_CACHE_SECONDS)
    return chrome


def _match_length(url: str, path: str) -> int:
    """How well a menu URL matches the current path: 0 none, longer is better."""
    if not url.startswith("/") or url.startswith("//"):
        return 0
    if url == path:
        return len(url) + 1
    if url != "/" and url.endswith("/") and path.startswith(url):
        return len(url)
    return 0


def mark_current(menu: list[dict], path: str) -> list[dict]:
    """Copy of ``menu`` where the best-matching item has ``current`` set.

    ``current`` is ``"page"`` for the link to the page being shown and ``"true"`` for the
    section (top-level item) that contains it, matching the values of ``aria-current``.
    """
    # (score, item index, child index); on a tie the top-level item wins over a child link.
    best: tuple[tuple[int, int], int, int | None] = ((0, 0), -1, None)
    for i, item in enumerate(menu):
        score = (_match_length(item["url"], path), 1)
        if score[0] and score > best[0]:
            best = (score, i, None)
        for j, child in enumerate(item["children"]):
            score = (_match_length(child["url"], path), 0)
            if score[0] and score > best[0]:
                best = (score, i, j)
    marked = []
    for i, item in enumerate(menu):
        children = []
        for j, child in enumerate(item["children"]):
            current = ""
            if best[1] == i and best[2] == j:
                current = "page" if child["url"] == path else "true"
            children.append({**child, "current": current})
        current = ""
        if best[1] == i:
            current = "page" if best[2] is None and item["url"] == path else "true"
        marked.append({**item, "children": children, "current": current})
    return marked


def breadcrumb_trail(page: Page, *, request=None) -> list[dict]:
    """``[{"label", "url"}]`` from the home page down to ``page``'s parent (one query).

    Empty for the site root and the home page, which need no breadcrumbs.
    """
    if page.depth <= 2:
        return []
    trail = []
    for ancestor in (
        page.get_ancestors().filter(depth__gt=1).only("id", "title", "url_path", "path", "depth")
    ):
        label = _("Home") if ancestor.depth == 2 else ancestor.title
        url = ancestor.get_url(request=request)
        if url:
            trail.append({"label": label, "url": url})
    return trail
