import datetime as dt

import pytest

from regulations.models import RegulationPage, Status

pytestmark = pytest.mark.django_db


def url_of(page):
    return page.get_url()  # already percent-encoded


def test_library_lists_current_versions_with_facet_counts(client, corpus, library):
    response = client.get(library.url)
    assert response.status_code == 200
    context = response.context
    # 40 documents, 3 of them superseded by a newer version.
    assert context["regulations"].paginator.count == 37
    facets = {f["name"]: {o["value"]: o["count"] for o in f["options"]} for f in context["facets"]}
    assert facets["category"]["law"] == 21
    assert facets["category"]["local_regulation"] == 6
    assert facets["status"][Status.CURRENT] == 37
    assert facets["year"][2024] == 5
    assert facets["authority"]["国务院"] == 6
    html = response.content.decode()
    assert "中华人民共和国监察法" in html
    assert 'class="reg-legend' in html


def test_status_facet_counts_and_finds_earlier_versions(client, supervision_laws, library):
    response = client.get(library.url)
    facets = {
        f["name"]: {o["value"]: o["count"] for o in f["options"]}
        for f in response.context["facets"]
    }
    assert facets["status"][Status.CURRENT] == 1
    assert facets["status"][Status.AMENDED] == 1  # the 2018 version, although not listed
    assert response.context["regulations"].paginator.count == 1
    response = client.get(library.url, {"status": Status.AMENDED})
    results = list(response.context["regulations"])
    assert [(r.title, r.version_date) for r in results] == [
        ("中华人民共和国监察法", dt.date(2018, 3, 20))
    ]


def test_versions_link_keeps_sort_and_search(client, supervision_laws, library):
    response = client.get(library.url, {"category": "law", "sort": "title", "q": "监察"})
    link = response.context["versions_querystring"]
    assert "versions=all" in link and "sort=title" in link and "category=law" in link
    assert "q=%E7%9B%91%E5%AF%9F" in link
    assert f'href="{link.replace("&", "&amp;")}"' in response.content.decode()
    response = client.get(library.url + link)
    assert response.context["all_versions"]
    back = response.context["versions_querystring"]
    assert "versions" not in back and "sort=title" in back and "q=" in back


def test_library_filters_sort_and_pagination(client, corpus, library):
    response = client.get(library.url, {"category": "local_regulation", "sort": "title"})
    page = response.context["regulations"]
    assert page.paginator.count == 6
    titles = [r.title for r in page]
    assert titles == sorted(titles)
    response = client.get(library.url, {"versions": "all", "year": "2018"})
    assert {(r.title, r.version_date.year) for r in response.context["regulations"]} >= {
        ("中华人民共和国监察法", 2018)
    }
    response = client.get(library.url, {"page": "2"})
    assert response.context["regulations"].number == 2
    assert len(response.context["regulations"].object_list) == 17


def test_library_tier_and_tag_filters(client, corpus, library):
    page = RegulationPage.objects.get(title="中华人民共和国公职人员政务处分法")
    page.tier = "prohibition"
    page.tags.add("政务处分")
    page.save()
    response = client.get(library.url, {"tier": "prohibition"})
    assert [r.title for r in response.context["regulations"]] == [page.title]
    response = client.get(library.url, {"tag": "政务处分"})
    assert [r.title for r in response.context["regulations"]] == [page.title]
    tiers = next(f for f in response.context["facets"] if f["name"] == "tier")
    assert {o["value"]: o["count"] for o in tiers["options"]}["prohibition"] == 1
    response = client.get(library.url, {"tier": "none"})
    assert response.context["regulations"].paginator.count == 36


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999999999999999999999"},
        {"page": "-3"},
        {"year": "20x4"},
        {"year": "99999"},
        {"category": "nonsense"},
        {"tier": "x" * 500},
        {"tag": "标签" * 200},
        {"authority": "很" * 500},
        {"q": "法" * 1000},
        {"sort": "drop table"},
    ],
)
def test_library_bad_parameters_never_fail(client, corpus, library, params):
    response = client.get(library.url, params)
    assert response.status_code == 200


def test_library_query_count_is_constant(client, corpus, library, django_assert_max_num_queries):
    client.get(library.url)  # warm caches (site root paths)
    with django_assert_max_num_queries(20):
        response = client.get(library.url, {"versions": "all"})
    assert response.status_code == 200


def test_regulation_page_structure_toc_and_deep_links(client, supervision_laws):
    page = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    response = client.get(url_of(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="art-12"' in html
    assert 'href="#art-12"' in html
    assert 'href="#ch-1"' in html  # table of contents
    assert 'data-cite="《中华人民共和国监察法》第十二条"' in html
    assert "reg-timeline" in html
    assert "reg-banner--amended" not in html


def test_older_version_has_amended_banner_linking_current(client, supervision_laws):
    old = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    new = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    response = client.get(url_of(old))
    html = response.content.decode()
    assert "reg-banner--amended" in html
    assert f'href="{new.url}"' in html
    assert response.context["current_version"].pk == new.pk


def test_regulation_page_query_count_is_constant(client, corpus, django_assert_max_num_queries):
    criminal = RegulationPage.objects.get(title="中华人民共和国刑法")
    small = RegulationPage.objects.get(title="中华人民共和国反不正当竞争法")
    client.get(url_of(small))
    with django_assert_max_num_queries(16) as small_queries:
        client.get(url_of(small))
    with django_assert_max_num_queries(16) as big_queries:
        response = client.get(url_of(criminal))
    assert response.content.decode().count('class="reg-article"') == 505
    assert len(big_queries.captured_queries) == len(small_queries.captured_queries)


def test_document_without_articles_renders_paragraphs(client, library):
    from regulations.services import import_paths

    from .conftest import DATA

    import_paths(paths=[DATA / "编号段落意见(2023-04-05).md"], library=library)
    page = RegulationPage.objects.get()
    html = client.get(url_of(page)).content.decode()
    assert 'id="s-2"' in html and "严格接待标准" in html


def test_compare_versions(client, supervision_laws):
    old = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    new = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    response = client.get(url_of(old) + "compare/", {"with": new.pk})
    assert response.status_code == 200
    summary = response.context["change_summary"]
    assert summary["added"] >= 9  # 69 -> 78 articles
    assert summary["added"] - summary["removed"] == 9
    assert summary["changed"] > 0
    html = response.content.decode()
    assert "<ins>" in html
    # 第十二条 gained paragraphs in 2024: one changed article, not removed + added.
    changes = response.context["changes"]
    twelfth = [c for c in changes if (c.old or c.new).label == "第十二条"]
    assert [c.kind for c in twelfth if c.old and c.old.label == "第十二条"] == ["changed"]
    assert summary["removed"] == 0
    # Default: compare with the next version.
    response = client.get(url_of(old) + "compare/")
    assert response.context["compare_new"].pk == new.pk


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1" * 50])
def test_compare_with_bad_version_is_a_clear_400(client, supervision_laws, value):
    old = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    response = client.get(url_of(old) + "compare/", {"with": value})
    assert response.status_code == 400
    assert response.context["compare_error"]


def test_compare_with_itself_asks_for_another_version(client, supervision_laws):
    from django.utils import translation

    old = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    with translation.override("zh-hans"):
        response = client.get(
            url_of(old) + "compare/", {"with": old.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert response.status_code == 400
    assert "请选择另一个版本" in str(response.context["compare_error"])
