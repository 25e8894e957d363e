"""Search reads: running a search for a request, promotions, autocomplete, editors' reports."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db.models import Max, Sum
from django.utils import timezone

from search import registry
from search.backends import get_backend
from search.backends.base import SearchResults, Viewer
from search.models import QueryStat, SearchEntry
from search.query import SearchParams
from search.segmentation import normalize


def run_search(params: SearchParams, *, user=None) -> SearchResults:
    return get_backend().search(params, viewer=Viewer.from_user(user))


def promotions(query_text: str) -> list:
    """Editors' picks (Wagtail search promotions) for exactly this query, live pages only."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    text = " ".join(normalize(query_text).split())[:255]
    picks = (
        SearchPromotion.objects.filter(query__query_string=text)
        .select_related("page")
        .order_by("sort_order")
    )
    out = []
    for pick in picks:
        if pick.page_id and not pick.page.live:
            continue
        out.append(
            {
                "title": pick.title
                or (pick.page.title if pick.page_id else pick.external_link_text),
                "url": pick.page.url if pick.page_id else pick.external_link_url,
                "description": pick.description,
            }
        )
    return out


def autocomplete(prefix: str, *, user=None, limit: int = 8) -> list[dict]:
    """Titles (pages and regulations, not single articles) containing what was typed."""
    text = " ".join((prefix or "").split())[:50]
    if len(text) < 1:
        return []
    viewer = Viewer.from_user(user)
    rows = (
        SearchEntry.objects.filter(
            title__icontains=text, article="", audience__in=viewer.audiences()
        )
        .order_by("-date", "pk")
        .values("title", "url", "type")[:limit]
    )
    return [
        {
            "title": r["title"],
            "url": r["url"],
            "type": r["type"],
            "type_label": str(registry.TYPE_LABELS.get(r["type"], r["type"])),
        }
        for r in rows
    ]


def group_hits(hits) -> list[dict]:
    """Consecutive article hits of one regulation become one group under its title."""
    groups = []
    for _key, items in groupby(hits, key=lambda h: (h.type, h.group_title if h.article else h.id)):
        items = list(items)
        first = items[0]
        if first.article:
            groups.append({"regulation": first.group_title, "hits": items, "first": first})
        else:
            groups.extend({"regulation": "", "hits": [hit], "first": hit} for hit in items)
    return groups


def query_report(*, days: int = 30, limit: int = 50) -> dict:
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    stats = QueryStat.objects.filter(date__gte=since).values("query")
    popular = stats.annotate(
        searches=Sum("hits"), empty=Sum("zero_hits"), last=Max("date")
    ).order_by("-searches", "query")[:limit]
    zero = (
        stats.annotate(searches=Sum("hits"), empty=Sum("zero_hits"), last=Max("date"))
        .filter(empty__gt=0)
        .order_by("-empty", "query")[:limit]
    )
    totals = QueryStat.objects.filter(date__gte=since).aggregate(
        searches=Sum("hits"), empty=Sum("zero_hits")
    )
    return {
        "since": since,
        "days": days,
        "popular": list(popular),
        "zero": list(zero),
        "searches": totals["searches"] or 0,
        "empty": totals["empty"] or 0,
    }
