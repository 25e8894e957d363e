"""The search page, the JSON API and the autocomplete endpoint (thin: parsing + selectors)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from core.http import JSON_OPTIONS, json_error, json_read_only
from search import registry, selectors, services
from search.query import FACETS, QueryError, parse_params


def _facet_titles() -> dict[str, str]:
    return {
        "type": _("Content type"),
        "category": _("Category"),
        "tier": pgettext("search", "Tier"),
        "status": _("Status"),
        "year": _("Year"),
    }


def _url(params: dict) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _page_links(current: int, last: int) -> list[int | None]:
    pages = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[int | None] = []
    for number in pages:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)  # a gap
        out.append(number)
    return out


@require_GET
def search_page(request):
    raw = request.GET.get("q", "")
    context = {"query": raw.strip()[:200], "facet_titles": _facet_titles(), "sorts": []}
    if not raw.strip():
        return render(request, "search/search.html", context)
    try:
        params = parse_params(request.GET, strict=False, max_page_size=50)
    except QueryError as error:
        context["error"] = str(error)
        return render(request, "search/search.html", context, status=400)
    results = selectors.run_search(params, user=request.user)
    if params.page == 1:
        services.record_query(query=params.query.raw, total=results.total)
    base = {"q": params.query.raw, "sort": params.sort if params.sort != "relevance" else ""}
    base.update(params.filters)
    facets = []
    for name in FACETS:
        values = results.facets.get(name) or []
        if not values:
            continue
        selected = params.filters.get(name, "")
        options = []
        for value, count in values[:12]:
            toggled = {**base, name: "" if value == selected else value}
            options.append(
                {
                    "value": value,
                    "label": registry.facet_label(name, value),
                    "count": count,
                    "selected": value == selected,
                    "url": _url(toggled),
                }
            )
        facets.append(
            {
                "name": name,
                "title": _facet_titles()[name],
                "options": options,
                "clear_url": _url({**base, name: ""}) if selected else "",
            }
        )
    last_page = max(1, -(-results.total // params.page_size))
    pages = [
        {"number": n, "url": _url({**base, "page": n}) if n else "", "current": n == params.page}
        for n in _page_links(params.page, last_page)
    ]
    context.update(
        {
            "params": params,
            "results": results,
            "groups": selectors.group_hits(results.hits),
            "facets": facets,
            "pages": pages if last_page > 1 else [],
            "previous_url": _url({**base, "page": params.page - 1}) if params.page > 1 else "",
            "next_url": _url({**base, "page": params.page + 1}) if params.page < last_page else "",
            "promotions": selectors.promotions(params.query.raw) if params.page == 1 else [],
            "suggestions": [{"text": s, "url": _url({"q": s})} for s in results.suggestions],
            "sorts": [
                {
                    "value": "relevance",
                    "label": _("Relevance"),
                    "selected": params.sort == "relevance",
                },
                {
                    "value": "date",
                    "label": pgettext("search", "Newest first"),
                    "selected": params.sort == "date",
                },
            ],
            "active_filters": params.filters,
            "clear_filters_url": _url({"q": params.query.raw}) if params.filters else "",
            "type_labels": {k: str(v) for k, v in registry.TYPE_LABELS.items()},
            "first_index": (params.page - 1) * params.page_size + 1,
        }
    )
    return render(request, "search/search.html", context)


def _result_json(hit) -> dict:
    data = {
        "type": hit.type,
        "title": hit.title,
        "url": hit.url,
        "snippet": hit.snippet,
        "score": hit.score,
        "date": hit.date.isoformat() if hit.date else None,
    }
    if hit.type == "regulation":
        data["regulation"] = hit.group_title or hit.title
        data["version_date"] = hit.version_date.isoformat() if hit.version_date else None
        data["article"] = hit.article or None
    return data


@json_read_only
def search_api(request):
    try:
        params = parse_params(request.GET, strict=True)
    except QueryError as error:
        return json_error(str(error), 400)
    results = selectors.run_search(params, user=request.user)
    facets = {
        name: [
            {"value": value, "label": registry.facet_label(name, value), "count": count}
            for value, count in results.facets.get(name, [])
        ]
        for name in FACETS
    }
    data = {
        "query": params.query.raw,
        "total": results.total,
        "page": params.page,
        "page_size": params.page_size,
        "results": [_result_json(hit) for hit in results.hits],
        "facets": facets,
    }
    if results.suggestions:
        data["suggestions"] = results.suggestions
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


@json_read_only
def autocomplete(request):
    text = request.GET.get("q", "")
    if len(text) > 50:
        return json_error(str(_("The text is too long.")), 400)
    return JsonResponse(
        {"results": selectors.autocomplete(text, user=request.user)},
        json_dumps_params=JSON_OPTIONS,
    )
