import datetime as dt
import json
import shutil

import pytest
from django.core.management import call_command

from regulations.models import Category, RegulationNode, RegulationPage, Status
from regulations.services import CORPUS_DIR, import_paths, refresh_versions

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_import_whole_corpus(corpus):
    assert corpus.documents == 40
    assert corpus.created == 40
    assert corpus.failed == []
    assert RegulationPage.objects.count() == 40
    assert corpus.articles == RegulationNode.objects.filter(kind="article").count()
    assert corpus.articles == 2920
    law_2024 = RegulationPage.objects.get(
        title="中华人民共和国监察法", version_date=dt.date(2024, 12, 25)
    )
    assert law_2024.article_count == 78
    assert law_2024.nodes.filter(kind="article").count() == 78
    assert law_2024.nodes.filter(kind="chapter").count() == 9
    assert law_2024.category == Category.LAW and law_2024.sector == "宪法相关法"
    assert law_2024.issuing_authority == "全国人民代表大会"
    criminal = RegulationPage.objects.get(title="中华人民共和国刑法")
    assert criminal.version_date is None
    assert criminal.article_count == 505
    assert criminal.nodes.get(anchor="art-120-1").label == "第一百二十条之一"
    interpretation = RegulationPage.objects.get(title__startswith="最高人民法院关于审理行政许可")
    assert interpretation.category == Category.JUDICIAL_INTERPRETATION
    assert interpretation.sector == ""
    decree = RegulationPage.objects.get(title="信访条例")
    assert decree.category == Category.ADMINISTRATIVE_REGULATION
    assert decree.document_number == "中华人民共和国国务院令第431号"
    assert decree.effective_date == dt.date(2005, 5, 1)
    assert RegulationPage.objects.get(title="上海市信访条例").category == Category.LOCAL_REGULATION


def test_reimport_is_idempotent(corpus, library):
    pages_before = dict(RegulationPage.objects.values_list("pk", "source_hash"))
    nodes_before = RegulationNode.objects.count()
    again = import_paths(paths=[CORPUS_DIR], library=library)
    assert again.ok
    assert (again.documents, again.created, again.updated, again.unchanged) == (40, 0, 0, 40)
    assert dict(RegulationPage.objects.values_list("pk", "source_hash")) == pages_before
    assert RegulationNode.objects.count() == nodes_before


def test_changed_file_updates_the_same_page_and_keeps_manual_fields(
    supervision_laws, library, tmp_path
):
    page = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    page.tier = "prohibition"
    page.save()
    page.tags.add("监察")
    page.save()
    path = tmp_path / "宪法相关法" / "监察法(2018-03-20).md"
    path.write_text(path.read_text("utf-8") + "\n第七十条 新增的一条。\n", encoding="utf-8")
    report = import_paths(paths=[path], library=library)
    assert (report.updated, report.created) == (1, 0)
    page.refresh_from_db()
    assert page.article_count == 70
    assert page.nodes.filter(kind="article").count() == 70
    assert page.tier == "prohibition"
    assert list(page.tags.names()) == ["监察"]
    assert RegulationPage.objects.count() == 2


def test_versions_and_status(supervision_laws):
    old = RegulationPage.objects.with_status().get(version_date=dt.date(2018, 3, 20))
    new = RegulationPage.objects.with_status().get(version_date=dt.date(2024, 12, 25))
    assert old.work_key == new.work_key
    assert (old.is_current, new.is_current) == (False, True)
    assert old.superseded_on == dt.date(2024, 12, 25)
    assert old.computed_status == old.status == Status.AMENDED
    assert new.computed_status == new.status == Status.CURRENT


