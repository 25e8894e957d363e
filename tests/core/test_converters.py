"""Ids in URLs are bounded: a huge number is a 404, never an overflow (500)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from core.converters import IdConverter

HUGE = "99999999999999999999"
OUR_APPS = ("regulations", "feedback", "learning", "early_warning", "organization", "search")


def _routes(patterns=None, prefix=""):
    """(full route, module) for every URL pattern of the project."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route.replace("^", ""), getattr(pattern.callback, "__module__", "")


def _id_routes():
    return sorted({route for route, _ in _routes() if "<id:" in route})


def _resolved_route(url: str) -> str | None:
    try:
        return resolve(url).route.replace("^", "")
    except Resolver404:
        return None


def _fill(route: str, value: str) -> str:
    parts = []
    for chunk in route.replace("^", "").split("<"):
        if ">" in chunk:
            converter_name, rest = chunk.split(">", 1)
            converter = converter_name.split(":")[0]
            parts.append((value if converter == "id" else "x") + rest)
        else:
            parts.append(chunk)
    return "/" + "".join(parts)


def test_converter_bounds():
    converter = IdConverter()
    assert converter.to_python("42") == 42
    assert converter.to_url(42) == "42"
    assert int("9" * 18) < 2**63 - 1
    assert _resolved_route("/api/regulations/" + "9" * 19 + "/") == "api/"
    assert resolve("/api/regulations/" + "9" * 18 + "/").kwargs == {"pk": int("9" * 18)}


def test_our_apps_use_the_bounded_converter():
    unbounded = [
        route
        for route, module in _routes()
        if "<int:" in route and module.split(".")[0] in OUR_APPS
    ]
    assert unbounded == []
    routes = _id_routes()
    # regulations API, feedback desk, learning procedures, early-warning pages
    assert any(r.startswith("api/regulations/") for r in routes)
    assert any(r.startswith("feedback/desk/") for r in routes)
    assert any(r.startswith("staff/procedures/") for r in routes)
    assert any(r.startswith("warnings/") for r in routes)


@pytest.mark.django_db
def test_huge_ids_are_404_not_500(admin_client, home_page):
    routes = _id_routes()
    assert routes
    for route in routes:
        url = _fill(route, HUGE)
        assert _resolved_route(url) != route  # falls through to a catch-all, if any
        response = admin_client.get(url)
        assert response.status_code == 404, url
        # a plain too-large id still resolves and reaches the view (which then finds nothing)
        assert _resolved_route(_fill(route, "9" * 18)) == route
