"""/api/: huge numbers are 400/404 JSON, unknown paths a JSON 404, writes a JSON 405."""

import json

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [
        f"offset={HUGE}",
        f"limit={HUGE}",
        "offset=1000001",
        f"child_of={HUGE}",
        f"descendant_of={HUGE}",
        f"ancestor_of={HUGE}",
        f"id={HUGE}",
    ],
)
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_wagtail_api_rejects_huge_numbers(client, home_page, endpoint, query):
    if endpoint != "pages" and query.split("=")[0] in ("child_of", "descendant_of", "ancestor_of"):
        pytest.skip("page tree filters exist only for pages")
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400, response.content
    assert "message" in json.loads(response.content)


def test_wagtail_api_find_and_detail_with_huge_id(client, home_page):
    response = client.get(f"/api/v2/pages/find/?id={HUGE}")
    assert response.status_code == 400
    detail = client.get(f"/api/v2/pages/{HUGE}/")
    assert detail.status_code == 404
    assert detail.json() == {"error": "not found"}
    assert client.get(f"/api/v2/pages/{home_page.pk}/").status_code == 200
    assert client.get("/api/v2/pages/?offset=5&limit=3").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/", "/api/nothing/", "/api/regulations/abc/", "/api/v2/nothing/", "/api/search/x/"],
)
def test_unknown_api_path_is_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "not found"}


@pytest.mark.parametrize("url", ["/api/regulations/", "/api/regulations/1/", "/api/search/"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writes_to_read_only_api_are_json_405(method, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "error" in response.json()
    assert "GET" in response["Allow"]


def test_post_to_wagtail_api_is_not_html(client, home_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/v2/pages/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
