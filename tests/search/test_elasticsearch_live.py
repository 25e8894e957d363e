"""Against a real Elasticsearch 8: runs only when ELASTICSEARCH_URL is set."""

from __future__ import annotations

import os

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against",
    ),
]


@pytest.fixture
def es_site(site, settings):
    from search.backends import elasticsearch as es_backend

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    es_backend.INDEX_NAME = "portal-search-test"
    es_backend.SearchDocument._index._name = "portal-search-test"
    es_backend.rebuild_index()
    yield site
    es_backend.client().indices.delete(index="portal-search-test", ignore_unavailable=True)


def test_same_answers_as_the_embedded_backend(es_site, client):
    from search.backends.database import DatabaseBackend
    from search.query import parse_params

    for q in ("回避", "留置", '"监察机关"', "贿赂 -受贿"):
        data = client.get("/api/search/", {"q": q, "page_size": "100"}).json()
        embedded = DatabaseBackend().search(parse_params({"q": q, "page_size": "100"}))
        assert data["total"] == embedded.total, q
        assert {f["value"]: f["count"] for f in data["facets"]["type"]} == dict(
            embedded.facets["type"]
        )
        assert all("<mark>" in r["snippet"] for r in data["results"])
