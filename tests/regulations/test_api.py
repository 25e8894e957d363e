import datetime as dt

import pytest

from regulations.models import RegulationPage

pytestmark = pytest.mark.django_db


def test_list_contract_shape(client, supervision_laws):
    response = client.get("/api/regulations/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["count"] == 2
    item = data["results"][0]
    assert {"id", "title", "version_date", "category", "status", "tier", "articles", "url"} <= set(
        item
    )
    assert item["title"] == "中华人民共和国监察法"
    assert {r["version_date"] for r in data["results"]} == {"2018-03-20", "2024-12-25"}
    assert {r["status"] for r in data["results"]} == {"current", "amended"}
    assert item["url"].startswith("http://")


def test_list_current_only_and_pagination(client, corpus):
    data = client.get("/api/regulations/", {"current": "1", "page_size": "100"}).json()
    assert data["count"] == 37 and len(data["results"]) == 37
    data = client.get("/api/regulations/", {"page": "2", "page_size": "15"}).json()
    assert data["count"] == 40 and len(data["results"]) == 15
    data = client.get("/api/regulations/", {"page": "50", "page_size": "15"}).json()
    assert data["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "9" * 40},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "ten"},
        {"current": "maybe"},
    ],
)
def test_list_bad_parameters_are_400_json(client, params):
    response = client.get("/api/regulations/", params)
    assert response.status_code == 400
    assert "error" in response.json()


def test_list_query_count_is_constant(client, corpus, django_assert_max_num_queries):
    client.get("/api/regulations/")
    with django_assert_max_num_queries(4):
        client.get("/api/regulations/", {"page_size": "100"})


def test_detail_structure(client, supervision_laws):
    page = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    response = client.get(f"/api/regulations/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == page.pk and data["articles"] == 78
    structure = data["structure"]
    articles = [s for s in structure if s["kind"] == "article"]
    assert len(articles) == 78
    assert articles[11]["label"] == "第十二条" and articles[11]["anchor"] == "art-12"
    assert articles[11]["text"]
    assert structure[0] == {
        "kind": "chapter",
        "label": "第一章",
        "title": "总则",
        "text": "总则",
        "anchor": "ch-1",
        "path": "",
    }


def test_detail_not_found_and_unpublished(client, supervision_laws):
    assert client.get("/api/regulations/999999/").status_code == 404
    huge = client.get("/api/regulations/99999999999999999999/")
    assert huge.status_code == 404
    assert huge.json() == {"error": "not found"}
    page = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    page.unpublish()
    response = client.get(f"/api/regulations/{page.pk}/")
    assert response.status_code == 404
    assert response.json() == {"error": "regulation not found"}


def test_post_is_not_allowed(client):
    assert client.post("/api/regulations/").status_code == 405
