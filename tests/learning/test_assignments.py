"""Assigned learning: who is assigned, completion, overdue facts and signals, the staff area's
card, the supervisors' matrix column and export, and the admin screens."""

from __future__ import annotations

import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.months import add_months, month_label, month_of
from early_warning.models import Severity, Signal
from learning import services
from learning.assignments import (
    AssignmentError,
    CourseAssignment,
    assign_course,
    assigned_course_counts,
    assigned_courses,
    assigned_courses_bulk,
    assignment_stats,
    month_end,
    record_course_overdue,
)
from learning.models import CheckinMonth, WarningFact
from learning.school import CourseCompletion, LessonProgress
from tests.factories import (
    CoursePageFactory,
    DepartmentFactory,
    LessonPageFactory,
    PostAssignmentFactory,
    PostFactory,
    SchoolIndexPageFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_MONTH = month_of(TODAY)
LABEL = month_label(THIS_MONTH)
LAST_MONTH = add_months(THIS_MONTH, -1)
ADMIN_LIST = "/admin/snippets/learning/courseassignment/"
ADMIN_ADD = ADMIN_LIST + "add/"
ADMIN_ASSIGN = ADMIN_LIST + "assign/"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page)


def make_course(school, title, lessons=2):
    course = CoursePageFactory(parent=school, title=title)
    for n in range(lessons):
        LessonPageFactory(parent=course, title=f"{title} 第{n + 1}课")
    return course


@pytest.fixture
def course(school):
    return make_course(school, "党纪学习教育专题")


@pytest.fixture
def optional_course(school):
    return make_course(school, "廉洁文化选修课", lessons=1)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def assign(course, month=THIS_MONTH, **kwargs) -> CourseAssignment:
    return CourseAssignment.objects.create(course=course, month=month, **kwargs)


def complete(user, course, when=None):
    return CourseCompletion.objects.create(
        user=user,
        course=course,
        completed_at=when or timezone.now(),
        certificate_number=f"LZ-{user.pk}-{course.pk}",
    )


def study(user, lesson):
    return LessonProgress.objects.create(
        user=user,
        lesson=lesson,
        course=lesson.get_parent().specific,
        text_shown_at=timezone.now(),
        studied_at=timezone.now(),
    )


def titles(user, month=THIS_MONTH, **kwargs):
    return [row.title for row in assigned_courses(user=user, month=month, **kwargs)]


def login(client, user):
    client.force_login(user)
    return client


def user_for(role, org, admin_user):
    if role == "admin":
        return admin_user
    return org[role]


# --------------------------------------------------------------------------- who is assigned


class TestWhoIsAssigned:
    def test_department_and_its_sub_departments(self, org, course):
        assign(course, department=org["department"], include_subdepartments=True)
        assert titles(org["staff"]) == [course.title]
        assert titles(org["colleague"]) == [course.title]  # in the sub-department
        assert titles(org["head"]) == [course.title]
        assert titles(org["outsider"]) == []
        assert titles(org["inspector"]) == []  # no department, no post

    def test_department_only(self, org, course):
        assign(course, department=org["department"], include_subdepartments=False)
        assert titles(org["staff"]) == [course.title]
        assert titles(org["colleague"]) == []

    def test_sub_department_does_not_reach_the_parent(self, org, course):
        assign(course, department=org["sub"])
        assert titles(org["colleague"]) == [course.title]
        assert titles(org["staff"]) == []

    def test_post(self, org, course):
        assign(course, post=org["post"])
        assert titles(org["staff"]) == [course.title]
        assert titles(org["head"]) == []
        assert titles(org["colleague"]) == []

    def test_only_current_posts(self, org, course):
        former = StaffProfileFactory(user__username="former", department=org["other"]).user
        PostAssignmentFactory(
            user=former, post=org["post"], end_date=THIS_MONTH - dt.timedelta(days=40)
        )
        assign(course, post=org["post"])
        assert titles(former) == []

    def test_other_months_and_unpublished_courses_do_not_count(self, org, course, school):
        assign(course, month=LAST_MONTH, department=org["department"])
        draft = make_course(school, "草稿课程")
        draft.unpublish()
        assign(draft, department=org["department"])
        assert titles(org["staff"]) == []
        assert titles(org["staff"], month=LAST_MONTH) == [course.title]

    def test_one_row_per_course_required_wins(self, org, course):
        assign(course, department=org["department"], required=False)
        required = assign(course, post=org["post"], required=True, due_date=TODAY)
        [row] = assigned_courses(user=org["staff"], month=THIS_MONTH)
        assert row.required is True
        assert row.assignment_id == required.pk
        assert row.due_date == TODAY

    def test_required_first_then_due_date(self, org, course, optional_course, school):
        later = make_course(school, "以案为鉴警示课")
        assign(optional_course, department=org["department"], required=False)
        assign(later, department=org["department"], due_date=month_end(THIS_MONTH))
        assign(course, department=org["department"], due_date=THIS_MONTH)
        assert titles(org["staff"]) == [course.title, later.title, optional_course.title]

    def test_anonymous_has_nothing(self, org, course):
        from django.contrib.auth.models import AnonymousUser

        assign(course, department=org["department"])
        assert assigned_courses(user=AnonymousUser(), month=THIS_MONTH) == []


