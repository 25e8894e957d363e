"""Case studies point at regulations and articles of the library (issue 3, part 6 "Linking")."""

import datetime
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.demo import cases as case_data
from portal.demo.citations import parse_citation, resolve_citation, resolve_citations
from portal.models import CaseStudyPage
from regulations.models import RegulationLibraryPage, RegulationNode, RegulationPage
from regulations.services import CORPUS_DIR, import_paths
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

CORPUS_FILES = (
    "宪法相关法/公职人员政务处分法(2020-06-20).md",
    "宪法相关法/监察法(2018-03-20).md",
    "宪法相关法/监察法(2024-12-25).md",
    "刑法/刑法.md",
    "民法商法/招标投标法(2017-12-27).md",
)


@pytest.fixture
def library(home_page, tmp_path):
    """A library with a few regulations of the corpus (two versions of 监察法)."""
    page = RegulationLibraryPage(title="法规制度库", slug="regulations")
    home_page.add_child(instance=page)
    for name in CORPUS_FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS_DIR / name, target)
    report = import_paths(paths=[tmp_path], library=page)
    assert report.ok, report.failed
    return page


def article(title: str, label: str, *, current: bool = True) -> RegulationNode:
    return RegulationNode.objects.select_related("page").get(
        page__title=title, page__is_current=current, kind="article", label=label
    )


def reference(node: RegulationNode | None = None, *, regulation=None, note: str = "") -> dict:
    regulation = regulation or node.page
    return {
        "type": "reference",
        "value": {"regulation": regulation.pk, "article": node.pk if node else None, "note": note},
    }


# --------------------------------------------------------------------------- field and page


