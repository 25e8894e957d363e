"""The demo site: its content modules and the idempotent ``load_demo`` builder."""

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from core import roles
from core.models import MainMenu, SiteSettings
from feedback.models import (
    ContestEntry,
    ContestFormField,
    ContestPage,
    DepartmentRating,
    EntryStatus,
    FeedbackFormField,
    FeedbackFormPage,
)
from portal.demo import articles, books, cases, culture, site
from portal.demo import feedback as feedback_data
from portal.demo.builder import build_demo
from portal.management.commands.load_demo import Command
from portal.models import (
    ArticlePage,
    BookPage,
    CaseStudyPage,
    ColumnIndexPage,
    HomePage,
    LiveClassPage,
    MediaItemPage,
)

STAFF = 4
COLUMN_TITLES = [
    "廉政之窗",
    "党风政风监督台",
    "政风行风热线",
    "勤廉先进典型",
    "党纪教育",
    "案例剖析",
    "警示教育",
    "反腐理论研讨",
]
IMAGE_DIR = Path(site.__file__).resolve().parent / "images"


def _text_length(blocks) -> int:
    length = 0
    for block in blocks:
        if block[0] in {"p", "h", "quote"}:
            length += len(block[1])
        elif block[0] == "table":
            length += sum(len(cell) for row in [block[2], *block[3]] for cell in row)
    return length


# --------------------------------------------------------------------------- content


class TestContentModules:
    def test_columns_are_the_eight_required_with_intros(self):
        assert [c.title for c in articles.COLUMNS] == COLUMN_TITLES
        assert all(c.intro for c in articles.COLUMNS)

    def test_articles_cover_every_column_with_real_bodies(self):
        assert len(articles.ARTICLES) >= 30
        per_column = Counter(a.column for a in articles.ARTICLES)
        assert {c.slug for c in articles.COLUMNS} == set(per_column)
        assert min(per_column.values()) >= 3
        assert len({a.slug for a in articles.ARTICLES}) == len(articles.ARTICLES)
        for article in articles.ARTICLES:
            assert 150 <= _text_length(article.body) <= 500, article.title
            assert sum(1 for b in article.body if b[0] == "p") >= 2, article.title
            assert 2 <= len(article.tags) <= 4, article.title
            assert set(article.tags) <= set(articles.TAGS), article.title
            assert 0 <= article.days_ago <= 365
            assert article.source and article.author
        kinds = Counter(b[0] for a in articles.ARTICLES for b in a.body)
        assert kinds["quote"] >= 2 and kinds["table"] >= 2
        assert sum(1 for a in articles.ARTICLES if a.image) >= 5
        # dates spread over the year, not bunched together
        assert max(a.days_ago for a in articles.ARTICLES) >= 300

    def test_cases_are_complete_and_anonymised(self):
        assert len(cases.CASES) == 8
        for case in cases.CASES:
            assert case.violation_type in cases.VIOLATION_TYPES
            assert case.rank_category in cases.RANK_CATEGORIES
            assert case.dispositions and set(case.dispositions) <= set(cases.DISPOSITIONS)
            assert case.facts and case.lessons and case.regulations
            assert all(r.startswith(("《", "中央")) for r in case.regulations)
            assert re.search(r"[\u4e00-\u9fff]某", case.title), case.title

    def test_reading_room_has_ten_items_with_chapters(self):
        assert len(books.BOOKS) == 10
        for book in books.BOOKS:
            assert book.author and book.publisher and book.summary
            assert len(book.chapters) >= 2
            assert 1900 <= book.year <= 2100

    def test_culture_hall_has_every_kind_and_live_classes(self):
        assert len(culture.MEDIA_ITEMS) >= 6
        assert {m.media_type for m in culture.MEDIA_ITEMS} == set(culture.MEDIA_TYPES)
        assert 2 <= len(culture.LIVE_CLASSES) <= 3
        assert any(c.days_from_now < 0 and c.replay_url for c in culture.LIVE_CLASSES)
        assert any(c.days_from_now > 0 for c in culture.LIVE_CLASSES)

    def test_no_placeholder_text(self):
        modules = [articles, cases, books, culture, site]
        for module in modules:
            source = Path(module.__file__).read_text(encoding="utf-8").lower()
            assert "lorem" not in source and "ipsum" not in source

    def test_every_referenced_image_exists_and_is_small(self):
        keys = {i.key for i in site.IMAGES}
        used = {
            item.image
            for item in [
                *articles.ARTICLES,
                *cases.CASES,
                *books.BOOKS,
                *culture.MEDIA_ITEMS,
                *culture.LIVE_CLASSES,
            ]
            if item.image
        }
        assert used <= keys
        for image in site.IMAGES:
            path = IMAGE_DIR / f"{image.key}.jpg"
            assert path.stat().st_size < 60 * 1024
            assert image.title and image.alt

    def test_staff_usernames_do_not_depend_on_the_count(self):
        assert [u.username for u in site.staff_users(3)] == ["staff01", "staff02", "staff03"]
        assert site.staff_users(120)[:3] == site.staff_users(3)
        assert site.staff_users(120)[-1].username == "staff120"
        assert all(u.group == roles.STAFF for u in site.staff_users(5))

    def test_accounts_are_documented(self):
        for name, (password, _role) in site.DEMO_ACCOUNTS.items():
            assert f"{name} / {password}" in Command.help