class TestDueDatesAndCompletion:
    def test_effective_due_date(self, org, course, optional_course):
        own = assign(course, department=org["department"], due_date=THIS_MONTH)
        by_month = assign(optional_course, department=org["department"])
        rows = {r.assignment_id: r for r in assigned_courses(user=org["staff"], month=THIS_MONTH)}
        assert rows[own.pk].due_date == THIS_MONTH
        assert rows[by_month.pk].due_date == month_end(THIS_MONTH)  # no check-in month
        CheckinMonth.objects.create(month=THIS_MONTH, deadline=THIS_MONTH.replace(day=20))
        rows = {r.assignment_id: r for r in assigned_courses(user=org["staff"], month=THIS_MONTH)}
        assert rows[by_month.pk].due_date == THIS_MONTH.replace(day=20)

    def test_completion_at_any_time_counts(self, org, course):
        assign(course, department=org["department"])
        complete(org["staff"], course, when=timezone.now() - dt.timedelta(days=400))
        [row] = assigned_courses(user=org["staff"], month=THIS_MONTH)
        assert row.completed and row.state == "done" and row.percent == 100
        assert row.certificate_url == f"{course.url}certificate/"
        [other] = assigned_courses(user=org["colleague"], month=THIS_MONTH)
        assert not other.completed and other.certificate_url == ""

    def test_overdue_only_for_required_incomplete_past_due(self, org, course, optional_course):
        assign(course, month=LAST_MONTH, department=org["department"], due_date=LAST_MONTH)
        assign(optional_course, month=LAST_MONTH, department=org["department"], required=False)
        rows = {r.title: r for r in assigned_courses(user=org["staff"], month=LAST_MONTH)}
        assert rows[course.title].overdue and rows[course.title].state == "overdue"
        assert not rows[optional_course.title].overdue
        complete(org["staff"], course)
        rows = {r.title: r for r in assigned_courses(user=org["staff"], month=LAST_MONTH)}
        assert not rows[course.title].overdue

    def test_due_today_is_not_overdue(self, org, course):
        assign(course, department=org["department"], due_date=TODAY)
        [row] = assigned_courses(user=org["staff"], month=THIS_MONTH)
        assert not row.overdue

    def test_progress_counts_studied_lessons(self, org, course):
        assign(course, department=org["department"])
        first = course.lessons().first()
        study(org["staff"], first)
        [row] = assigned_courses(user=org["staff"], month=THIS_MONTH)
        assert (row.studied, row.total, row.percent) == (1, 2, 50)
        assert row.url == course.url

    def test_bulk_matches_single(self, org, course, optional_course):
        assign(course, department=org["department"])
        assign(optional_course, post=org["post"], required=False)
        complete(org["colleague"], course)
        people = [org[k] for k in ("staff", "colleague", "outsider", "head")]
        members = {u.pk: u.staff_profile.department_id for u in people}
        bulk = assigned_courses_bulk(members=members, month=THIS_MONTH)
        for user in people:
            single = assigned_courses(user=user, month=THIS_MONTH, progress=False)
            got = bulk.get(user.pk, [])
            assert [(r.course_id, r.required, r.completed) for r in got] == [
                (r.course_id, r.required, r.completed) for r in single
            ]
        assert org["outsider"].pk not in bulk
        counts = assigned_course_counts(members=members, month=THIS_MONTH)
        assert set(counts) == set(bulk)
        for user_id, rows in bulk.items():
            assert counts[user_id].total == len(rows)
            assert counts[user_id].done == sum(r.completed for r in rows)
            assert counts[user_id].overdue == sum(r.overdue for r in rows)
            assert counts[user_id].open_titles == [r.title for r in rows if not r.completed]

    def test_stats_per_assignment(self, org, course, optional_course):
        by_department = assign(course, department=org["department"])
        by_post = assign(optional_course, post=org["post"])
        complete(org["staff"], course)
        complete(org["outsider"], course)  # not assigned: does not count
        stats = assignment_stats([by_department, by_post])
        # staff, head and colleague (sub-department); the post: staff
        assert (stats[by_department.pk].completed, stats[by_department.pk].assigned) == (1, 3)
        assert (stats[by_post.pk].completed, stats[by_post.pk].assigned) == (0, 1)


