"""Reads of the regulations library: the listing with facets, a regulation page, comparisons.

Every function runs a constant number of queries, whatever the number of regulations or articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from core.listing import page_range, paginate, parse_filters
from regulations import diff, rendering
from regulations.models import (
    TIER_DESCRIPTIONS,
    Category,
    NodeKind,
    RegulationLibraryPage,
    RegulationNode,
    RegulationPage,
    RegulationPageTag,
    Status,
    Tier,
)

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
MAX_AUTHORITY_LENGTH = 200
AUTHORITY_FACET_SIZE = 15
TAG_FACET_SIZE = 30
SORTS = {
    "date": ("-sort_date", "title"),
    "date_asc": ("sort_date", "title"),
    "title": ("title", "-sort_date"),
}
SORT_LABELS = {
    "date": _("Newest first"),
    "date_asc": _("Oldest first"),
    "title": _("Title"),
}
TIER_CHOICES = [(value, label) for value, label in Tier.choices if value]


def public_regulations():
    return RegulationPage.objects.live().public()


# --------------------------------------------------------------------------------------------
# Library listing
# --------------------------------------------------------------------------------------------


def _facet(qs, field: str, choices: Mapping[str, object] | None = None) -> list[dict]:
    rows = qs.order_by().values(field).annotate(n=Count("id", distinct=True))
    counts = {row[field]: row["n"] for row in rows}
    if choices is None:
        return [{"value": value, "label": value, "count": n} for value, n in counts.items()]
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in choices.items()
    ]


HISTORICAL_STATUSES = frozenset({Status.AMENDED.value, Status.REPEALED.value})


def library_listing(*, library: RegulationLibraryPage, params: Mapping[str, str]) -> dict:
    """Context for the library page: filtered, sorted, paginated regulations and facet counts."""
    filters = parse_filters(
        params,
        choice_filters={
            "category": dict(Category.choices),
            "tier": {**dict(TIER_CHOICES), "none": _("Unclassified")},
            "status": dict(Status.choices),
            "sort": SORT_LABELS,
        },
    )
    notices = list(filters.notices)
    authority = (params.get("authority") or "").strip()
    if len(authority) > MAX_AUTHORITY_LENGTH:
        notices.append(_("The issuing authority given is too long and was ignored."))
        authority = ""
    query = (params.get("q") or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        notices.append(_("The search text is too long and was shortened."))
        query = query[:MAX_QUERY_LENGTH]
    all_versions = params.get("versions") == "all"

    base = public_regulations().descendant_of(library).with_status()
    if query:
        base = base.filter(
            Q(title__icontains=query)
            | Q(subtitle__icontains=query)
            | Q(document_number__icontains=query)
        )
    base = base.annotate(year=ExtractYear("sort_date"))

    # Amended (and repealed) texts are mostly earlier versions: filtering on those statuses
    # includes earlier versions even when the listing otherwise shows current versions only.
    status_needs_versions = filters.choices["status"] in HISTORICAL_STATUSES
    conditions = {
        "versions": None if all_versions or status_needs_versions else Q(is_current=True),
        "category": Q(category=filters.choices["category"])
        if filters.choices["category"]
        else None,
        "tier": (
            Q(tier="")
            if filters.choices["tier"] == "none"
            else Q(tier=filters.choices["tier"])
            if filters.choices["tier"]
            else None
        ),
        "status": Q(computed_status=filters.choices["status"])
        if filters.choices["status"]
        else None,
        "authority": Q(issuing_authority=authority) if authority else None,
        "year": Q(year=filters.year) if filters.year else None,
        "tag": Q(tags__name=filters.tag) if filters.tag else None,
    }

    def filtered(*, excluding: str | None = None, all_versions_too: bool = False):
        qs = base
        for name, condition in conditions.items():
            if condition is None or name == excluding:
                continue
            if name == "versions" and all_versions_too:
                continue
            qs = qs.filter(condition)
        return qs

    status_counts = {
        row["value"]: row
        for row in _facet(filtered(excluding="status"), "computed_status", dict(Status.choices))
    }
    if not all_versions:
        for row in _facet(
            filtered(excluding="status", all_versions_too=True),
            "computed_status",
            dict(Status.choices),
        ):
            if row["value"] in HISTORICAL_STATUSES:
                status_counts[row["value"]] = row

    results = filtered().distinct() if filters.tag else filtered()
    sort = filters.choices["sort"] or "date"
    results = results.order_by(*SORTS[sort])
    page = paginate(results, page=params.get("page"), per_page=PAGE_SIZE)
    attach_tag_names(page.object_list)

    tier_choices = {"none": _("Unclassified"), **dict(TIER_CHOICES)}
    tier_facet = _facet(filtered(excluding="tier"), "tier", {**dict(TIER_CHOICES), "": ""})
    tier_counts = {row["value"]: row["count"] for row in tier_facet}
    tiers = [
        {
            "value": value,
            "label": label,
            "count": tier_counts.get("" if value == "none" else value, 0),
        }
        for value, label in tier_choices.items()
    ]
    authorities = sorted(
        (
            row
            for row in _facet(filtered(excluding="authority"), "issuing_authority")
            if row["value"]
        ),
        key=lambda row: (-row["count"], row["value"]),
    )[:AUTHORITY_FACET_SIZE]
    years = sorted(
        (row for row in _facet(filtered(excluding="year"), "year") if row["value"]),
        key=lambda row: -row["value"],
    )
    tags = list(
        Tag.objects.filter(
            regulations_regulationpagetag_items__content_object__in=filtered(
                excluding="tag"
            ).values("pk")
        )
        .annotate(n=Count("regulations_regulationpagetag_items", distinct=True))
        .order_by("-n", "name")
        .values_list("name", "n")[:TAG_FACET_SIZE]
    )
    facets = [
        {
            "name": "category",
            "label": _("Category"),
            "options": _facet(filtered(excluding="category"), "category", dict(Category.choices)),
        },
        {"name": "tier", "label": _("Tier"), "options": tiers},
        {
            "name": "status",
            "label": pgettext_lazy("regulation", "Status"),
            "options": list(status_counts.values()),
        },
        {"name": "authority", "label": _("Issuing authority"), "options": authorities},
        {"name": "year", "label": _("Year"), "options": years},
        {
            "name": "tag",
            "label": _("Tag"),
            "options": [{"value": name, "label": name, "count": n} for name, n in tags],
        },
    ]
    active = {
        "category": filters.choices["category"],
        "tier": filters.choices["tier"],
        "status": filters.choices["status"],
        "authority": authority,
        "year": str(filters.year or ""),
        "tag": filters.tag,
    }
    for facet in facets:
        current = active[facet["name"]]
        for option in facet["options"]:
            value = str(option["value"])
            option["selected"] = value == current
            option["querystring"] = _querystring(
                active,
                sort=sort,
                q=query,
                all_versions=all_versions,
                **{facet["name"]: "" if value == current else value},
            )
        facet["clear_querystring"] = _querystring(
            active, sort=sort, q=query, all_versions=all_versions, **{facet["name"]: ""}
        )
        facet["active"] = bool(current)

    base_params = {k: v for k, v in active.items() if v}
    if query:
        base_params["q"] = query
    if all_versions:
        base_params["versions"] = "all"
    return {
        "regulations": page,
        "page_numbers": page_range(page),
        "facets": facets,
        "notices": notices,
        "query": query,
        "sort": sort,
        "sorts": [
            {
                "value": value,
                "label": label,
                "selected": value == sort,
                "querystring": _querystring(active, sort=value, q=query, all_versions=all_versions),
            }
            for value, label in SORT_LABELS.items()
        ],
        "all_versions": all_versions,
        "versions_querystring": _querystring(
            active, sort=sort, q=query, all_versions=not all_versions
        ),
        "filters_active": any(active.values()) or bool(query),
        "base_querystring": urlencode({**base_params, "sort": sort}),
        "tier_legend": [
            {"value": value, "label": label, "description": TIER_DESCRIPTIONS[value]}
            for value, label in TIER_CHOICES
        ],
        "active_filters": active,
    }


def attach_tag_names(regulations) -> None:
    """Set ``tag_names`` on each regulation with one query (prefetching cluster tags does not)."""
    regulations = list(regulations)
    names: dict[int, list[str]] = {r.pk: [] for r in regulations}
    if names:
        rows = (
            RegulationPageTag.objects.filter(content_object_id__in=list(names))
            .order_by("tag__name")
            .values_list("content_object_id", "tag__name")
        )
        for page_id, name in rows:
            names[page_id].append(name)
    for regulation in regulations:
        regulation.tag_names = names[regulation.pk]


def _querystring(
    active: Mapping[str, str], *, sort: str, q: str, all_versions: bool, **changes
) -> str:
    params = {**active, **changes}
    params = {k: v for k, v in params.items() if v}
    if q:
        params["q"] = q
    if sort and sort != "date":
        params["sort"] = sort
    if all_versions:
        params["versions"] = "all"
    return "?" + urlencode(params) if params else "?"


# --------------------------------------------------------------------------------------------
# One regulation
# --------------------------------------------------------------------------------------------


def versions_of(page: RegulationPage) -> list[RegulationPage]:
    return list(
        public_regulations()
        .filter(work_key=page.work_key)
        .with_status()
        .order_by("-version_date", "-sort_date", "-pk")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "subtitle",
            "version_date",
            "sort_date",
            "effective_date",
            "repeal_date",
            "status_override",
            "superseded_on",
            "is_current",
            "article_count",
            "work_key",
            "live",
        )
    )


def regulation_detail(*, page: RegulationPage) -> dict:
    nodes = list(RegulationNode.objects.filter(page=page).order_by("position"))
    versions = versions_of(page)
    current = next((v for v in versions if v.is_current), None)
    headings = [n for n in nodes if n.is_heading]
    toc_nodes = headings or [n for n in nodes if n.kind == NodeKind.ARTICLE]
    return {
        "nodes": nodes,
        "body_html": rendering.render_nodes(nodes, citation_title=page.citation_title),
        "toc": rendering.toc(toc_nodes),
        "toc_is_articles": not headings,
        "versions": versions,
        "current_version": current if current and current.pk != page.pk else None,
        "is_latest": current is None or current.pk == page.pk,
        "tags": list(page.tags.all()),
        "tier_description": TIER_DESCRIPTIONS.get(page.tier, ""),
        "article_total": sum(1 for n in nodes if n.kind == NodeKind.ARTICLE),
    }


def version_comparison(*, page: RegulationPage, params: Mapping[str, str]) -> dict:
    """Compare ``page`` with the version given by ``?with=<id>`` (default: the next newer one)."""
    versions = versions_of(page)
    others = [v for v in versions if v.pk != page.pk]
    raw = (params.get("with") or "").strip()
    other = None
    error = ""
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            error = _("The version to compare with is not valid.")
        elif int(raw) == page.pk:
            error = _("This is the same version: choose another version to compare with.")
        else:
            other = next((v for v in others if v.pk == int(raw)), None)
            if other is None:
                error = _("The version to compare with is not a version of this regulation.")
    elif others:
        newer = [v for v in others if _order(v) > _order(page)]
        other = newer[-1] if newer else others[0]
    else:
        error = _("This regulation has only one version.")
    context = {"compare_versions": others, "compare_error": error, "compare_other": other}
    if other is None:
        return context
    old, new = (other, page) if _order(other) < _order(page) else (page, other)
    articles = RegulationNode.objects.filter(page__in=[old.pk, new.pk], kind=NodeKind.ARTICLE)
    by_page: dict[int, list] = {old.pk: [], new.pk: []}
    for node in articles.order_by("position"):
        by_page[node.page_id].append(diff.Item(key=node.anchor, label=node.label, text=node.text))
    changes = diff.compare(by_page[old.pk], by_page[new.pk])
    context.update(
        {
            "compare_old": old,
            "compare_new": new,
            "changes": changes,
            "change_summary": diff.summary(changes),
        }
    )
    return context


def _order(page: RegulationPage) -> tuple:
    return (page.version_date or page.sort_date or dt.date.min, page.pk)
