"""Page-type rules: where each page can be created, and model behaviour."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from portal.models import (
    ArticlePage,
    BookPage,
    CaseIndexPage,
    CaseStudyPage,
    ColumnIndexPage,
    CultureHallPage,
    HomePage,
    HomePageQuickLink,
    LiveClassPage,
    LiveClassStatus,
    MediaItemPage,
    ReadingRoomPage,
    SchoolIndexPage,
)
from tests.factories import (
    ArticlePageFactory,
    BookPageFactory,
    CaseIndexPageFactory,
    CaseStudyPageFactory,
    ColumnIndexPageFactory,
    CultureHallPageFactory,
    DocumentFactory,
    LiveClassPageFactory,
    MediaItemPageFactory,
    ReadingRoomPageFactory,
    SchoolIndexPageFactory,
)

INDEX_PAGES = [ColumnIndexPage, CaseIndexPage, ReadingRoomPage, CultureHallPage, SchoolIndexPage]


class PageRulesTests(WagtailPageTestCase):
    def test_home_page_sits_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_sections_sit_under_the_home_page(self):
        for model in INDEX_PAGES:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertCanCreateAt(HomePage, model)

    def test_children_of_each_section(self):
        self.assertAllowedSubpageTypes(ColumnIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(CaseIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(ReadingRoomPage, {BookPage})
        self.assertAllowedSubpageTypes(CultureHallPage, {MediaItemPage, LiveClassPage})
        from learning.school import CoursePage

        self.assertAllowedSubpageTypes(SchoolIndexPage, {CoursePage})

    def test_leaf_pages_have_no_children_and_one_parent(self):
        for child, parent in [
            (ArticlePage, ColumnIndexPage),
            (CaseStudyPage, CaseIndexPage),
            (BookPage, ReadingRoomPage),
            (MediaItemPage, CultureHallPage),
            (LiveClassPage, CultureHallPage),
        ]:
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, {parent})
                self.assertAllowedSubpageTypes(child, set())
                self.assertCanNotCreateAt(HomePage, child)

    def test_content_cannot_be_misplaced(self):
        self.assertCanNotCreateAt(ColumnIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(ReadingRoomPage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertCanNotCreateAt(ColumnIndexPage, ColumnIndexPage)

    def test_editor_can_create_an_article_in_the_admin(self):
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="首页", slug="home-rules"))
        column = home.add_child(instance=ColumnIndexPage(title="党纪教育", slug="dangji"))
        self.login()
        self.assertCanCreate(
            column,
            ArticlePage,
            nested_form_data(
                {
                    "title": "学习新修订的纪律处分条例",
                    "slug": "tiaoli",
                    "date": "2026-11-20",
                    "source": "市纪委监委",
                    "author": "宣传部",
                    "summary": "摘要",
                    "body": streamfield(
                        [
                            ("heading", {"text": "一、学习要求", "level": "h2"}),
                            ("paragraph", rich_text("<p>认真学习。</p>")),
                            ("quote", {"text": "打铁必须自身硬。", "attribution": ""}),
                        ]
                    ),
                    "tags": "党纪学习,纪律处分条例",
                    "related_links": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        article = ArticlePage.objects.get(slug="tiaoli")
        assert sorted(t.name for t in article.tags.all()) == ["党纪学习", "纪律处分条例"]
        assert article.body[0].value["text"] == "一、学习要求"


class EveryPageTypeTests(WagtailPageTestCase):
    """Each page type is routable, renderable, and editable in the admin."""

    @classmethod
    def setUpTestData(cls):
        from wagtail.models import Site

        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="首页", slug="home-every"))
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        column = ColumnIndexPageFactory(parent=home)
        cases = CaseIndexPageFactory(parent=home)
        reading = ReadingRoomPageFactory(parent=home)
        culture = CultureHallPageFactory(parent=home)
        cls.pages = [
            home,
            column,
            ArticlePageFactory(parent=column),
            cases,
            CaseStudyPageFactory(parent=cases),
            reading,
            BookPageFactory(parent=reading),
            culture,
            MediaItemPageFactory(parent=culture, embed_url="https://v.example.invalid/1"),
            LiveClassPageFactory(parent=culture),
            SchoolIndexPageFactory(parent=home),
        ]

    def test_every_page_type_is_covered(self):
        covered = {type(page) for page in self.pages}
        assert covered == {
            HomePage,
            *INDEX_PAGES,
            ArticlePage,
            CaseStudyPage,
            BookPage,
            MediaItemPage,
            LiveClassPage,
        }

    def test_routable_renderable_and_editable(self):
        user = self.create_superuser("editor-test")
        for page in self.pages:
            with self.subTest(page=type(page).__name__):
                self.client.force_login(user)
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                # The admin edit form (panels, choosers, inline panels) loads.
                response = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertEqual(response.status_code, 200)
                if not isinstance(page, (ArticlePage, BookPage, CaseStudyPage)):
                    # Wagtail's form round-trip helper cannot serialise StreamFields.
                    self.assertPageIsEditable(page)


@pytest.mark.django_db
class TestModelRules:
    def test_only_one_reading_room_per_home(self, reading_room):
        assert not ReadingRoomPage.can_create_at(reading_room.get_parent())
        assert ColumnIndexPage.can_create_at(reading_room.get_parent())  # many columns allowed

    def test_media_item_needs_an_address_or_a_file(self, culture_hall):
        item = MediaItemPage(title="无源视频", slug="x", kind="video")
        with pytest.raises(ValidationError) as excinfo:
            item.clean()
        assert "embed_url" in excinfo.value.message_dict
        item.media_file = DocumentFactory()
        item.clean()  # a file alone is enough

    def test_media_player_follows_the_file_type(self, culture_hall):
        song = MediaItemPageFactory(
            parent=culture_hall,
            kind="song",
            embed_url="",
            media_file=DocumentFactory(file__filename="song.mp3"),
        )
        assert song.player == "audio"
        song.media_file = DocumentFactory(file__filename="clip.mp4")
        assert song.player == "video"
        assert MediaItemPageFactory(parent=culture_hall).player == "embed"

    def test_live_class_status_is_derived_from_time(self, culture_hall):
        now = timezone.now()
        live = LiveClassPageFactory(
            parent=culture_hall,
            start_time=now - datetime.timedelta(minutes=10),
            end_time=now + datetime.timedelta(minutes=50),
        )
        assert live.status == LiveClassStatus.LIVE
        assert live.get_status(now - datetime.timedelta(hours=1)) == LiveClassStatus.UPCOMING
        assert live.get_status(now + datetime.timedelta(hours=1)) == LiveClassStatus.ENDED

    def test_live_class_must_end_after_it_starts(self, culture_hall):
        now = timezone.now()
        live = LiveClassPage(title="x", slug="x", start_time=now, end_time=now)
        with pytest.raises(ValidationError):
            live.clean()

    def test_case_dispositions_allow_several(self, case_index):
        case = CaseStudyPageFactory(
            parent=case_index,
            disposition_party=True,
            disposition_administrative=False,
            disposition_judicial=True,
        )
        assert case.dispositions == ["党纪处分", "移送司法机关"]

    def test_quick_link_needs_a_page_or_an_address(self, home_page):
        link = HomePageQuickLink(page=home_page, title="信访举报", icon="feedback")
        with pytest.raises(ValidationError):
            link.clean()
        link.link_url = "/feedback/"
        link.full_clean(exclude=["page", "sort_order"])
        assert link.get_url() == "/feedback/"
        link.link_url = "javascript:alert(1)"
        with pytest.raises(ValidationError):
            link.full_clean(exclude=["page", "sort_order"])

    def test_article_previous_and_next_stay_in_the_column(self, home_page, column):
        other = (
            type(column)
            .objects.get(pk=column.pk)
            .get_parent()
            .add_child(instance=ColumnIndexPage(title="案例剖析", slug="anli"))
        )
        day = datetime.date(2026, 5, 1)
        a1 = ArticlePageFactory(parent=column, date=day)
        a2 = ArticlePageFactory(parent=column, date=day + datetime.timedelta(days=1))
        a3 = ArticlePageFactory(parent=column, date=day + datetime.timedelta(days=2))
        ArticlePageFactory(parent=other, date=day + datetime.timedelta(days=1, hours=0))
        same_day = ArticlePageFactory(parent=column, date=a2.date)  # ties broken by id
        assert a1.get_previous_article() is None
        assert a2.get_previous_article() == a1
        assert a2.get_next_article() == same_day
        assert same_day.get_next_article() == a3
        assert a3.get_next_article() is None

    def test_related_articles_chosen_first_then_by_shared_tags(self, column):
        me = ArticlePageFactory(parent=column, tags=["作风建设", "八项规定"])
        both = ArticlePageFactory(parent=column, tags=["作风建设", "八项规定"])
        one = ArticlePageFactory(parent=column, tags=["八项规定"])
        ArticlePageFactory(parent=column, tags=["家风"])  # unrelated
        chosen = ArticlePageFactory(parent=column)
        me.related_links.create(related_page=chosen)
        me.save()
        me = ArticlePage.objects.get(pk=me.pk)
        assert me.get_related_articles() == [chosen, both, one]
        assert me.get_related_articles(limit=1) == [chosen]