class TestQueryCounts:
    def _courses(self, school, org, n):
        for i in range(n):
            course = make_course(school, f"批量课程{i:02d}", lessons=3)
            assign(course, department=org["department"], required=i % 2 == 0)
            if i % 3 == 0:
                complete(org["staff"], course)
            elif i % 3 == 1:
                study(org["staff"], course.lessons().first())

    def test_single_user_constant(self, school, org, django_assert_max_num_queries):
        self._courses(school, org, 2)
        with CaptureQueriesContext(connection) as few:
            assert len(assigned_courses(user=org["staff"], month=THIS_MONTH)) == 2
        self._courses_more = self._courses(school, org, 18)
        with django_assert_max_num_queries(len(few)):
            assert len(assigned_courses(user=org["staff"], month=THIS_MONTH)) == 20
        assert len(few) <= 9

    def test_bulk_constant(self, school, org, django_assert_max_num_queries):
        self._courses(school, org, 2)
        assign(make_course(school, "岗位课"), post=org["post"])
        members = {u.pk: d for u, d in ((org["staff"], org["department"].pk),)}
        with CaptureQueriesContext(connection) as few:
            assigned_courses_bulk(members=members, month=THIS_MONTH)
        for _ in range(30):
            profile = StaffProfileFactory(department=org["department"])
            members[profile.user_id] = org["department"].pk
        self._courses(school, org, 10)
        with django_assert_max_num_queries(len(few)):
            result = assigned_courses_bulk(members=members, month=THIS_MONTH)
        assert len(result) == 31
        assert len(few) <= 5


# --------------------------------------------------------------------------- overdue facts


