"""The index follows publish, unpublish, move and delete; the rebuild command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from search.models import SearchEntry
from tests.factories import ArticlePageFactory, ColumnIndexPageFactory

pytestmark = pytest.mark.django_db


def titles(client, q):
    return [r["title"] for r in client.get("/api/search/", {"q": q}).json().get("results", [])]


@pytest.fixture
def column(home_page):
    return ColumnIndexPageFactory(parent=home_page, title="党纪教育", slug="dangji")


def test_publish_unpublish_move_delete(
    column, home_page, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(
            parent=column, title="听证程序新规解读", slug="tz", date=dt.date(2025, 1, 2)
        )
    assert titles(client, "听证") == ["听证程序新规解读"]

    # A new revision, published: the index follows.
    page.title = "听证与回避程序新规解读"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles(client, "回避") == ["听证与回避程序新规解读"]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles(client, "听证") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    other = ColumnIndexPageFactory(parent=home_page, title="案例剖析", slug="anli")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(other, pos="last-child")
    entry = SearchEntry.objects.get(page=page)
    assert entry.url.startswith("/anli/") or "/anli/" in entry.url
    assert entry.category == "案例剖析"

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert titles(client, "听证") == []
    assert not SearchEntry.objects.exists()


def test_moving_a_parent_updates_the_children(
    column, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(parent=column, title="留置措施", slug="lz")
    other = ColumnIndexPageFactory(parent=home_page, title="理论研讨", slug="lilun")
    with django_capture_on_commit_callbacks(execute=True):
        column.move(other, pos="last-child")
    assert "/lilun/dangji/lz/" in SearchEntry.objects.get(page=page).url


def test_regulation_import_is_indexed_after_commit(
    home_page, client, django_capture_on_commit_callbacks
):
    from regulations.models import RegulationLibraryPage
    from regulations.services import CORPUS_DIR, import_paths

    library = home_page.add_child(instance=RegulationLibraryPage(title="法规库", slug="fg"))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths(
            paths=[CORPUS_DIR / "宪法相关法" / "监察法(2018-03-20).md"], library=library
        )
    assert report.ok
    data = client.get("/api/search/", {"q": "留置", "type": "regulation"}).json()
    assert data["total"] > 5
    assert all(r["regulation"] == "中华人民共和国监察法" for r in data["results"])
    assert data["results"][0]["version_date"] == "2018-03-20"


def test_rebuild_command_prints_progress(column, client):
    ArticlePageFactory(parent=column, title="诫勉谈话制度", slug="jm")
    assert titles(client, "诫勉谈话") == []  # no on_commit in this test: not indexed yet
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    text = out.getvalue()
    assert "100%" in text and "1/1" in text
    assert "Indexed 1 documents from 1 pages" in text
    assert titles(client, "诫勉谈话") == ["诫勉谈话制度"]
    quiet = StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=quiet)
    assert "%" not in quiet.getvalue()


def test_written_entries_and_postings_match_the_models(column, django_capture_on_commit_callbacks):
    """The raw writes (no model instances) fill every column, and postings are keyed by
    (term, entry): one row per term of an entry, with the entry's own id."""
    from search.indexing import ENTRY_COLUMNS
    from search.models import SearchPosting

    assert set(ENTRY_COLUMNS) == {
        f.attname for f in SearchEntry._meta.concrete_fields if not f.primary_key
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(
            parent=column, title="廉洁自律准则", slug="lj", date=dt.date(2024, 5, 6)
        )
    entry = SearchEntry.objects.get(page=page)
    assert entry.title == "廉洁自律准则" and entry.date == dt.date(2024, 5, 6)
    assert entry.category == "党纪教育" and entry.length > 0
    terms = list(SearchPosting.objects.filter(entry=entry).values_list("term", flat=True))
    assert "廉洁" in terms and len(terms) == len(set(terms))
    assert SearchPosting.objects.filter(entry_id=entry.pk, term="廉洁").get().weight > 0