class TestCaseStudyReferences:
    def test_editor_chooses_an_article_in_the_admin(self, library, case_index, admin_client):
        node = article("中华人民共和国公职人员政务处分法", "第三十三条")
        regulation = RegulationPage.objects.get(title="中华人民共和国招标投标法")
        data = nested_form_data(
            {
                "title": "某局原局长受贿案",
                "slug": "shouhui",
                "date": "2026-11-20",
                "source": "市纪委监委",
                "summary": "摘要",
                "violation_type": "duty_crime",
                "rank_category": "county",
                "facts": rich_text("<p>经查，收受财物。</p>"),
                "lessons": rich_text(""),
                "regulation_references": streamfield(
                    [
                        ("reference", {"regulation": "", "article": node.pk, "note": ""}),
                        (
                            "reference",
                            {"regulation": regulation.pk, "article": "", "note": "有关规定"},
                        ),
                    ]
                ),
                "applicable_regulations": rich_text("<p>《中国共产党纪律处分条例》第八章</p>"),
                "tags": "",
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
                "action-publish": "publish",
            }
        )
        response = admin_client.post(
            f"/admin/pages/add/portal/casestudypage/{case_index.pk}/", data
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        case = CaseStudyPage.objects.get(slug="shouhui")
        assert case.live
        values = [block.value for block in case.regulation_references]
        assert values[0]["article"] == node and values[0]["regulation"] is None
        assert values[1]["regulation"].specific == regulation
        assert values[1]["note"] == "有关规定"

    def test_a_reference_needs_a_regulation_or_an_article(self, library, case_index, admin_client):
        data = nested_form_data(
            {
                "title": "空引用",
                "slug": "empty-ref",
                "date": "2026-11-20",
                "violation_type": "duty_crime",
                "rank_category": "county",
                "facts": rich_text("<p>经查。</p>"),
                "lessons": rich_text(""),
                "regulation_references": streamfield(
                    [("reference", {"regulation": "", "article": "", "note": "只有备注"})]
                ),
                "applicable_regulations": rich_text(""),
                "tags": "",
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
                "action-publish": "publish",
            }
        )
        response = admin_client.post(
            f"/admin/pages/add/portal/casestudypage/{case_index.pk}/", data
        )
        assert response.status_code == 200  # the form again, with the error
        assert not CaseStudyPage.objects.filter(slug="empty-ref").exists()

    def test_page_links_to_the_article_deep_link(self, library, case_index, client):
        node = article("中华人民共和国刑法", "第三百八十五条")
        regulation = RegulationPage.objects.get(title="中华人民共和国招标投标法")
        case = CaseStudyPageFactory(
            parent=case_index,
            regulation_references=[
                reference(node),
                reference(regulation=regulation, note="有关招标投标的规定"),
            ],
            applicable_regulations="<ul><li>《中国共产党纪律处分条例》第八章</li></ul>",
        )
        html = client.get(case.url).content.decode()
        assert f'href="{node.page.url}#art-385"' in html
        assert "《中华人民共和国刑法》第三百八十五条" in html
        assert "国家工作人员利用职务上的便利，索取他人财物" in html  # the article's text
        assert f'href="{regulation.url}"' in html and "有关招标投标的规定" in html
        assert "《中国共产党纪律处分条例》第八章" in html  # the free-text note stays
        # Search indexes get the citations as text.
        assert case.regulation_citations().split("\n") == [
            "《中华人民共和国刑法》第三百八十五条",
            "《中华人民共和国招标投标法》",
        ]

    def test_an_older_version_is_marked_and_a_draft_is_not_linked(
        self, library, case_index, client
    ):
        old = article("中华人民共和国监察法", "第十二条", current=False)
        current = article("中华人民共和国监察法", "第十三条")
        case = CaseStudyPageFactory(
            parent=case_index,
            regulation_references=[reference(old), reference(current)],
        )
        links = case.regulation_links()
        assert [link["is_current"] for link in links] == [False, True]
        assert links[0]["url"].endswith("#art-12") and links[1]["url"].endswith("#art-13")
        assert "早期版本" in client.get(case.url).content.decode()

        current.page.unpublish()
        links = case.regulation_links()
        assert links[1]["url"] == ""  # an unpublished regulation is cited, not linked
        html = client.get(case.url).content.decode()
        assert "《中华人民共和国监察法》第十三条" in html
        assert f'#{current.anchor}"' not in html

    def test_deleted_targets_are_left_out(self, library, case_index, client):
        node = article("中华人民共和国公职人员政务处分法", "第三十三条")
        case = CaseStudyPageFactory(parent=case_index, regulation_references=[reference(node)])
        node.page.delete()
        case.refresh_from_db()
        assert case.regulation_links() == []
        assert client.get(case.url).status_code == 200

    def test_query_count_does_not_grow_with_the_references(
        self, library, case_index, client, django_assert_max_num_queries
    ):
        nodes = list(
            RegulationNode.objects.filter(page__title="中华人民共和国刑法", kind="article")
            .select_related("page")
            .order_by("position")[:4]
        )
        regulation = RegulationPage.objects.get(title="中华人民共和国招标投标法")
        one = CaseStudyPageFactory(parent=case_index, regulation_references=[reference(nodes[0])])
        five = CaseStudyPageFactory(
            parent=case_index,
            regulation_references=[
                *(reference(n) for n in nodes),
                reference(regulation=regulation),
            ],
        )
        client.get(one.url), client.get(five.url)  # warm caches (site root paths)
        counts = []
        for case in (one, five):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(case.url)
            assert response.status_code == 200
            counts.append(len(queries))
        assert response.content.decode().count('class="reg-links__item"') == 5
        assert counts[0] == counts[1], counts
        with django_assert_max_num_queries(20):
            client.get(five.url)

    def test_api_exposes_the_references(self, library, case_index):
        node = article("中华人民共和国公职人员政务处分法", "第三十三条")
        case = CaseStudyPageFactory(parent=case_index, regulation_references=[reference(node)])
        names = [field.name for field in CaseStudyPage.api_fields]
        assert "regulation_references" in names
        block = case.regulation_references[0]
        api = block.block.get_api_representation(block.value)
        assert api["article"] == node.pk and api["regulation"] == node.page.pk


# --------------------------------------------------------------------------- citations


class TestCitations:
    def test_parse_titles_and_article_labels(self):
        [citation] = parse_citation("《中华人民共和国刑法》第三百八十五条、第386条和第十二条之一")
        assert citation.title == "中华人民共和国刑法"
        assert [(n, s) for n, s, _label in citation.articles] == [(385, None), (386, None), (12, 1)]
        assert citation.rest == ""
        [chapter] = parse_citation("《中国共产党纪律处分条例》第八章 对违反廉洁纪律行为的处分")
        assert chapter.articles == [] and chapter.rest.startswith("第八章")
        assert parse_citation("中央八项规定及其实施细则精神") == []
        two = parse_citation("《监察法》第十二条；《刑法》第三百八十四条")
        assert [c.title for c in two] == ["监察法", "刑法"]

    def test_resolves_with_or_without_the_state_prefix(self, library):
        long = resolve_citation("《中华人民共和国公职人员政务处分法》第三十三条")
        short = resolve_citation("《公职人员政务处分法》第33条")
        assert [r.article.label for r in long.references] == ["第三十三条"]
        assert [r.article.pk for r in short.references] == [r.article.pk for r in long.references]
        assert long.unresolved == short.unresolved == []

    def test_resolves_to_the_current_version(self, library):
        result = resolve_citation("《中华人民共和国监察法》第十二条")
        [ref] = result.references
        assert ref.article.page.is_current and ref.article.page.version_date.year == 2024

    def test_several_articles_and_what_is_left_as_text(self, library):
        result = resolve_citations(
            [
                "《中华人民共和国刑法》第三百八十五条、第三百八十六条",
                "《中华人民共和国刑法》第三百八十五条",  # a duplicate is kept once
                "《中华人民共和国招标投标法》第九百九十九条",  # no such article
                "《中国共产党纪律处分条例》第八章 对违反廉洁纪律行为的处分",  # not in the library
                "中央八项规定及其实施细则精神",
                "《中华人民共和国招标投标法》有关招标的规定",  # the regulation, with a note
            ]
        )
        cited = [
            (r.regulation.title, r.article.label if r.article else None, r.note)
            for r in result.references
        ]
        assert cited == [
            ("中华人民共和国刑法", "第三百八十五条", ""),
            ("中华人民共和国刑法", "第三百八十六条", ""),
            ("中华人民共和国招标投标法", None, "有关招标的规定"),
        ]
        assert result.unresolved == [
            "《中华人民共和国招标投标法》第九百九十九条",
            "《中国共产党纪律处分条例》第八章 对违反廉洁纪律行为的处分",
            "中央八项规定及其实施细则精神",
        ]

    def test_every_demo_citation_to_an_imported_law_resolves(self, library):
        titles = {
            t.removeprefix("中华人民共和国")
            for t in RegulationPage.objects.values_list("title", flat=True)
        }
        for case in case_data.CASES:
            result = resolve_citations(case.regulations)
            for text in result.unresolved:
                # Only citations of regulations outside this library stay as text.
                for citation in parse_citation(text):
                    assert citation.title.removeprefix("中华人民共和国") not in titles, text
            for ref in result.references:
                assert ref.article is None or ref.article.page_id == ref.regulation.pk

    def test_demo_builder_links_cases_idempotently(self, library):
        from portal.demo.builder import DemoBuilder

        home = Page.objects.get(pk=library.get_parent().pk)
        builder = DemoBuilder(staff=0, today=datetime.date(2026, 11, 1), log=print)
        builder.ensure_sections(home)
        builder.sections["regulations"] = library
        builder.ensure_cases()
        assert builder.report.tally("case studies").created == len(case_data.CASES)
        case = CaseStudyPage.objects.get(slug=case_data.CASES[0].slug)
        citations = [link["citation"] for link in case.regulation_links()]
        assert citations[:3] == [
            "《中华人民共和国公职人员政务处分法》第三十三条",
            "《中华人民共和国刑法》第三百八十五条",
            "《中华人民共和国刑法》第三百八十六条",
        ]
        assert "第三十三条" not in case.applicable_regulations
        assert "《中国共产党纪律处分条例》第八章" in case.applicable_regulations
        revisions = case.revisions.count()

        again = DemoBuilder(staff=0, today=builder.today, log=print)
        again.ensure_sections(home)
        again.sections["regulations"] = library
        again.ensure_cases()
        assert again.report.tally("case studies").unchanged == len(case_data.CASES)
        assert case.revisions.count() == revisions