class TestOverdue:
    def test_facts_for_the_assigned_who_did_not_complete(self, org, course):
        assignment = assign(
            course, month=LAST_MONTH, department=org["department"], due_date=LAST_MONTH
        )
        complete(org["head"], course)
        assert record_course_overdue(today=TODAY) == 2  # staff and colleague
        facts = WarningFact.objects.filter(kind=WarningFact.Kind.COURSE_OVERDUE)
        assert {f.user for f in facts} == {org["staff"], org["colleague"]}
        fact = facts.get(user=org["staff"])
        assert fact.reference == f"course:{assignment.course_id}"
        assert fact.task == "" and fact.severity == "medium"
        assert fact.month.month == LAST_MONTH
        assert fact.department == org["department"]
        assert fact.detail["course_title"] == course.title
        assert fact.detail["due_date"] == LAST_MONTH.isoformat()
        # idempotent
        assert record_course_overdue(today=TODAY) == 0
        assert facts.count() == 2

    def test_nothing_before_the_due_date_or_for_optional_courses(
        self, org, course, optional_course
    ):
        assign(course, department=org["department"], due_date=TODAY)
        assign(optional_course, month=LAST_MONTH, department=org["department"], required=False)
        assert record_course_overdue(today=TODAY) == 0
        assert record_course_overdue(today=TODAY + dt.timedelta(days=1)) == 3

    def test_daily_command_delivers_a_signal(self, client, org, course):
        assign(course, month=LAST_MONTH, post=org["post"], due_date=LAST_MONTH)
        out = StringIO()
        call_command("send_reminders", date=TODAY.isoformat(), stdout=out)
        assert "1 overdue required courses recorded" in out.getvalue()
        fact = WarningFact.objects.get(kind=WarningFact.Kind.COURSE_OVERDUE)
        assert fact.user == org["staff"] and fact.delivered_at is not None
        signal = Signal.objects.get(kind="course_overdue")
        assert signal.source == "learning"
        assert signal.user == org["staff"]
        assert signal.month == LAST_MONTH
        assert signal.severity == Severity.MEDIUM
        assert course.title in signal.summary
        assert "status=courses_overdue" in signal.evidence_url
        # the default rule (migration early_warning 0005) turns it into a yellow level
        from early_warning.models import Level

        level = Level.objects.get(user=org["staff"], month=LAST_MONTH, scope="staff")
        assert level.level == 1
        assert "必修课程逾期未完成" in str(level.explanation)
        # shown among the person's signals and in the staff member's own area
        page = login(client, org["inspector"]).get(f"/warnings/people/{org['staff'].pk}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert "必修课程逾期未完成" in body or "Required course" in body
        assert course.title in body
        own = login(client, org["staff"]).get("/staff/warnings/").content.decode()
        assert course.title in own
        # the command is idempotent
        call_command("send_reminders", date=TODAY.isoformat())
        assert Signal.objects.filter(kind="course_overdue").count() == 1

    def test_record_signal_default_severity(self, org):
        from early_warning.services import record_signal

        signal = record_signal(
            source="learning",
            kind="course_overdue",
            user_id=org["staff"].pk,
            month=THIS_MONTH,
            reference="test:course-overdue",
            detail={"course_title": "某课程", "due_date": "2026-11-30"},
        )
        assert signal.severity == Severity.MEDIUM
        assert "某课程" in signal.summary


# --------------------------------------------------------------------------- staff area


class TestStaffArea:
    def test_card_on_the_home_page(self, client, org, course, optional_course, school):
        done = make_course(school, "已完成的课程")
        late = make_course(school, "逾期的课程")
        assign(course, department=org["department"], due_date=month_end(THIS_MONTH))
        assign(optional_course, post=org["post"], required=False)
        assign(done, department=org["department"])
        assign(late, department=org["department"], due_date=THIS_MONTH)
        complete(org["staff"], done)
        study(org["staff"], course.lessons().first())
        response = login(client, org["staff"]).get("/staff/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "本月学习课程" in body
        for page in (course, optional_course, done, late):
            assert page.title in body
            assert f'href="{page.url}"' in body
        assert "必修" in body and "选修" in body
        assert "已学 1 / 2 课时" in body
        assert f'href="{done.url}certificate/"' in body
        if TODAY > THIS_MONTH:  # from the 2nd of the month the first-day deadline has passed
            assert "assigned--overdue" in body and "已逾期" in body
        assert f"截止 {month_end(THIS_MONTH):%Y-%m-%d}" in body

    def test_card_on_the_checkin_pages(self, client, org, course):
        assign(course, department=org["department"])
        assign(course, month=LAST_MONTH, department=org["sub"])
        login(client, org["staff"])
        assert course.title in client.get("/staff/checkin/").content.decode()
        assert course.title in client.get(f"/staff/checkin/{LABEL}/").content.decode()

    def test_nothing_assigned(self, client, org):
        services.open_month(month=THIS_MONTH)
        body = login(client, org["staff"]).get("/staff/").content.decode()
        assert "本月没有给您指定学习课程" in body

    @pytest.mark.parametrize("role", ["colleague", "outsider", "head", "editor", "inspector"])
    def test_each_person_sees_only_their_own(self, client, org, course, admin_user, role):
        assign(course, post=org["post"])
        body = login(client, org[role]).get("/staff/").content.decode()
        assert course.title not in body

    def test_admin_without_profile(self, client, org, course, admin_user):
        assign(course, department=org["department"])
        response = login(client, admin_user).get("/staff/")
        assert response.status_code == 200
        assert course.title not in response.content.decode()

    def test_anonymous_is_sent_to_login(self, client, org, course):
        assign(course, department=org["department"])
        response = client.get("/staff/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_query_count_does_not_grow_with_courses(self, client, school, org):
        services.open_month(month=THIS_MONTH)
        for i in range(2):
            assign(make_course(school, f"课程{i}", lessons=3), department=org["department"])
        login(client, org["staff"])
        client.get("/staff/")  # warm up session, site root paths
        with CaptureQueriesContext(connection) as few:
            client.get("/staff/")
        for i in range(2, 20):
            course = make_course(school, f"课程{i}", lessons=3)
            assign(course, department=org["department"], required=i % 2 == 0)
            if i % 3 == 0:
                complete(org["staff"], course)
            else:
                study(org["staff"], course.lessons().first())
        with CaptureQueriesContext(connection) as many:
            response = client.get("/staff/")
        assert response.content.decode().count('class="assigned assigned--') == 20
        assert len(many) == len(few)


# --------------------------------------------------------------------------- supervision


class TestSupervision:
    @pytest.fixture
    def setup(self, org, course, optional_course):
        services.open_month(month=THIS_MONTH)
        assign(course, department=org["department"], due_date=THIS_MONTH)
        assign(optional_course, post=org["post"], required=False)
        complete(org["head"], course)
        complete(org["staff"], optional_course)
        return org

    def test_matrix_column(self, client, setup):
        body = login(client, setup["inspector"]).get("/staff/supervision/").content.decode()
        assert "指定课程" in body
        rows = {line.split("</th>")[0]: line for line in body.split("<tr>") if "</th>" in line}
        staff_row = next(v for k, v in rows.items() if "<small>staff</small>" in k)
        head_row = next(v for k, v in rows.items() if "<small>head</small>" in k)
        outsider_row = next(v for k, v in rows.items() if "<small>outsider</small>" in k)
        assert ">1/2" in staff_row
        assert ">1/1</td>" in head_row and "courses--done" in head_row
        assert "courses--none" in outsider_row
        if TODAY > THIS_MONTH:
            assert "courses--overdue" in staff_row and "逾期" in staff_row
            assert "党纪学习教育专题" in staff_row  # named in the tooltip

    def test_course_filters(self, client, setup):
        if TODAY == THIS_MONTH:
            pytest.skip("nothing can be overdue on the first day of the month")
        login(client, setup["inspector"])
        body = client.get("/staff/supervision/?status=courses_overdue").content.decode()
        assert "<small>staff</small>" in body and "<small>colleague</small>" in body
        assert "<small>head</small>" not in body and "<small>outsider</small>" not in body
        body = client.get("/staff/supervision/?status=courses_open").content.decode()
        assert "<small>staff</small>" in body and "<small>head</small>" not in body

    def test_head_sees_their_department_only(self, client, setup):
        body = login(client, setup["head"]).get("/staff/supervision/").content.decode()
        assert "<small>staff</small>" in body and "<small>outsider</small>" not in body

    @pytest.mark.parametrize("role", ["staff", "editor"])
    def test_forbidden_to_staff_and_editors(self, client, setup, role):
        assert login(client, setup[role]).get("/staff/supervision/").status_code == 403

    def test_export_includes_courses(self, client, setup):
        response = login(client, setup["inspector"]).get(
            f"/staff/supervision/export.xlsx?month={LABEL}"
        )
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        assert header[-4:] == ("指定课程数", "已完成课程", "逾期必修课程", "未完成课程")
        by_name = {row[0]: row for row in rows[1:]}
        assert by_name["staff"][-4:-1] == (2, 1, 1 if TODAY > THIS_MONTH else 0)
        assert by_name["staff"][-1] == "党纪学习教育专题"
        assert by_name["head"][-4:] == (1, 1, 0, None)
        assert by_name["outsider"][-4:-1] == (0, 0, 0)

    def test_query_count_does_not_grow_with_people(self, client, setup):
        login(client, setup["inspector"])
        client.get("/staff/supervision/")
        with CaptureQueriesContext(connection) as small:
            client.get("/staff/supervision/")
        for _ in range(30):
            profile = StaffProfileFactory(department=setup["department"])
            PostAssignmentFactory(user=profile.user, post=setup["post"])
        services.open_month(month=THIS_MONTH)
        with CaptureQueriesContext(connection) as big:
            response = client.get("/staff/supervision/")
        assert response.content.decode().count('class="courses courses--') >= 34
        assert len(big) == len(small)


# --------------------------------------------------------------------------- admin


class TestAdminPermissions:
    @pytest.mark.parametrize("url", [ADMIN_LIST, ADMIN_ADD, ADMIN_ASSIGN])
    def test_anonymous_is_sent_to_login(self, client, org, url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]

    @pytest.mark.parametrize("url", [ADMIN_LIST, ADMIN_ADD, ADMIN_ASSIGN])
    @pytest.mark.parametrize("role", ["staff", "head", "editor"])
    def test_others_cannot_manage(self, client, org, role, url):
        user = org[role]
        if role == "editor":
            user.is_staff = True
            user.save()
        response = login(client, user).get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:  # to the login page or the admin home, never the page
            assert response["Location"].startswith(("/admin/login/", "/admin/"))
            assert not response["Location"].startswith(ADMIN_LIST)

    @pytest.mark.parametrize("url", [ADMIN_LIST, ADMIN_ADD, ADMIN_ASSIGN])
    @pytest.mark.parametrize("role", ["inspector", "admin"])
    def test_inspectors_and_admins_manage(self, client, org, admin_user, role, url, course):
        assert login(client, user_for(role, org, admin_user)).get(url).status_code == 200

    @pytest.mark.parametrize("role", ["staff", "head", "editor"])
    def test_others_cannot_post_the_bulk_form(self, client, org, course, role):
        login(client, org[role]).post(
            ADMIN_ASSIGN,
            {"course": course.pk, "month": LABEL, "departments": [org["department"].pk]},
        )
        assert not CourseAssignment.objects.exists()


class TestAdminList:
    def test_list_columns_and_filters(self, client, org, course, optional_course):
        CheckinMonth.objects.create(month=THIS_MONTH, deadline=THIS_MONTH.replace(day=25))
        first = assign(course, department=org["department"])
        second = assign(optional_course, month=LAST_MONTH, post=org["post"], required=False)
        complete(org["staff"], course)
        login(client, org["inspector"])
        body = client.get(ADMIN_LIST).content.decode()
        assert f"snippet_{first.pk}_title" in body and f"snippet_{second.pk}_title" in body
        assert LABEL in body and month_label(LAST_MONTH) in body
        assert "部门：市财政局（含下级部门）" in body and "岗位：市财政局 · 财务管理岗" in body
        assert "必修" in body and "选修" in body
        assert "1 / 3" in body  # staff completed; head and colleague not yet
        assert "0 / 1" in body
        assert f"{THIS_MONTH.replace(day=25):%Y}" in body

        def shown(**params):
            page = client.get(ADMIN_LIST, params).content.decode()
            return {a.pk for a in (first, second) if f"snippet_{a.pk}_title" in page}

        assert shown(month=LABEL) == {first.pk}
        assert shown(month=month_label(LAST_MONTH)) == {second.pk}
        assert shown(course=optional_course.pk) == {second.pk}
        assert shown(department=org["department"].pk) == {first.pk}
        assert shown(required="false") == {second.pk}
        response = client.get(ADMIN_LIST, {"month": "2026-13"})
        assert response.status_code == 200

    def test_list_query_count_does_not_grow(self, client, org, school):
        login(client, org["inspector"])
        for i in range(2):
            assign(make_course(school, f"课{i}"), department=org["department"])
        client.get(ADMIN_LIST)
        with CaptureQueriesContext(connection) as few:
            client.get(ADMIN_LIST)
        for i in range(2, 12):
            assign(make_course(school, f"课{i}"), post=org["post"])
        with CaptureQueriesContext(connection) as many:
            client.get(ADMIN_LIST)
        assert len(many) <= len(few) + 2  # the post holders' query appears once

    def test_export(self, client, org, course):
        assign(course, department=org["department"], due_date=THIS_MONTH.replace(day=20))
        complete(org["colleague"], course)
        response = login(client, org["inspector"]).get(ADMIN_LIST, {"export": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "课程"
        assert rows[1][0] == course.title and rows[1][1] == LABEL
        assert "市财政局" in rows[1][2]
        assert rows[1][5:7] == (1, 3)
        csv = login(client, org["inspector"]).get(ADMIN_LIST, {"export": "csv"})
        assert course.title in b"".join(csv.streaming_content).decode()


class TestAdminForm:
    def post(self, client, user, **data):
        login(client, user)
        return client.post(ADMIN_ADD, data)

    def base(self, course, **extra):
        data = {"course": course.pk, "month": LABEL, "required": "on", "note": ""}
        data.update(extra)
        return data

    def test_creates_with_month_and_creator(self, client, org, course):
        response = self.post(
            client, org["inspector"], **self.base(course, department=org["department"].pk)
        )
        assert response.status_code == 302
        assignment = CourseAssignment.objects.get()
        assert assignment.month == THIS_MONTH
        assert assignment.created_by == org["inspector"]
        assert assignment.department == org["department"]

    @pytest.mark.parametrize(
        "extra, message",
        [
            ({}, "请选择部门或岗位"),
            ({"both": True}, "部门和岗位只能选择其一"),
            ({"month": "2026-13"}, "不是有效月份"),
            ({"month": ""}, "必需字段"),
            ({"due_date": "2000-01-01"}, "截止日期早于该月开始日期"),
            ({"department": "99999"}, "不在可用的选项中"),
        ],
    )
    def test_bad_input(self, client, org, course, extra, message):
        data = self.base(course)
        if extra.pop("both", False):
            data.update(department=org["department"].pk, post=org["post"].pk)
        elif "department" not in extra:
            pass
        data.update(extra)
        if "due_date" in extra:
            data["department"] = org["department"].pk
        response = self.post(client, org["inspector"], **data)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body, body[body.find("error") - 200 : body.find("error") + 500]
        assert "Constraint" not in body and "violated" not in body
        assert not CourseAssignment.objects.exists()

    def test_duplicate(self, client, org, course):
        assign(course, department=org["department"])
        response = self.post(
            client, org["inspector"], **self.base(course, department=org["department"].pk)
        )
        assert response.status_code == 200
        assert "该月已将此课程指定给该部门" in response.content.decode()
        assert CourseAssignment.objects.count() == 1

    def test_edit_keeps_the_month(self, client, org, course):
        assignment = assign(course, post=org["post"])
        login(client, org["inspector"])
        url = f"{ADMIN_LIST}edit/{assignment.pk}/"
        page = client.get(url).content.decode()
        assert f'value="{LABEL}"' in page
        response = client.post(url, self.base(course, post=org["post"].pk, note="请按时学习"))
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.note == "请按时学习" and assignment.month == THIS_MONTH


class TestBulkAssign:
    def test_assigns_many_and_skips_duplicates(self, client, org, course):
        assign(course, department=org["sub"])
        response = login(client, org["inspector"]).post(
            ADMIN_ASSIGN,
            {
                "course": course.pk,
                "month": LABEL,
                "departments": [org["department"].pk, org["sub"].pk, org["other"].pk],
                "posts": [org["post"].pk],
                "required": "on",
                "due_date": THIS_MONTH.replace(day=20).isoformat(),
                "note": "专题学习",
            },
            follow=True,
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "指定给 3 个对象" in body
        assert "已跳过" in body and "国库科" in body
        rows = CourseAssignment.objects.filter(course=course)
        assert rows.count() == 4
        created = rows.exclude(department=org["sub"])
        assert {r.created_by for r in created} == {org["inspector"]}
        assert {r.due_date for r in created} == {THIS_MONTH.replace(day=20)}
        assert {r.note for r in created} == {"专题学习"}
        assert created.get(post=org["post"]).include_subdepartments is False

    @pytest.mark.parametrize(
        "change, message",
        [
            ({"departments": [], "posts": []}, "请至少选择一个部门或岗位"),
            ({"month": "abc"}, "不是有效月份"),
            ({"due_date": "2000-01-01"}, "截止日期早于该月开始日期"),
            ({"departments": ["DEPT", "99999"]}, "不在可用的选项中"),
            ({"posts": ["abc"]}, "不是一个有效的值"),
            ({"course": "99999"}, "不在可用的选项中"),
            ({"due_date": "2026-02-30"}, "有效的日期"),
        ],
    )
    def test_bad_input_writes_nothing(self, client, org, course, change, message):
        data = {
            "course": course.pk,
            "month": LABEL,
            "departments": [org["department"].pk, org["other"].pk],
            "posts": [org["post"].pk],
            "required": "on",
        }
        for key, value in change.items():
            if value == ["DEPT", "99999"]:
                value = [org["department"].pk, 99999]
            data[key] = value
        response = login(client, org["inspector"]).post(ADMIN_ASSIGN, data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not CourseAssignment.objects.exists()

    def test_service_refuses_empty_and_bad_due_date(self, org, course):
        with pytest.raises(AssignmentError):
            assign_course(course=course, month=THIS_MONTH)
        with pytest.raises(AssignmentError):
            assign_course(
                course=course,
                month=THIS_MONTH,
                departments=[org["department"]],
                due_date=LAST_MONTH,
            )
        assert not CourseAssignment.objects.exists()

    def test_service_rolls_back_everything_on_a_bad_row(self, org, course):
        from django.core.exceptions import ValidationError

        unsaved = DepartmentFactory.build(name="未保存部门")  # no primary key: invalid target
        with pytest.raises((ValidationError, ValueError)):
            assign_course(course=course, month=THIS_MONTH, departments=[org["department"], unsaved])
        assert not CourseAssignment.objects.exists()

    def test_month_is_normalised(self, org, course):
        result = assign_course(
            course=course, month=THIS_MONTH.replace(day=15), posts=[PostFactory()]
        )
        assert result.created[0].month == THIS_MONTH


def test_a_past_month_card_is_headed_with_its_month(client, org, course):
    assign(course, month=LAST_MONTH, department=org["department"])
    services.open_month(month=LAST_MONTH)
    login(client, org["staff"])
    body = client.get(f"/staff/checkin/{month_label(LAST_MONTH)}/").content.decode()
    assert f"{month_label(LAST_MONTH)} 指定学习课程" in body
    assert "本月学习课程" not in body


def test_the_bulk_form_offers_and_accepts_active_departments_only(client, org, course):
    org["other"].is_active = False
    org["other"].save()
    login(client, org["inspector"])
    assert org["other"].name not in client.get(ADMIN_ASSIGN).content.decode()
    response = client.post(
        ADMIN_ASSIGN,
        {"course": course.pk, "month": LABEL, "departments": [org["other"].pk]},
    )
    assert response.status_code == 400
    assert not CourseAssignment.objects.exists()
