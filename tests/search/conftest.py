"""A realistic corpus for search tests, built once per module inside a transaction that is
rolled back at the end (each test still runs in its own savepoint)."""

from __future__ import annotations

import datetime as dt
import shutil
from types import SimpleNamespace

import pytest
from django.db import transaction
from wagtail.models import Page, PageViewRestriction, Site

from portal.models import HomePage
from regulations.models import RegulationLibraryPage
from regulations.services import CORPUS_DIR, import_paths
from search import indexing
from tests.factories import (
    ArticlePageFactory,
    BookPageFactory,
    CaseIndexPageFactory,
    CaseStudyPageFactory,
    ColumnIndexPageFactory,
    ReadingRoomPageFactory,
)

CORPUS_FILES = [
    "宪法相关法/监察法(2018-03-20).md",
    "宪法相关法/监察法(2024-12-25).md",
    "行政法/公务员法(2018-12-29).md",
    "行政法/行政处罚法(2021-01-22).md",
    "宪法相关法/公职人员政务处分法(2020-06-20).md",
    "经济法/反不正当竞争法(2019-04-23).md",
    "行政法规/信访条例(2005-01-10).md",
]


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def build_site(tmp_path_factory) -> SimpleNamespace:
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-search-test"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    library = home.add_child(
        instance=RegulationLibraryPage(title="法规制度库", slug="regulations", intro="")
    )
    folder = tmp_path_factory.mktemp("corpus")
    for name in CORPUS_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS_DIR / name, target)
    report = import_paths(paths=[folder], library=library)
    assert report.ok, report.failed

    column = ColumnIndexPageFactory(parent=home, title="廉政之窗", slug="lianzheng")
    other_column = ColumnIndexPageFactory(parent=home, title="警示教育", slug="jingshi")
    platform = ArticlePageFactory(
        parent=column,
        title="腐败风险预警防控管理平台上线运行",
        slug="platform",
        date=dt.date(2025, 3, 1),
        summary="平台对岗位风险点实行分级管理。",
        body=paragraph("全市各单位通过平台开展廉政风险排查，诫勉谈话和责令整改情况实时录入。"),
    )
    bribe = ArticlePageFactory(
        parent=other_column,
        title="以案为鉴：收受贿赂终被查处",
        slug="bribe",
        date=dt.date(2024, 5, 6),
        body=paragraph(
            "某局原科长利用职务便利收受贿赂，被开除党籍。ISO 9001 质量体系认证同期通过。"
        ),
    )
    hearing = ArticlePageFactory(
        parent=column,
        title="市司法局组织行政处罚听证培训",
        slug="hearing",
        date=dt.date(2023, 9, 1),
        body=paragraph("培训讲解了听证程序、回避制度和当事人权利。"),
    )
    staff_only = ArticlePageFactory(
        parent=column,
        title="内部通报：公款吃喝问题专项整治",
        slug="internal",
        date=dt.date(2025, 1, 10),
        body=paragraph("内部通报违规公款吃喝问题三起，涉及回避制度落实不到位。"),
    )
    PageViewRestriction.objects.create(page=staff_only, restriction_type="login")
    draft = ArticlePageFactory(
        parent=column,
        title="草稿：回避制度解读",
        slug="draft",
        live=False,
        body=paragraph("尚未发布的回避制度解读。"),
    )
    cases = CaseIndexPageFactory(parent=home, title="警示教育案例", slug="cases")
    case = CaseStudyPageFactory(
        parent=cases,
        title="某局原副局长王某受贿案",
        slug="wang",
        date=dt.date(2024, 11, 2),
        violation_type="duty_crime",
        facts="<p>王某利用职务便利为他人谋取利益，收受财物，应当回避而未回避。</p>",
    )
    room = ReadingRoomPageFactory(parent=home, title="廉政书屋", slug="books")
    book = BookPageFactory(
        parent=room,
        title="廉洁从政十二讲",
        slug="twelve",
        author="临江市委党校",
        publication_year=2022,
        summary="围绕廉政教育，讲清权力观和纪律规矩。",
    )
    result = indexing.rebuild()
    return SimpleNamespace(
        home=home,
        library=library,
        platform=platform,
        bribe=bribe,
        hearing=hearing,
        staff_only=staff_only,
        draft=draft,
        case=case,
        book=book,
        column=column,
        other_column=other_column,
        rebuild=result,
    )


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_site(tmp_path_factory)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def site(corpus, db):
    """The module's corpus, for a test that also gets its own savepoint."""
    return corpus