def test_status_derivation_from_dates_and_override(supervision_laws):
    page = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    future = dt.date.today() + dt.timedelta(days=30)
    RegulationPage.objects.filter(pk=page.pk).update(effective_date=future)
    assert RegulationPage.objects.with_status().get(pk=page.pk).computed_status == Status.PENDING
    RegulationPage.objects.filter(pk=page.pk).update(
        effective_date=dt.date(2024, 12, 25), repeal_date=dt.date(2025, 1, 1)
    )
    assert RegulationPage.objects.with_status().get(pk=page.pk).computed_status == Status.REPEALED
    RegulationPage.objects.filter(pk=page.pk).update(status_override=Status.CURRENT)
    fresh = RegulationPage.objects.with_status().get(pk=page.pk)
    assert fresh.computed_status == Status.CURRENT
    fresh_python = RegulationPage.objects.get(pk=page.pk)
    assert fresh_python.status == Status.CURRENT


def test_unpublishing_the_newest_version_makes_the_older_one_current(supervision_laws):
    new = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    new.unpublish()
    refresh_versions(work_key=new.work_key)
    old = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    assert old.is_current and old.superseded_on is None


def test_bad_files_are_reported_and_the_others_still_import(library, bad_files):
    report = import_paths(paths=[bad_files], library=library)
    failed = {f.path.rsplit("/", 1)[-1]: f.error for f in report.failed}
    assert set(failed) == {
        "空文件.md",
        "空白文件.md",
        "二进制.md",
        "GBK编码条例(2020-01-01).md",
        "无标题.md",
        "日期错误(2024-13-45).md",
        "只有表头(2020-01-01).md",
    }
    assert all(failed.values())
    assert "UTF-8" in failed["GBK编码条例(2020-01-01).md"]
    assert report.documents == 9
    assert RegulationPage.objects.count() == 9
    titles = set(RegulationPage.objects.values_list("title", flat=True))
    assert "GBK编码条例" not in titles
    civil = RegulationPage.objects.get(title="中华人民共和国民法典")
    assert civil.subtitle == "人格权编"
    notice = RegulationPage.objects.get(title="关于加强廉政建设的通知")
    assert notice.article_count == 0
    assert notice.nodes.filter(kind="paragraph").count() == 3
    assert notice.version_date is None


def test_missing_path_is_reported(library, tmp_path):
    report = import_paths(paths=[tmp_path / "nope"], library=library)
    assert not report.ok and report.documents == 0


def test_dry_run_writes_nothing(library):
    report = import_paths(paths=[CORPUS_DIR / "宪法相关法"], library=library, dry_run=True)
    assert report.documents == 8 and report.created == 8 and report.articles > 400
    assert RegulationPage.objects.count() == 0
    assert RegulationNode.objects.count() == 0