# --------------------------------------------------------------------------- the builder


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo built once for this module, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        report = build_demo(staff=STAFF, regulations=True)
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        cache.clear()


def _course_of(page):
    """The course a school page belongs to (itself for a course), or None."""
    from learning.school import CoursePage

    specific = page.specific
    if isinstance(specific, CoursePage):
        return specific
    parent = page.get_parent().specific if page.depth > 2 else None
    return parent if isinstance(parent, CoursePage) else None


def _counts() -> dict:
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "cases": CaseStudyPage.objects.count(),
        "books": BookPage.objects.count(),
        "media": MediaItemPage.objects.count(),
        "live": LiveClassPage.objects.count(),
        "images": get_image_model().objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
        "revisions": Revision.objects.count(),
        "form fields": FeedbackFormField.objects.count() + ContestFormField.objects.count(),
        "contest entries": ContestEntry.objects.count(),
        "ratings": DepartmentRating.objects.count(),
    }


@pytest.mark.django_db
class TestBuildDemo:
    def test_counts(self, demo):
        assert ArticlePage.objects.live().count() >= 30
        assert CaseStudyPage.objects.live().count() == 8
        assert BookPage.objects.live().count() == 10
        assert MediaItemPage.objects.live().count() >= 6
        assert LiveClassPage.objects.live().count() >= 2
        assert get_image_model().objects.count() == len(site.IMAGES)

    def test_site_root_is_the_home_page(self, demo):
        default = Site.objects.get(is_default_site=True)
        assert isinstance(default.root_page.specific, HomePage)
        assert default.root_page.specific.intro
        root = Page.get_first_root_node()
        # Wagtail's welcome page is gone: the home page is the only top-level page.
        assert [p.specific_class for p in root.get_children()] == [HomePage]

    def test_columns_and_articles(self, demo):
        home = HomePage.objects.get()
        columns = ColumnIndexPage.objects.child_of(home).live()
        assert [c.title for c in columns] == COLUMN_TITLES
        for column in columns:
            assert ArticlePage.objects.child_of(column).live().count() >= 3
        article = ArticlePage.objects.get(slug="quanshi-dangfeng-lianzheng-tuijinhui")
        assert set(article.tags.names()) == {"作风建设", "监督执纪", "以案促改"}
        assert article.cover_image is not None
        assert [b.block_type for b in article.body].count("table") == 1
        assert article.date < timezone.localdate()

    def test_cases_books_culture_fields(self, demo):
        case = CaseStudyPage.objects.get(slug="mouju-fujuzhang-wang-shouhui")
        assert case.violation_type == "duty_crime" and case.rank_category == "county"
        assert case.disposition_party and case.disposition_administrative
        assert case.disposition_judicial
        # Citations of the library's laws became links; the rest stayed as text.
        citations = [link["citation"] for link in case.regulation_links()]
        assert "《中华人民共和国公职人员政务处分法》第三十三条" in citations
        assert "《中国共产党纪律处分条例》" in case.applicable_regulations
        book = BookPage.objects.get(slug="zhongguo-gongchandang-zhangcheng")
        assert book.publication_year == 2022 and len(book.chapters) == 4
        kinds = set(MediaItemPage.objects.values_list("kind", flat=True))
        assert kinds == {"video", "song", "animation", "psa"}
        statuses = {c.status for c in LiveClassPage.objects.all()}
        assert {"upcoming", "ended"} <= statuses
        assert LiveClassPage.objects.exclude(replay_url="").exists()

    def test_home_settings_and_menu(self, demo):
        home = HomePage.objects.get()
        assert home.bulletin_notice
        assert home.quick_links.count() == len(site.QUICK_ENTRIES)
        assert home.highlight_columns.count() == 4
        default = Site.objects.get(is_default_site=True)
        settings_row = SiteSettings.for_site(default)
        assert settings_row.hotline == "12388"
        assert "临江市" in settings_row.address
        assert len(settings_row.reporting_channels) == 4
        items = [block.value for block in MainMenu.for_site(default).items]
        assert [i["label"] for i in items] == [label for label, _ in site.MAIN_MENU]
        columns_item = items[1]
        assert [c["page"].title for c in columns_item["children"]] == COLUMN_TITLES
        assert items[-2]["url"] == "/feedback/" and items[-1]["url"] == "/staff/"

    def test_users_for_each_role(self, demo):
        User = get_user_model()
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.check_password("admin12345")
        for username, group in [
            ("editor", roles.EDITORS),
            ("reviewer", roles.REVIEWERS),
            ("inspector", roles.INSPECTORS),
            ("depthead", roles.DEPARTMENT_HEADS),
        ]:
            user = User.objects.get(username=username)
            assert list(user.groups.values_list("name", flat=True)) == [group]
            assert user.check_password(f"{username}12345")
            assert not user.is_superuser
        staff = User.objects.filter(groups__name=roles.STAFF)
        assert sorted(staff.values_list("username", flat=True)) == [
            f"staff0{i}" for i in range(1, STAFF + 1)
        ]
        assert staff.first().check_password(site.STAFF_PASSWORD)

    def test_chinese_names_read_family_name_first(self, demo):
        from wagtail.admin.utils import get_user_display_name

        User = get_user_model()
        for spec in site.USERS:
            user = User.objects.get(username=spec.username)
            name = f"{spec.last_name}{spec.first_name}"
            assert user.get_full_name() == name
            assert get_user_display_name(user) == name
        assert get_user_display_name(User.objects.get(username="admin")) == "管理员"

    def test_regulations_library(self, demo):
        from regulations.models import RegulationLibraryPage, RegulationPage

        library = RegulationLibraryPage.objects.get()
        assert library.get_parent().specific_class is HomePage
        assert library.title == "法规制度库"
        assert RegulationPage.objects.child_of(library).count() >= 30
        assert "documents" in demo.regulations

    def test_early_warning_demo_and_home_bulletin(self, demo):
        from early_warning.models import BulletinPage, Measure, Signal

        home = HomePage.objects.get()
        bulletin = BulletinPage.objects.live().get()
        assert home.bulletin_page_id == bulletin.pk
        assert Signal.objects.exists()
        assert Measure.objects.exists()

    def test_risk_points_link_regulation_articles(self, demo):
        from organization.models import RiskPoint, RiskPointArticle

        link = RiskPointArticle.objects.select_related("article", "risk_point").filter(
            risk_point__title="私设“小金库”"
        )[0]
        assert link.article.label == "第十六条"
        assert "会计法" in link.article.page.title
        linked = RiskPointArticle.objects.values("risk_point").distinct().count()
        assert linked == RiskPoint.objects.count()

    def test_regulations_are_classified_into_tiers(self, demo):
        from regulations.models import RegulationPage

        tiers = dict(RegulationPage.objects.values_list("title", "tier"))
        assert tiers["中华人民共和国刑法"] == "prohibition"
        assert tiers["中华人民共和国政府采购法"] == "warning"
        assert tiers["中华人民共和国档案法"] == "common"
        assert set(tiers.values()) >= {"prohibition", "warning", "common", ""}
        criminal = RegulationPage.objects.get(title="中华人民共和国刑法")
        assert set(criminal.tags.names()) == {"职务犯罪", "贪污贿赂"}
        assert criminal.get_latest_revision().content["tier"] == "prohibition"

    def test_second_run_changes_nothing(self, demo):
        before = _counts()
        # Dates are anchored at the first load (the home page's first publication).
        report = build_demo(staff=STAFF, regulations=True)
        assert _counts() == before  # no new pages, images, users or revisions
        for name, tally in report.tallies.items():
            assert (tally.created, tally.updated) == (0, 0), name
        # no duplicate slug under any parent, no duplicate image title
        keys = Counter((p.path[: -Page.steplen], p.slug) for p in Page.objects.only("path", "slug"))
        assert max(keys.values()) == 1
        titles = Counter(get_image_model().objects.values_list("title", flat=True))
        assert max(titles.values()) == 1

    def test_feedback_pages_under_home(self, demo, client):
        home = HomePage.objects.get()
        suggestions = FeedbackFormPage.objects.child_of(home).live().get()
        assert suggestions.title == "意见建议" and suggestions.thank_you_text
        fields = {f.label: f for f in suggestions.get_form_fields()}
        assert list(fields) == ["姓名", "联系方式", "建议类别", "建议内容"]
        assert not fields["姓名"].required and not fields["联系方式"].required
        assert fields["建议内容"].required and fields["建议内容"].field_type == "multiline"
        contest = ContestPage.objects.child_of(home).live().get()
        assert contest.title == "廉政短信征集" and contest.accepting_entries
        assert contest.entry_field_clean_name and contest.author_field_clean_name
        assert suggestions.url == "/yijian-jianyi/" and contest.url.startswith("/")
        # The /feedback/ landing links both pages.
        html = client.get("/feedback/").content.decode()
        assert f'href="{suggestions.url}"' in html and f'href="{contest.url}"' in html
        assert "意见建议与征集活动" in html
        assert "建议内容" in client.get(suggestions.url).content.decode()

    def test_contest_entries_are_moderated(self, demo, client):
        contest = ContestPage.objects.get()
        approved = [e for e in feedback_data.CONTEST_ENTRIES if e.approved]
        pending = [e for e in feedback_data.CONTEST_ENTRIES if not e.approved]
        assert len(approved) >= 3 and pending
        assert contest.published_entries().count() == len(approved)
        assert ContestEntry.objects.filter(page=contest, status=EntryStatus.PENDING).count() == (
            len(pending)
        )
        assert all(
            e.moderated_at and e.moderated_at >= e.submit_time for e in contest.published_entries()
        )
        assert all(e.submit_time.date() < timezone.localdate() for e in contest.published_entries())
        html = client.get(f"{contest.url}entries/").content.decode()
        for entry in approved:
            assert entry.text in html
        assert "市财政局 李某" in html
        assert pending[0].text not in html

    def test_ratings_fill_the_public_results(self, demo, client):
        from feedback import selectors

        months = selectors.rating_months()
        assert len(months) >= feedback_data.RATING_MONTHS - 1
        assert months[0] == timezone.localdate().replace(day=1) or timezone.localdate().day == 1
        ratings = DepartmentRating.objects.all()
        assert not ratings.filter(user__isnull=False).exists()
        assert ratings.filter(created_at__gte=timezone.now()).count() == 0
        for month in months:
            rows = selectors.rating_results(month=month)
            assert {r["department"] for r in rows} == set(feedback_data.RATING_PROFILES)
            # Above the poor-rating threshold: the demo raises no warning signal.
            assert min(r["overall"] for r in rows) >= 3.0
        response = client.get("/feedback/ratings/results/")
        html = response.content.decode()
        assert "市人力资源和社会保障局" in html and "<svg" in html
        assert "本月暂无评议" not in html

    def test_feedback_demo_second_run_changes_nothing(self, demo):
        before = _counts()
        report = build_demo(staff=STAFF, regulations=False)
        assert _counts() == before
        for name in ("feedback pages", "contest entries", "ratings"):
            tally = report.tally(name)
            assert tally.total > 0 and (tally.created, tally.updated) == (0, 0), name

    def test_rerun_repairs_changed_content_in_place(self, demo):
        article = ArticlePage.objects.get(slug="jieqian-lianjie-tixing")
        article.title = "被改动的标题"
        article.tags.set(["其他"])
        article.save()
        User = get_user_model()
        editor = User.objects.get(username="editor")
        editor.set_password("changed-password")
        editor.save()
        revisions = Revision.objects.count()

        report = build_demo(staff=STAFF, regulations=False)

        repaired = ArticlePage.objects.get(pk=article.pk)
        assert repaired.title == "市纪委监委开展节前廉洁提醒 紧盯“四风”隐形变异问题"
        assert set(repaired.tags.names()) == {"中央八项规定精神", "四风问题", "廉洁自律"}
        assert User.objects.get(username="editor").check_password("editor12345")
        assert report.tally("articles").updated == 1
        assert report.tally("users").updated == 1
        assert Revision.objects.count() == revisions + 1

    def test_every_demo_page_renders(self, demo, client):
        from regulations.models import RegulationPage

        pages = Page.objects.live().filter(depth__gt=1).not_type(RegulationPage)
        pages = [*pages, *RegulationPage.objects.live()[:2]]
        assert len(pages) >= 70
        staff_only = []
        for page in pages:
            response = client.get(page.url)
            course = _course_of(page)
            if course is not None and not course.is_open:
                # Courses for chosen departments or posts: the public is sent to the login page.
                assert response.status_code == 302, page.url
                assert response["Location"].startswith("/accounts/login/"), page.url
                staff_only.append(page)
                continue
            assert response.status_code == 200, page.url
        client.force_login(get_user_model().objects.get(username="admin"))
        for page in staff_only:
            assert client.get(page.url).status_code == 200, page.url
        client.logout()
        column = ColumnIndexPage.objects.first()
        assert client.get(f"{column.url}feed/rss/").status_code == 200

    def test_an_explicit_day_moves_the_dates(self, demo):
        later = timezone.localdate() + dt.timedelta(days=30)
        report = build_demo(staff=STAFF, regulations=False, today=later)
        assert report.tally("articles").updated == len(articles.ARTICLES)
        first = articles.ARTICLES[0]
        page = ArticlePage.objects.get(slug=first.slug)
        assert page.date == later - dt.timedelta(days=first.days_ago)

    def test_command(self, demo):
        out = io.StringIO()
        call_command("load_demo", "--staff", str(STAFF + 2), "--no-regulations", stdout=out)
        output = out.getvalue()
        assert "Demo site ready" in output
        assert "admin12345" in output
        assert "articles" in output and "unchanged" in output
        assert get_user_model().objects.filter(groups__name=roles.STAFF).count() == STAFF + 2

    def test_command_rejects_a_bad_staff_count(self, demo):
        with pytest.raises(CommandError):
            call_command("load_demo", "--staff", "-1", stdout=io.StringIO())


