"""Shared factories (factory_boy). Add yours below; do not rewrite others'."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from portal import models as portal_models

# --- media ----------------------------------------------------------------------------------


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"图片{n}")
    file = factory.django.ImageField(width=64, height=48, color="#b71c1c", filename="test.png")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"文件{n}")
    file = factory.django.FileField(filename="test.pdf", data=b"%PDF-1.4 test")


# --- portal pages ---------------------------------------------------------------------------


class PageFactory(factory.django.DjangoModelFactory):
    """Creates a live page as a child of ``parent`` (default: the default site's root).

    ``tags=[...]`` sets tags on taggable pages.
    """

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"页面{n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, tags=None, **kwargs):
        if parent is None:
            parent = Site.objects.get(is_default_site=True).root_page
        instance = model_class(*args, **kwargs)
        if tags:
            instance.tags.add(*tags)
        parent.add_child(instance=instance)
        return instance


class ColumnIndexPageFactory(PageFactory):
    class Meta:
        model = portal_models.ColumnIndexPage

    title = factory.Sequence(lambda n: f"专栏{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")


class ArticlePageFactory(PageFactory):
    """Needs ``parent=<ColumnIndexPage>``."""

    class Meta:
        model = portal_models.ArticlePage

    title = factory.Sequence(lambda n: f"文章标题{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    date = factory.LazyFunction(timezone.localdate)
    source = "市纪委监委"
    author = "宣传部"
    summary = "这是一篇关于廉洁自律的文章摘要。"
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "一、基本情况", "level": "h2"}),
            ("paragraph", "<p>正文第一段：坚持严的基调，推进全面从严治党。</p>"),
            ("quote", {"text": "打铁必须自身硬。", "attribution": "习近平"}),
        ]
    )


class CaseIndexPageFactory(PageFactory):
    class Meta:
        model = portal_models.CaseIndexPage

    title = "警示教育案例"
    slug = factory.Sequence(lambda n: f"cases-{n}")


class CaseStudyPageFactory(PageFactory):
    """Needs ``parent=<CaseIndexPage>``."""

    class Meta:
        model = portal_models.CaseStudyPage

    title = factory.Sequence(lambda n: f"某局原局长严重违纪违法案{n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    date = factory.LazyFunction(timezone.localdate)
    violation_type = portal_models.ViolationType.INTEGRITY
    rank_category = portal_models.RankCategory.COUNTY
    disposition_party = True
    disposition_administrative = True
    summary = "利用职务便利为他人谋取利益，收受财物。"
    facts = "<p>经查，该同志违反廉洁纪律，收受礼金。</p>"
    lessons = "<p>要时刻绷紧纪律之弦。</p>"
    applicable_regulations = "<p>《中国共产党纪律处分条例》第九十七条。</p>"


class ReadingRoomPageFactory(PageFactory):
    class Meta:
        model = portal_models.ReadingRoomPage

    title = "廉政书屋"
    slug = factory.Sequence(lambda n: f"reading-{n}")


class BookPageFactory(PageFactory):
    """Needs ``parent=<ReadingRoomPage>``."""

    class Meta:
        model = portal_models.BookPage

    title = factory.Sequence(lambda n: f"廉政读本{n}")
    slug = factory.Sequence(lambda n: f"book-{n}")
    author = "编写组"
    publisher = "中国方正出版社"
    publication_year = 2024
    summary = "一本面向党员干部的廉政教育读本。"
    chapters = factory.LazyFunction(
        lambda: [
            ("chapter", {"title": "第一章 廉洁从政", "content": "<p>第一章正文。</p>"}),
            ("chapter", {"title": "第二章 秉公用权", "content": "<p>第二章正文。</p>"}),
        ]
    )


class CultureHallPageFactory(PageFactory):
    class Meta:
        model = portal_models.CultureHallPage

    title = "廉政文化馆"
    slug = factory.Sequence(lambda n: f"culture-{n}")


class MediaItemPageFactory(PageFactory):
    """Needs ``parent=<CultureHallPage>``."""

    class Meta:
        model = portal_models.MediaItemPage

    title = factory.Sequence(lambda n: f"廉政微视频{n}")
    slug = factory.Sequence(lambda n: f"media-{n}")
    kind = portal_models.MediaKind.VIDEO
    date = factory.LazyFunction(timezone.localdate)
    embed_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    duration = datetime.timedelta(minutes=5, seconds=32)
    description = "一部讲述清廉家风的微视频。"


class LiveClassPageFactory(PageFactory):
    """Needs ``parent=<CultureHallPage>``. Starts in a day by default."""

    class Meta:
        model = portal_models.LiveClassPage

    title = factory.Sequence(lambda n: f"廉政周末大舞台第{n}期")
    slug = factory.Sequence(lambda n: f"live-{n}")
    start_time = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    end_time = factory.LazyAttribute(lambda o: o.start_time + datetime.timedelta(hours=2))
    venue = "市廉政教育基地"
    speaker = "市纪委宣传部"
    live_stream_url = "https://live.example.cn/room/1"


class SchoolIndexPageFactory(PageFactory):
    class Meta:
        model = portal_models.SchoolIndexPage

    title = "网上廉政学校"
    slug = factory.Sequence(lambda n: f"school-{n}")


# --- organization (owner: checkin) ----------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"干部{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.django.Password("pw-12345-secret")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.Department"

    name = factory.Sequence(lambda n: f"测试局{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.Post"

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"岗位{n}")


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.Duty"

    post = factory.SubFactory(PostFactory)
    text = factory.Sequence(lambda n: f"负责第{n}项业务的审核与办理。")


class RiskPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.RiskPoint"

    post = factory.SubFactory(PostFactory)
    title = factory.Sequence(lambda n: f"风险点{n}：违规审批")
    description = "利用审批权限为他人谋取利益。"
    category = "duties"
    level = "high"
    prevention_measures = "实行集体研究、双人审核。"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.Procedure"

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"工作流程{n}")


class ProcedureStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.ProcedureStep"

    procedure = factory.SubFactory(ProcedureFactory)
    title = factory.Sequence(lambda n: f"步骤{n}")
    sort_order = factory.Sequence(lambda n: n)
    time_limit = "3个工作日"


class StaffProfileFactory(factory.django.DjangoModelFactory):
    """A monitored staff member: ``StaffProfileFactory(department=d).user``."""

    class Meta:
        model = "organization.StaffProfile"

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)


class PostAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.PostAssignment"

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    start_date = factory.LazyFunction(lambda: datetime.date(2020, 1, 1))


# --- feedback (owner: feedback) --------------------------------------------------------------


class ReportFactory(factory.django.DjangoModelFactory):
    """A report created through feedback.services.report_submit (receipt hashed, audited).
    The one-time receipt code is not returned; use the service directly when a test needs it."""

    class Meta:
        model = "feedback.Report"

    category = "integrity"
    description = factory.Sequence(lambda n: f"举报内容{n}：收受红包。")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from feedback import services

        return services.report_submit(**kwargs).report


class DepartmentRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.DepartmentRating"

    department = factory.SubFactory(DepartmentFactory)
    month = factory.LazyFunction(lambda: datetime.date.today().replace(day=1))
    attitude = 4
    efficiency = 4
    integrity = 5
    transparency = 4


# --- online school (owner: school) ----------------------------------------------------------


class CoursePageFactory(PageFactory):
    """Needs ``parent=<SchoolIndexPage>``."""

    class Meta:
        model = "learning.CoursePage"

    title = factory.Sequence(lambda n: f"廉政课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "学习党纪法规，筑牢廉洁防线。"
    estimated_minutes = 30


class LessonPageFactory(PageFactory):
    """Needs ``parent=<CoursePage>``."""

    class Meta:
        model = "learning.LessonPage"

    title = factory.Sequence(lambda n: f"第{n}课")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = factory.LazyFunction(lambda: [("paragraph", "<p>廉洁从政，从我做起。</p>")])
