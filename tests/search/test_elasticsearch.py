"""The Elasticsearch backend as data (mapping, query bodies) and its fallback when ES is down."""

from __future__ import annotations

import logging

import pytest

from search.backends import elasticsearch_enabled, get_backend
from search.backends.base import Viewer
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    SearchDocument,
    build_search,
    parse_response,
    to_source,
)
from search.query import parse_params

# parse_params reads the editors' synonyms (from the database, then cached).
pytestmark = pytest.mark.django_db


def test_mapping_uses_only_built_in_analyzers():
    mapping = SearchDocument._doc_type.mapping.to_dict()
    props = mapping["properties"]
    assert props["text_seg"] == {"type": "text", "analyzer": "segmented"}
    assert props["title_seg"]["analyzer"] == "segmented"
    assert props["text"]["analyzer"] == "cjk"
    for keyword in ("type", "category", "tier", "status", "audience", "group_ids"):
        assert props[keyword] == {"type": "keyword"}
    assert props["date"] == {"type": "date"} and props["year"] == {"type": "integer"}
    analysis = SearchDocument._index.to_dict()["settings"]["analysis"]
    assert analysis["analyzer"]["segmented"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }


def test_query_body(monkeypatch):
    params = parse_params(
        {
            "q": '"监察机关" 受贿 -行贿',
            "type": "regulation",
            "year": "2024",
            "sort": "date",
            "page": "2",
            "page_size": "5",
        }
    )
    body = build_search(params, Viewer()).to_dict()
    must = body["query"]["bool"]["must"]
    # the phrase's term, then 受贿 with its synonym 收受贿赂 as alternatives, then the phrase
    assert must[0]["multi_match"]["query"] == "监察机关"
    alternatives = [q["multi_match"]["query"] for q in must[1]["bool"]["should"]]
    assert alternatives == ["受贿", "收受贿赂"]
    assert must[1]["bool"]["should"][0]["multi_match"]["fields"] == [
        "title_seg^6",
        "title_extra_seg^2",
        "text_seg",
    ]
    assert must[2]["multi_match"] == {
        "query": "监察机关",
        "type": "phrase",
        "fields": ["title_seg", "text_seg"],
    }
    assert body["query"]["bool"]["must_not"][0]["multi_match"]["query"] == "行贿"
    assert body["query"]["bool"]["filter"] == [{"terms": {"audience": ["public"]}}]
    assert body["post_filter"] == {
        "bool": {"filter": [{"term": {"type": "regulation"}}, {"term": {"year": 2024}}]}
    }
    # each facet is counted with the other facets' filters only
    assert body["aggs"]["type"]["filter"] == {"bool": {"filter": [{"term": {"year": 2024}}]}}
    assert body["aggs"]["year"]["aggs"]["values"]["terms"]["field"] == "year"
    assert body["aggs"]["category"]["filter"]["bool"]["filter"] == [
        {"term": {"type": "regulation"}},
        {"term": {"year": 2024}},
    ]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body["from"] == 5 and body["size"] == 5
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert "text" in body["highlight"]["fields"]
    assert body["track_total_hits"] is True


def test_visibility_for_staff_and_groups():
    viewer = Viewer(authenticated=True, group_ids=(3,))
    body = build_search(parse_params({"q": "回避"}), viewer).to_dict()
    visible = body["query"]["bool"]["filter"][0]["bool"]["should"]
    assert {"terms": {"audience": ["public", "login"]}} in visible
    assert {
        "bool": {"must": [{"term": {"audience": "groups"}}, {"terms": {"group_ids": ["3"]}}]}
    } in visible


def test_document_body_is_pre_segmented(site):
    from search.models import SearchEntry

    entry = SearchEntry.objects.filter(article__gt="").first()
    body = to_source(entry)
    assert body["_id"] == entry.key
    assert body["article"] == entry.article and body["version_date"]
    assert " " in body["text_seg"] and "，" not in body["text_seg"]
    assert body["title_extra_seg"]  # the regulation's title


def test_parse_response_reads_hits_and_aggregations():
    from elasticsearch.dsl.response import Response

    params = parse_params({"q": "回避"})
    search = build_search(params, Viewer())
    raw = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "max_score": 3.2,
            "hits": [
                {
                    "_index": "portal-search",
                    "_id": "regulation-article:1",
                    "_score": 3.2,
                    "_source": {
                        "type": "regulation",
                        "title": "《监察法》第五十八条",
                        "url": "/r/#art-58",
                        "text": "办理监察事项的监察人员有下列情形之一的，应当自行回避",
                        "group_title": "中华人民共和国监察法",
                        "version_date": "2018-03-20",
                        "article": "第五十八条",
                        "date": "2018-03-20",
                    },
                    "highlight": {"text": ["应当自行<mark>回避</mark>"]},
                }
            ],
        },
        "aggregations": {
            "type": {
                "doc_count": 1,
                "values": {"buckets": [{"key": "regulation", "doc_count": 1}]},
            },
            "year": {"doc_count": 1, "values": {"buckets": [{"key": 2018, "doc_count": 1}]}},
        },
    }
    results = parse_response(Response(search, raw), params)
    assert results.total == 1
    hit = results.hits[0]
    assert hit.snippet == "应当自行<mark>回避</mark>"
    assert hit.article == "第五十八条" and str(hit.version_date) == "2018-03-20"
    assert results.facets["type"] == [("regulation", 1)]
    assert results.facets["year"] == [("2018", 1)]
    assert results.facets["tier"] == []


def test_backend_selection(settings):
    settings.SEARCH_BACKEND = "database"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    assert not elasticsearch_enabled()
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    assert get_backend().name == "database"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    assert isinstance(get_backend(), ElasticsearchBackend)


def test_unreachable_elasticsearch_falls_back_with_a_warning(site, client, settings, caplog):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="search.backends.elasticsearch"):
        response = client.get("/api/search/", {"q": "回避"})
    assert response.status_code == 200
    assert response.json()["total"] > 0
    assert any("unavailable" in record.getMessage() for record in caplog.records)


def test_index_updates_survive_an_unreachable_elasticsearch(
    home_page, settings, caplog, django_capture_on_commit_callbacks
):
    from tests.factories import ArticlePageFactory, ColumnIndexPageFactory

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    column = ColumnIndexPageFactory(parent=home_page)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=column, title="回避制度")
    from search.models import SearchEntry

    assert SearchEntry.objects.filter(title="回避制度").exists()
    assert any("Elasticsearch could not be updated" in r.getMessage() for r in caplog.records)