# --------------------------------------------------------------------------- online school


@pytest.mark.django_db
class TestSchoolDemo:
    def test_question_bank_with_explained_questions_of_every_kind(self, demo):
        from learning.quiz import QuestionBank
        from portal.demo import school

        bank = QuestionBank.objects.get(title=school.BANK_TITLE)
        questions = [block["value"] for block in bank.questions.raw_data]
        assert len(questions) >= 15
        assert {q["kind"] for q in questions} == {"single", "multiple", "true_false"}
        assert all(q["explanation"] and q["prompt"] for q in questions)
        for question in questions:
            if question["kind"] != "true_false":
                assert any(choice["correct"] for choice in question["choices"])
        assert len(school.BANK_DIFFICULTY) == len(school.BANK_QUESTIONS)

    def test_a_course_quiz_draws_from_the_bank(self, demo):
        from learning.quiz import QuestionBank
        from learning.school import CoursePage

        course = CoursePage.objects.get(slug="lianjie-congye")
        blocks = [(block.block_type, block.value) for block in course.quiz]
        assert [kind for kind, _value in blocks].count("question") >= 2
        [draw] = [value for kind, value in blocks if kind == "bank_draw"]
        assert draw["count"] == 5
        assert draw["bank"] == QuestionBank.objects.get()

    def test_assignments_this_month_and_the_previous_one(self, demo):
        from core.months import add_months
        from learning.assignments import CourseAssignment

        this_month = timezone.localdate().replace(day=1)
        assignments = CourseAssignment.objects.all()
        # (test_an_explicit_day_moves_the_dates may have added the next month's)
        assert {add_months(this_month, -1), this_month} <= {a.month for a in assignments}
        for month in (this_month, add_months(this_month, -1)):
            in_month = assignments.filter(month=month)
            assert in_month.filter(department__isnull=False).exists()
            assert in_month.filter(post__isnull=False).exists()
            assert in_month.filter(required=False).exists()
            assert in_month.filter(due_date__isnull=False).exists()
        assert all(a.created_by.username == "inspector" for a in assignments)

    def test_learning_history_is_consistent(self, demo):
        from django.db.models import Sum

        from learning.quiz import QuizAnswer, QuizAttempt
        from learning.school import CourseCompletion, CoursePage, LessonProgress

        completions = CourseCompletion.objects.select_related("course")
        assert completions.exists() and LessonProgress.objects.exists()
        for completion in completions:
            assert re.fullmatch(r"LZ-\d{4}-\d{6}", completion.certificate_number)
            assert completion.certificate_number.endswith(f"{completion.pk:06d}")
            assert completion.completed_at <= timezone.now()
            course = completion.course
            lessons = set(course.lessons().values_list("pk", flat=True))
            studied = set(
                LessonProgress.objects.filter(
                    user=completion.user, course=course, studied_at__isnull=False
                ).values_list("lesson_id", flat=True)
            )
            assert studied == lessons, course.title
            if course.has_quiz:
                attempts = QuizAttempt.objects.filter(user=completion.user, page=course)
                assert attempts.filter(passed=True).exists()
                assert completion.score == max(a.score for a in attempts)
                assert completion.department_id == completion.user.staff_profile.department_id
        total = QuizAttempt.objects.aggregate(n=Sum("question_count"))["n"]
        assert total == QuizAnswer.objects.count() > 0
        for attempt in QuizAttempt.objects.all()[:20]:
            right = QuizAnswer.objects.filter(attempt=attempt, is_correct=True).count()
            assert attempt.correct_count == right
            assert attempt.score == round(100 * right / attempt.question_count)
        assert QuizAnswer.objects.filter(question_key__startswith="bank:").exists()
        assert CoursePage.objects.get(slug="lianjie-congye").pk in set(
            QuizAttempt.objects.values_list("page_id", flat=True)
        )

    def test_the_school_reports_have_figures(self, demo, client):
        from learning import school_reports
        from learning.quiz import QuizAttempt

        this_month = timezone.localdate().replace(day=1)
        rows = school_reports.course_completion(month=this_month)
        assert len([row for row in rows if row.assigned]) >= 2
        assert sum(row.completed for row in rows) > 0
        assert any(row.average_best_score for row in rows)
        first, last = school_reports.default_month_range()
        rows = school_reports.department_completion(first=first, last=last)
        assert len({row.month for row in rows}) == 2
        assert sum(row.completed for row in rows) > 0
        assert len(school_reports.quiz_scores()) >= 2
        missed = list(school_reports.missed_questions())
        assert missed and missed[0]["wrong"] > 0
        client.force_login(get_user_model().objects.get(username="inspector"))
        for url, text in [
            ("/admin/reports/school/completion-by-course/", "廉洁从业与岗位风险防控"),
            ("/admin/reports/school/completion-by-department/", "市住房和城乡建设局"),
            ("/admin/reports/school/quiz-scores/", "第二课 六大纪律"),
            ("/admin/reports/school/missed-questions/", missed[0]["prompt"]),
        ]:
            response = client.get(url)
            assert response.status_code == 200 and text in response.content.decode(), url
        assert QuizAttempt.objects.filter(passed=False).exists()  # not everyone passes at once

    def test_school_demo_second_run_writes_nothing(self, demo):
        from learning.assignments import CourseAssignment
        from learning.quiz import QuestionBank, QuizAnswer, QuizAttempt
        from learning.school import CourseCompletion, LessonProgress
        from portal.demo.builder import DemoReport
        from portal.demo.school import ensure_courses
        from portal.demo.school_history import build_school_history

        models = (
            QuestionBank,
            CourseAssignment,
            LessonProgress,
            QuizAttempt,
            QuizAnswer,
            CourseCompletion,
            Revision,
        )
        before = [model.objects.count() for model in models]
        report = DemoReport()
        assert ensure_courses() == 0
        written = build_school_history(today=timezone.localdate(), report=report)
        assert [model.objects.count() for model in models] == before
        assert set(written.values()) == {0}
        for name in ("course assignments", "school history"):
            tally = report.tally(name)
            assert tally.total > 0 and (tally.created, tally.updated) == (0, 0), name
