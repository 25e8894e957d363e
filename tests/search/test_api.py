"""GET /api/search/ as CONTRACT.md specifies, and hostile input: never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "a",
    "回",
    "x" * 1000,
    "回避" * 500,
    "，。！？",
    "!!!???",
    '"',
    '""',
    "*",
    ":",
    "( )",
    "AND",
    "OR",
    "NEAR",
    "^~",
    '回避 " * : ( ) AND OR NEAR ^ ~',
    "回避 NEAR/3 留置",
    "title:回避",
    "回避^2 留置~",
    "-",
    "--回避",
    "-回避",
    "\x00\x01\x02",
    "回避\x00留置",
    "\u202e回避",
    "😀",
    "😀回避🚀",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    "回避 " * 40,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_a_clear_answer(site, client, q):
    response = client.get("/api/search/", {"q": q})
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert set(data) == {"error"} and data["error"]
    else:
        assert data["total"] >= 0 and isinstance(data["results"], list)
    page = client.get("/search/", {"q": q})
    assert page.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in page.content


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {},
        {"q": "回避", "page": "0"},
        {"q": "回避", "page": "-1"},
        {"q": "回避", "page": "abc"},
        {"q": "回避", "page": "99999999999999999999"},
        {"q": "回避", "page_size": "0"},
        {"q": "回避", "page_size": "101"},
        {"q": "回避", "page_size": "1e3"},
        {"q": "回避", "type": "nonsense"},
        {"q": "回避", "year": "abc"},
        {"q": "回避", "sort": "random"},
        {"q": "回避", "category": "x" * 500},
    ],
)
def test_invalid_parameters_are_400_json(site, client, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["error"]


def test_contract_shape(site, client):
    response = client.get("/api/search/", {"q": "回避", "page_size": "100"})
    assert response.status_code == 200
    data = response.json()
    assert {"query", "total", "page", "results", "facets"} <= set(data)
    assert data["query"] == "回避" and data["page"] == 1
    assert data["total"] == len(data["results"]) or data["total"] > 100
    types = set()
    for result in data["results"]:
        assert {"type", "title", "url", "snippet", "score"} <= set(result)
        assert "<mark>" in result["snippet"]
        types.add(result["type"])
        if result["type"] == "regulation":
            assert {"regulation", "version_date", "article"} <= set(result)
            if result["article"]:
                assert result["article"].startswith("第") and result["article"].endswith("条")
                assert "#art-" in result["url"]
            assert result["version_date"] is None or len(result["version_date"]) == 10
    assert {"regulation", "article", "case"} <= types
    assert {item["value"] for item in data["facets"]["type"]} == types


@pytest.mark.parametrize("kind", ["regulation", "article", "case", "book", "course"])
def test_type_parameter(site, client, kind):
    data = client.get("/api/search/", {"q": ["廉政", "回避", "监察"][0], "type": kind}).json()
    assert all(result["type"] == kind for result in data["results"])


def test_page_and_page_size(site, client):
    first = client.get("/api/search/", {"q": "回避", "page_size": "3"}).json()
    second = client.get("/api/search/", {"q": "回避", "page_size": "3", "page": "2"}).json()
    assert len(first["results"]) == len(second["results"]) == 3
    assert second["page"] == 2 and first["total"] == second["total"]
    assert [r["url"] for r in first["results"]] != [r["url"] for r in second["results"]]


def test_query_count_is_constant(site, client, django_assert_max_num_queries):
    client.get("/api/search/", {"q": "回避"})
    for q in ("回避", "监察 留置", '"监察机关" -行贿', "贿络"):
        with django_assert_max_num_queries(4):
            assert client.get("/api/search/", {"q": q}).status_code == 200


def test_staff_see_staff_only_content(site, client, django_user_model):
    params = {"q": "公款吃喝", "type": "article"}
    assert site.staff_only.title not in [
        r["title"] for r in client.get("/api/search/", params).json()["results"]
    ]
    client.force_login(django_user_model.objects.create_user("staff1", password="x"))
    assert site.staff_only.title in [
        r["title"] for r in client.get("/api/search/", params).json()["results"]
    ]
