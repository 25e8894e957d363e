"""The search page, autocomplete, promotions and the editors' report."""

from __future__ import annotations

import pytest
from django.utils import translation

from search.models import QueryStat

pytestmark = pytest.mark.django_db


def test_empty_search_page(site, client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'name="q"' in response.content


def test_results_page_with_facets_highlights_and_groups(site, client):
    response = client.get("/search/", {"q": "回避"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>回避</mark>" in html
    assert "srch-facet" in html
    assert "中华人民共和国公务员法" in html  # a regulation heading above its articles
    assert "#art-" in html
    assert 'aria-current="page"' in html  # pagination
    with translation.override("zh-hans"):
        assert "搜索" in html


def test_filter_and_sort_links(site, client):
    response = client.get("/search/", {"q": "回避", "type": "case", "sort": "date"})
    html = response.content.decode()
    assert site.case.title in html
    assert site.hearing.title not in html
    assert 'aria-current="true"' in html


def test_no_results_suggests_a_spelling(site, client):
    html = client.get("/search/", {"q": "贿络"}).content.decode()
    assert "?q=%E8%B4%BF%E8%B5%82" in html  # 贿赂


def test_invalid_query_is_a_clear_message(site, client):
    response = client.get("/search/", {"q": "x" * 300})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_bad_numbers_on_the_page_fall_back(site, client):
    assert (
        client.get("/search/", {"q": "回避", "page": "abc", "page_size": "-4"}).status_code == 200
    )


def test_queries_are_recorded_for_editors(site, client, admin_client):
    client.get("/search/", {"q": "回避"})
    client.get("/search/", {"q": "回避"})
    client.get("/search/", {"q": "不存在的词语"})
    client.get("/search/", {"q": "回避", "page": "2"})  # paging is not a new search
    stat = QueryStat.objects.get(query="回避")
    assert stat.hits == 2 and stat.zero_hits == 0
    assert QueryStat.objects.get(query="不存在的词语").zero_hits == 1
    response = admin_client.get("/admin/reports/search-terms/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "回避" in html and "不存在的词语" in html
    assert admin_client.get("/admin/reports/search-terms/?days=abc").status_code == 200


def test_search_promotions(site, client):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("回避")
    SearchPromotion.objects.create(query=query, page=site.book, description="编辑推荐读物")
    html = client.get("/search/", {"q": "回避"}).content.decode()
    assert "编辑推荐读物" in html
    assert html.index("编辑推荐读物") < html.index("srch-results")


def test_autocomplete(site, client):
    data = client.get("/search/autocomplete/", {"q": "监察法"}).json()
    titles = [item["title"] for item in data["results"]]
    assert "中华人民共和国监察法" in titles
    assert all("第" not in t for t in titles)  # regulations, not single articles
    assert client.get("/search/autocomplete/", {"q": "x" * 60}).status_code == 400
    assert client.get("/search/autocomplete/", {"q": ""}).json() == {"results": []}
    staff = client.get("/search/autocomplete/", {"q": "内部通报"}).json()
    assert staff["results"] == []


def test_synonym_snippet_in_admin(site, admin_client):
    response = admin_client.get("/admin/snippets/search/synonymgroup/")
    assert response.status_code == 200
    assert "收受贿赂" in response.content.decode()
