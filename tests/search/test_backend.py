"""The embedded backend on a real slice of the corpus (7 regulations, ~500 articles) + pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from regulations.models import RegulationNode
from search.backends.base import Viewer
from search.backends.database import DatabaseBackend
from search.models import SearchEntry
from search.query import SearchParams, parse, parse_params

pytestmark = pytest.mark.django_db


def run(q, viewer=None, **params):
    params.setdefault("page_size", 100)
    search_params = parse_params({"q": q, **{k: str(v) for k, v in params.items()}})
    search_params.page_size = 10_000  # everything, for comparisons with the database
    return DatabaseBackend().search(search_params, viewer=viewer or Viewer())


def containing(word, *, audiences=("public",)):
    """Entries whose stored title or text contains the word (a plain database scan)."""
    from django.db.models import Q

    return set(
        SearchEntry.objects.filter(Q(title__icontains=word) | Q(text__icontains=word))
        .filter(audience__in=audiences)
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("word", ["回避", "贿赂", "留置", "听证", "处分", "监察", "举报"])
def test_every_document_containing_a_two_character_word_is_found(site, word):
    results = run(word)
    expected = containing(word)
    assert expected, word
    assert {hit.id for hit in results.hits} >= expected
    # And every regulation article containing it is among them.
    articles = RegulationNode.objects.filter(kind="article", text__contains=word).count()
    found = sum(1 for hit in results.hits if hit.article)
    assert found >= articles


def test_the_reported_bug_chinese_words_inside_a_title(site):
    for word in ("风险", "腐败", "预警", "平台"):
        titles = [hit.title for hit in run(word).hits]
        assert site.platform.title in titles, word


def test_quoted_phrase_must_appear_as_written(site):
    results = run('"监察机关"')
    assert results.total == len(containing("监察机关"))
    assert results.total > 0
    for hit in results.hits:
        assert "监察机关" in hit.snippet.replace("<mark>", "").replace("</mark>", "") or (
            "监察机关" in SearchEntry.objects.get(pk=hit.id).text
        )


def test_excluded_word(site):
    with_both = containing("贿赂") & containing("受贿")
    assert with_both, "the corpus should have documents with both words"
    results = run("贿赂 -受贿")
    ids = {hit.id for hit in results.hits}
    assert ids == containing("贿赂") - containing("受贿")
    assert not ids & with_both


def test_filters_by_type_category_status_and_year(site):
    cases = run("回避", type="case")
    assert [hit.title for hit in cases.hits] == [site.case.title]
    laws = run("回避", category="law")
    assert laws.hits and all(hit.category == "law" for hit in laws.hits)
    amended = run("留置", status="amended")
    assert amended.hits and all(hit.status == "amended" for hit in amended.hits)
    year = run("回避", year="2023")
    assert [hit.title for hit in year.hits] == [site.hearing.title]


def test_facet_counts_equal_database_counts(site):
    from collections import Counter

    results = run("回避")
    entries = SearchEntry.objects.filter(pk__in=containing("回避"))
    assert dict(results.facets["type"]) == dict(Counter(entries.values_list("type", flat=True)))
    assert dict(results.facets["status"]) == dict(
        Counter(s for s in entries.values_list("status", flat=True) if s)
    )
    assert dict(results.facets["year"]) == dict(
        Counter(str(d.year) for d in entries.values_list("date", flat=True) if d)
    )
    # The regulation count is the number of articles (and regulations) that contain the word.
    articles = RegulationNode.objects.filter(kind="article", text__contains="回避").count()
    assert dict(results.facets["type"])["regulation"] >= articles


def test_facets_ignore_their_own_filter(site):
    everything = dict(run("回避").facets["type"])
    filtered = run("回避", type="case")
    assert dict(filtered.facets["type"]) == everything
    assert filtered.total == everything["case"]


def test_a_regulation_whose_title_has_the_word_ranks_above_a_single_mention(site):
    # 《公务员法》 has 公务员 in its title; 《信访条例》 mentions it in exactly one article.
    results = run("公务员")
    titled = [i for i, h in enumerate(results.hits) if h.group_title == "中华人民共和国公务员法"]
    once = [i for i, h in enumerate(results.hits) if h.group_title == "信访条例"]
    assert titled and len(once) == 1
    assert results.hits[0].group_title == "中华人民共和国公务员法"
    assert min(titled) < once[0]
    assert max(titled) < once[0]  # every article of the titled regulation comes first


def test_sort_by_date(site):
    hits = run("回避", sort="date").hits
    dates = [hit.date for hit in hits if hit.date]
    assert dates == sorted(dates, reverse=True)
    assert hits[0].date == max(dates)


def test_pagination_is_stable(site):
    first = DatabaseBackend().search(parse_params({"q": "回避", "page_size": "5"}))
    second = DatabaseBackend().search(parse_params({"q": "回避", "page_size": "5", "page": "2"}))
    assert first.total == second.total > 10
    assert len(first.hits) == len(second.hits) == 5
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    beyond = DatabaseBackend().search(parse_params({"q": "回避", "page": "999"}))
    assert beyond.hits == [] and beyond.total == first.total


def test_snippets_mark_matches_and_escape_html(site):
    hit = run("听证").hits[0]
    assert "<mark>听证</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_synonyms_find_each_other(site, django_assert_max_num_queries):
    titles = [hit.title for hit in run("受贿").hits]
    assert site.bribe.title in titles  # says 收受贿赂, never 受贿


def test_editors_synonyms_take_effect(site):
    from search.models import SynonymGroup

    assert site.hearing.title not in [h.title for h in run("公款吃喝").hits]
    SynonymGroup.objects.create(words="公款吃喝 听证")
    assert site.hearing.title in [h.title for h in run("公款吃喝").hits]


def test_visibility_public_staff_and_drafts(site, django_user_model):
    assert site.staff_only.title not in [h.title for h in run("公款吃喝").hits]
    user = django_user_model.objects.create_user("reader", password="x")
    staff_titles = [h.title for h in run("公款吃喝", viewer=Viewer.from_user(user)).hits]
    assert site.staff_only.title in staff_titles
    for viewer in (Viewer(), Viewer.from_user(user)):
        assert site.draft.title not in [h.title for h in run("回避", viewer=viewer).hits]


def test_group_restricted_pages(site, django_user_model):
    from wagtail.models import PageViewRestriction

    from search import indexing

    group = Group.objects.create(name="纪检组")
    restriction = PageViewRestriction.objects.create(page=site.hearing, restriction_type="groups")
    restriction.groups.add(group)
    indexing.index_pages(page_ids=[site.hearing.pk])
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(group)
    outsider = django_user_model.objects.create_user("outsider", password="x")
    assert site.hearing.title not in [h.title for h in run("听证").hits]
    assert site.hearing.title not in [
        h.title for h in run("听证", viewer=Viewer.from_user(outsider)).hits
    ]
    assert site.hearing.title in [
        h.title for h in run("听证", viewer=Viewer.from_user(member)).hits
    ]


def test_spelling_suggestions(site):
    results = run("贿络")
    assert results.total == 0
    assert results.suggestions == ["贿赂"]
    assert run("收受贿络").suggestions == ["收受贿赂"]


def test_query_count_is_constant(site, django_assert_max_num_queries):
    backend = DatabaseBackend()
    backend.search(parse_params({"q": "回避"}))  # warm the synonym cache
    for q in ("回避", "监察 留置", '"监察机关" -行贿', "腐败风险预警"):
        with django_assert_max_num_queries(3):
            backend.search(parse_params({"q": q, "type": "regulation"}))


def test_parse_handles_operators_and_phrases():
    query = parse('"监察机关" 受贿 AND 回避 -行贿')
    assert query.phrases == ["监察机关"]
    assert query.excluded == ["行贿"]
    assert [g[0] for g in query.groups] == ["监察机关", "受贿", "回避"]
    assert "收受贿赂" in query.groups[1]
    assert isinstance(SearchParams(query=query).page, int)
