"""Public read-only JSON endpoints of the regulations library (CONTRACT.md)."""

from __future__ import annotations

from django.http import JsonResponse

from core.http import JSON_OPTIONS, json_error, json_read_only
from regulations.models import Category, NodeKind, RegulationNode, Status, Tier
from regulations.selectors import public_regulations

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class BadParameter(ValueError):
    pass


def error(message: str, status: int = 400) -> JsonResponse:
    return json_error(message, status)


def int_param(params, name: str, *, default: int, minimum: int, maximum: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 9:
        raise BadParameter(f"'{name}' must be an integer from {minimum} to {maximum}")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(f"'{name}' must be an integer from {minimum} to {maximum}")
    return value


def bool_param(params, name: str) -> bool:
    raw = (params.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise BadParameter(f"'{name}' must be 1 or 0")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def regulation_data(page, request) -> dict:
    url = page.get_url(request=request) or ""
    return {
        "id": page.pk,
        "title": page.title,
        "subtitle": page.subtitle,
        "version_date": page.version_date.isoformat() if page.version_date else None,
        "category": page.category,
        "category_label": _label(Category, page.category),
        "sector": page.sector,
        "status": page.status,
        "status_label": _label(Status, page.status),
        "tier": page.tier,
        "tier_label": _label(Tier, page.tier) if page.tier else "",
        "articles": page.article_count,
        "issuing_authority": page.issuing_authority,
        "document_number": page.document_number,
        "effective_date": page.effective_date.isoformat() if page.effective_date else None,
        "is_current": page.is_current,
        "url": request.build_absolute_uri(url) if url else None,
    }


@json_read_only
def regulation_list(request):
    try:
        page_number = int_param(request.GET, "page", default=1, minimum=1, maximum=MAX_PAGE)
        page_size = int_param(
            request.GET, "page_size", default=DEFAULT_PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE
        )
        current = bool_param(request.GET, "current")
    except BadParameter as exc:
        return error(str(exc))
    qs = public_regulations().with_status()
    if current:
        qs = qs.filter(is_current=True)
    count = qs.count()
    start = (page_number - 1) * page_size
    pages = list(qs.order_by("title", "subtitle", "-version_date", "pk")[start : start + page_size])
    return JsonResponse(
        {
            "count": count,
            "page": page_number,
            "page_size": page_size,
            "results": [regulation_data(page, request) for page in pages],
        },
        json_dumps_params=JSON_OPTIONS,
    )


@json_read_only
def regulation_detail(request, pk: int):
    page = public_regulations().with_status().filter(pk=pk).first()
    if page is None:
        return error("regulation not found", status=404)
    data = regulation_data(page, request)
    nodes = RegulationNode.objects.filter(page=page).order_by("position")
    data["structure"] = [
        {
            "kind": node.kind,
            "label": node.label,
            "title": node.title,
            "text": node.title
            if node.kind not in (NodeKind.ARTICLE, NodeKind.PARAGRAPH)
            else node.text,
            "anchor": node.anchor,
            "path": node.path,
        }
        for node in nodes
    ]
    data["history"] = page.history
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)