def test_duplicate_identity_in_one_import_is_reported(library, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for sub in ("a", "b"):
        shutil.copy(
            CORPUS_DIR / "宪法相关法" / "监察法(2018-03-20).md",
            tmp_path / sub / "监察法(2018-03-20).md",
        )
    report = import_paths(paths=[tmp_path], library=library)
    assert report.documents == 1 and len(report.failed) == 1
    assert RegulationPage.objects.count() == 1


def test_import_creates_a_library_when_there_is_none(home_page):
    from regulations.models import RegulationLibraryPage

    report = import_paths(paths=[DATA / "之一条例(2021-05-06).md"])
    assert report.ok
    library = RegulationLibraryPage.objects.get()
    assert library.get_parent().specific == home_page
    assert RegulationPage.objects.get().get_parent().pk == library.pk


def test_failed_document_leaves_nothing_half_written(library, monkeypatch):
    from regulations import services

    def explode(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "refresh_versions", explode)
    with pytest.raises(RuntimeError):
        import_paths(paths=[DATA / "之一条例(2021-05-06).md"], library=library)
    assert RegulationPage.objects.count() == 0
    assert RegulationNode.objects.count() == 0


def test_command_json_and_exit_status(library, capsys):
    call_command("import_regulations", str(DATA / "之一条例(2021-05-06).md"), "--json")
    out = capsys.readouterr().out.strip().splitlines()[-1]
    data = json.loads(out)
    assert data["documents"] == 1 and data["articles"] == 5 and data["failed"] == []

    with pytest.raises(SystemExit) as info:
        call_command(
            "import_regulations", str(DATA / "空文件.md"), str(DATA / "无沿革规定.md"), "--json"
        )
    assert info.value.code == 1
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["documents"] == 1
    assert data["failed"][0]["path"].endswith("空文件.md")
    assert data["failed"][0]["error"]


def test_command_dry_run_plain_output(library, capsys):
    call_command("import_regulations", str(DATA / "无沿革规定.md"), "--dry-run")
    assert "1" in capsys.readouterr().out
    assert RegulationPage.objects.count() == 0


def test_editing_the_text_rederives_the_structure(supervision_laws):
    page = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    page.source_text = (
        "# 中华人民共和国监察法\n\n2018年3月20日 通过\n\n<!-- INFO END -->\n\n"
        "## 第一章 总则\n\n第一条 改过的内容。\n\n第一条之一 新条文。\n"
    )
    page.full_clean()
    page.save_revision().publish()
    page = RegulationPage.objects.get(pk=page.pk)
    assert page.article_count == 2
    assert list(page.nodes.values_list("anchor", flat=True)) == ["ch-1", "art-1", "art-1-1"]
    assert page.nodes.get(anchor="art-1").text == "改过的内容。"


def test_pasted_text_without_header_is_accepted(supervision_laws):
    from django.core.exceptions import ValidationError

    page = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    page.source_text = "第一章　总则\n第一条　正文。"
    page.full_clean()
    page.save()
    assert page.nodes.filter(kind="article").count() == 1
    page.source_text = "   "
    with pytest.raises(ValidationError) as info:
        page.full_clean()
    assert "source_text" in info.value.message_dict


def _summary(report) -> tuple:
    return (
        report.documents,
        report.created,
        report.updated,
        report.unchanged,
        sorted((f.path, f.error) for f in report.failed),
        sorted((d.path, d.action) for d in report.imported),
    )


def test_dry_run_reports_what_the_real_run_does(supervision_laws, tmp_path):
    """A too-long title fails in both modes, and a known document outside any category
    folder is left as it is (not reclassified) in both modes."""
    from django.utils import translation

    folder = tmp_path / "incoming"
    folder.mkdir()
    source = CORPUS_DIR / "宪法相关法" / "监察法(2024-12-25).md"
    shutil.copy(source, folder / "监察法(2024-12-25).md")
    long_title = "长" * 400
    text = source.read_text(encoding="utf-8").split("\n", 1)[1]
    (folder / "长标题(2020-01-01).md").write_text(f"# {long_title}\n{text}", encoding="utf-8")
    long_subtitle = folder / "长副标题(2020-01-01).md"
    long_subtitle.write_text(f"# 某某条例\n# {'副' * 300}\n{text}", encoding="utf-8")
    page = RegulationPage.objects.get(version_date=dt.date(2024, 12, 25))
    before = (page.category, page.sector)
    assert before == (Category.LAW, "宪法相关法")

    with translation.override("zh-hans"):
        dry = import_paths(paths=[folder], dry_run=True)
        real = import_paths(paths=[folder])
    assert _summary(dry) == _summary(real)
    assert real.unchanged == 1 and real.updated == 0
    errors = {f.path.rsplit("/", 1)[-1]: f.error for f in real.failed}
    assert errors["长标题(2020-01-01).md"] == "标题过长：最多 255 字"
    assert errors["长副标题(2020-01-01).md"] == "副标题过长：最多 255 字"
    page.refresh_from_db()
    assert (page.category, page.sector) == before
    assert not RegulationPage.objects.filter(title=long_title).exists()


def test_moving_a_file_to_another_category_folder_updates_in_both_modes(supervision_laws, tmp_path):
    folder = tmp_path / "moved" / "党内法规"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS_DIR / "宪法相关法" / "监察法(2018-03-20).md", folder)
    dry = import_paths(paths=[folder.parent], dry_run=True)
    assert (dry.updated, dry.unchanged) == (1, 0)
    page = RegulationPage.objects.get(version_date=dt.date(2018, 3, 20))
    assert page.category == Category.LAW  # the dry run wrote nothing
    real = import_paths(paths=[folder.parent])
    assert _summary(dry) == _summary(real)
    page.refresh_from_db()
    assert page.category == Category.PARTY_REGULATION and page.sector == ""
