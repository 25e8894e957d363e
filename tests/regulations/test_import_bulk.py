"""The importer's bulk paths: stable article rows, deferred Wagtail indexing, one transaction."""

import shutil

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.models import IndexEntry

from regulations import services
from regulations.models import RegulationNode, RegulationPage
from regulations.services import CORPUS_DIR, import_paths

pytestmark = pytest.mark.django_db

SUPERVISION = "宪法相关法/监察法(2024-12-25).md"
TENDERING = "民法商法/招标投标法(2017-12-27).md"
ACCOUNTING = "经济法/会计法(2024-06-28).md"


def copy(tmp_path, *names):
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS_DIR / name, target)
    return tmp_path


def test_reimport_of_a_changed_text_keeps_the_rows_of_unchanged_articles(library, tmp_path):
    folder = copy(tmp_path, SUPERVISION)
    assert import_paths(paths=[folder], library=library).ok
    page = RegulationPage.objects.get()
    before = {n.anchor: (n.pk, n.text) for n in page.nodes.all()}
    path = folder / SUPERVISION
    text = path.read_text(encoding="utf-8")
    # Article 12 gets new wording, article 78 (the last) disappears, a new 之一 article appears.
    text = text.replace("\n第十二条 ", "\n第十二条 （修改后）", 1)
    text = text.replace("\n第十四条 ", "\n第十三条之一 新增的条文。\n\n第十四条 ", 1)
    text = text[: text.index("\n第七十八条")] + "\n"
    path.write_text(text, encoding="utf-8")

    report = import_paths(paths=[folder], library=library)

    assert report.ok and report.updated == 1
    after = {n.anchor: (n.pk, n.text) for n in page.nodes.all()}
    assert after["art-1"] == before["art-1"]  # same row, same text
    assert after["art-12"][0] == before["art-12"][0]  # same row ...
    assert after["art-12"][1].startswith("（修改后）")  # ... new text
    assert "art-78" not in after
    assert "art-13-1" in after and after["art-13-1"][0] not in {pk for pk, _t in before.values()}
    positions = list(page.nodes.values_list("position", flat=True))
    assert positions == sorted(positions) == list(range(len(positions)))
    assert (
        page.nodes.get(anchor="art-13-1").position == page.nodes.get(anchor="art-14").position - 1
    )


def test_wagtail_search_index_is_updated_after_the_import(library, tmp_path):
    folder = copy(tmp_path, SUPERVISION, TENDERING)
    assert import_paths(paths=[folder], library=library).ok
    assert not services.indexing_deferred()
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RegulationPage)
    )
    indexed = {int(pk) for pk in entries.values_list("object_id", flat=True)}
    assert set(RegulationPage.objects.values_list("pk", flat=True)) <= indexed
    # Outside an import, a saved regulation page is indexed as before.
    page = RegulationPage.objects.get(title="中华人民共和国监察法")
    assert page.get_indexed_instance() == page
    IndexEntry.objects.filter(object_id=str(page.pk)).delete()
    page.save()
    assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()


def test_a_file_that_fails_validation_is_reported_and_rolled_back_alone(library, tmp_path):
    folder = copy(tmp_path, TENDERING)
    bad = folder / "超长标题.md"
    bad.write_text("# " + "很" * 300 + "条例\n\n第一条 内容。\n", encoding="utf-8")
    report = import_paths(paths=[folder], library=library)
    assert [f.path for f in report.failed] == [str(bad)]
    assert report.documents == 1
    assert list(RegulationPage.objects.values_list("title", flat=True)) == [
        "中华人民共和国招标投标法"
    ]
    assert not RegulationNode.objects.exclude(page__title="中华人民共和国招标投标法").exists()


def test_queries_per_document_are_bounded(library, tmp_path):
    """Rows are written in bulk: the number of queries does not grow with the articles."""
    small = copy(tmp_path / "a", TENDERING)  # 68 articles
    big = copy(tmp_path / "b", ACCOUNTING, "刑法/刑法.md")  # 505 articles for 刑法
    with CaptureQueriesContext(connection) as one:
        assert import_paths(paths=[small], library=library).ok
    with CaptureQueriesContext(connection) as two:
        assert import_paths(paths=[big], library=library).ok
    assert len(two) <= 2 * len(one) + 5, (len(one), len(two))
    assert len(one) <= 60, len(one)
