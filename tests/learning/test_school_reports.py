"""Admin reports of the online school: the figures (learning.school_reports), the report views
(learning.admin_reports): permissions per role, exports, bad filter values, query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import roles
from core.months import add_months
from learning import school_reports
from learning.assignments import CourseAssignment
from learning.quiz import QuizAnswer, QuizAttempt
from learning.school import CourseCompletion
from organization.models import StaffProfile
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

MONTH = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 11, 20)
TZ = timezone.get_current_timezone()

REPORTS = {
    "course_completion": "/admin/reports/school/completion-by-course/",
    "department_completion": "/admin/reports/school/completion-by-department/",
    "quiz_scores": "/admin/reports/school/quiz-scores/",
    "missed_questions": "/admin/reports/school/missed-questions/",
}


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TZ)


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page)


@pytest.fixture
def course(school):
    return CoursePageFactory(parent=school, title="党纪处分条例导读")


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="第一课 六大纪律")


def assign(course, month=MONTH, **target):
    return CourseAssignment.objects.create(course=course, month=month, **target)


def attempt(user, page, score, *, day=TODAY, minute=0, pass_mark=60):
    return QuizAttempt.objects.create(
        user=user,
        page=page,
        score=score,
        passed=score >= pass_mark,
        submitted_at=at(day, 10, minute),
    )


def complete(user, course, number, **kwargs):
    return CourseCompletion.objects.create(
        user=user, course=course, certificate_number=f"LZ-2026-{number:06d}", **kwargs
    )


def superuser():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


# --------------------------------------------------------------------------- a. by course


def test_course_completion_counts_each_person_once(org, course):
    # The department (with its sub-department) and the post: staff is reached twice.
    assign(course, department=org["department"], include_subdepartments=True)
    assign(course, post=org["post"])
    complete(org["staff"], course, 1)
    attempt(org["staff"], course, 40, minute=1)
    attempt(org["staff"], course, 80, minute=2)
    attempt(org["colleague"], course, 50)
    attempt(org["outsider"], course, 100)  # not assigned: not counted

    [row] = school_reports.course_completion(month=MONTH, today=TODAY)

    assert row.course == "党纪处分条例导读"
    assert row.assigned == 3  # staff, colleague (sub-department), head
    assert row.completed == 1
    assert row.completion_rate == 33.3
    assert (row.attempted, row.passed) == (2, 1)
    assert row.average_best_score == 65.0  # (80 + 50) / 2: each person's best
    assert row.pass_rate == 50.0


def test_course_completion_targets(org, course, school):
    # Without sub-departments, the colleague in 国库科 is not reached.
    assign(course, department=org["department"], include_subdepartments=False)
    [row] = school_reports.course_completion(month=MONTH, today=TODAY)
    assert row.assigned == 2
    # A post: its holders on the month's last day (today for this month).
    other_course = CoursePageFactory(parent=school, title="岗位风险防控")
    assign(other_course, post=org["post"])
    former = StaffProfileFactory(department=org["other"]).user
    PostAssignmentFactory(user=former, post=org["post"], end_date=MONTH - dt.timedelta(days=1))
    later = StaffProfileFactory(department=org["other"]).user
    PostAssignmentFactory(user=later, post=org["post"], start_date=TODAY + dt.timedelta(days=1))
    rows = {r.course: r for r in school_reports.course_completion(month=MONTH, today=TODAY)}
    assert rows["岗位风险防控"].assigned == 1  # only staff holds the post on TODAY
    # Unmonitored or inactive people are not in the check-in population.
    StaffProfile.objects.filter(user=org["head"]).update(is_monitored=False)
    org["staff"].is_active = False
    org["staff"].save()
    rows = {r.course: r for r in school_reports.course_completion(month=MONTH, today=TODAY)}
    assert rows["党纪处分条例导读"].assigned == 0
    # Unpublished courses are not reported.
    course.unpublish()
    assert [r.course for r in school_reports.course_completion(month=MONTH, today=TODAY)] == [
        "岗位风险防控"
    ]


def test_course_completion_department_filter_and_other_months(org, course, school):
    assign(course, department=org["department"])
    elsewhere = CoursePageFactory(parent=school, title="清廉家风")
    assign(elsewhere, department=org["other"])
    assign(course, month=add_months(MONTH, -1), department=org["other"])

    rows = school_reports.course_completion(month=MONTH, department=org["sub"], today=TODAY)
    assert [(r.course, r.assigned) for r in rows] == [("党纪处分条例导读", 1)]
    rows = school_reports.course_completion(month=MONTH, today=TODAY)
    assert {r.course: r.assigned for r in rows} == {"党纪处分条例导读": 3, "清廉家风": 1}
    assert school_reports.course_completion(month=add_months(MONTH, 1), today=TODAY) == []


# --------------------------------------------------------------------------- b. by department


def test_department_completion_rows(org, course, school):
    other_course = CoursePageFactory(parent=school, title="岗位风险防控")
    previous = add_months(MONTH, -1)
    assign(course, month=previous, department=org["department"])
    assign(course, department=org["department"])  # assigned again: the completion counts
    assign(other_course, post=org["post"])
    complete(org["staff"], course, 1)
    complete(org["colleague"], other_course, 2)  # not assigned other_course: not counted

    rows = school_reports.department_completion(first=previous, last=MONTH, today=TODAY)
    got = [(r.department, r.month_label, r.assigned, r.completed) for r in rows]
    assert got == [
        ("市财政局", "2026-10", 2, 1),  # staff, head
        ("市财政局", "2026-11", 3, 1),  # staff, head, + staff's post course
        ("市财政局 / 国库科", "2026-10", 1, 0),
        ("市财政局 / 国库科", "2026-11", 1, 0),
    ]
    assert rows[1].completion_rate == 33.3
    rows = school_reports.department_completion(
        first=previous, last=MONTH, department=org["sub"], today=TODAY
    )
    assert [(r.department, r.month_label) for r in rows] == [
        ("市财政局 / 国库科", "2026-10"),
        ("市财政局 / 国库科", "2026-11"),
    ]
    assert school_reports.department_completion(first=MONTH, last=previous) == []


# --------------------------------------------------------------------------- c. quiz scores


@pytest.fixture
def quiz_history(org, course, lesson):
    a, b, c = org["staff"], org["colleague"], org["outsider"]
    attempt(a, course, 40, minute=1)
    attempt(a, course, 70, minute=2)  # passed on the 2nd attempt
    attempt(a, course, 90, minute=3)  # after the pass: not counted in attempts to pass
    attempt(b, course, 100)  # first time
    attempt(c, course, 30)  # never passed
    attempt(a, lesson, 100)
    attempt(b, course, 20, day=TODAY - dt.timedelta(days=60))  # outside a November period
    return a, b, c


def test_quiz_scores(org, course, lesson, quiz_history):
    rows = {r["page_title"]: r for r in school_reports.quiz_scores()}
    row = rows["党纪处分条例导读"]
    assert (row["attempts"], row["people"], row["passed_people"]) == (6, 3, 2)
    assert row["average_score"] == pytest.approx((40 + 70 + 90 + 100 + 30 + 20) / 6)
    # a: 2 attempts until the pass; b: in all time, the old failed attempt came first.
    assert row["attempts_until_pass"] == 2 + 2
    assert rows["第一课 六大纪律"]["attempts"] == 1
    # The period: b's old attempt is out, so b passed at the first try.
    [row, _lesson_row] = school_reports.quiz_scores(since=MONTH, until=TODAY)
    assert (row["attempts"], row["attempts_until_pass"]) == (5, 3)
    # The course filter keeps the course and its lessons; the department filter its staff.
    assert len(school_reports.quiz_scores(course=course)) == 2
    [row] = school_reports.quiz_scores(department=org["sub"])
    assert (row["page_title"], row["people"]) == ("党纪处分条例导读", 1)


# --------------------------------------------------------------------------- d. missed questions


def answers(attempt_row, *rows):
    QuizAnswer.objects.bulk_create(
        QuizAnswer(
            attempt=attempt_row,
            page_id=attempt_row.page_id,
            question_key=key,
            prompt=prompt,
            is_correct=ok,
        )
        for key, prompt, ok in rows
    )


def test_missed_questions(org, course, lesson, quiz_history):
    first = QuizAttempt.objects.filter(user=org["staff"], page=course).order_by("pk")
    answers(first[0], ("q1", "收受礼金违反哪项纪律？", False), ("bank:1:b2", "四风是指？", False))
    answers(first[1], ("q1", "收受礼金违反哪项纪律？", False), ("bank:1:b2", "四风是指？", True))
    answers(first[2], ("q1", "收受礼金违反哪项纪律？", True), ("bank:1:b2", "四风是指？", True))
    old = QuizAttempt.objects.get(user=org["colleague"], score=20)
    answers(old, ("bank:1:b2", "四风是指？", False))
    answers(QuizAttempt.objects.get(page=lesson), ("q9", "六大纪律包括？", False))

    rows = list(school_reports.missed_questions())
    got = [(r["question_key"], r["answered"], r["wrong"], round(r["wrong_rate"], 1)) for r in rows]
    assert got == [("q1", 3, 2, 66.7), ("bank:1:b2", 4, 2, 50.0), ("q9", 1, 1, 100.0)]
    assert rows[0]["prompt"] == "收受礼金违反哪项纪律？"
    assert rows[0]["page_title"] == "党纪处分条例导读"
    rows = list(school_reports.missed_questions(since=MONTH, until=TODAY, course=course))
    # The course's lessons are in; ties on the wrong count go by the wrong rate.
    assert [(r["question_key"], r["wrong"]) for r in rows] == [
        ("q1", 2),
        ("q9", 1),
        ("bank:1:b2", 1),
    ]
    assert list(school_reports.missed_questions(department=org["other"])) == []


# --------------------------------------------------------------------------- the views


def user_for(role, org):
    if role == "anonymous":
        return None
    if role == "admin":
        return superuser()
    return {
        "staff": org["staff"],
        "head": org["head"],
        "inspector": org["inspector"],
        "editor": org["editor"],
    }[role]


ROLES = ["anonymous", "staff", "head", "editor", "inspector", "admin"]
ALLOWED = {"inspector", "admin"}


@pytest.mark.parametrize("export", ["", "xlsx", "csv"])
@pytest.mark.parametrize("report", list(REPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_report_permissions(client, org, course, role, report, export):
    user = user_for(role, org)
    if user is not None:
        client.force_login(user)
    url = REPORTS[report] + (f"?export={export}" if export else "")
    response = client.get(url)
    if role in ALLOWED:
        assert response.status_code == 200
        if export:
            assert "attachment" in response["Content-Disposition"]
        return
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        location = response["Location"]
        assert "/reports/school/" not in location.split("?")[0]
        if role == "anonymous":
            assert location.startswith("/admin/login/")


@pytest.mark.parametrize("report", list(REPORTS))
def test_results_fragment_needs_the_permission_too(client, org, report):
    client.force_login(org["editor"])
    assert client.get(REPORTS[report] + "results/").status_code in (302, 403)
    client.force_login(org["inspector"])
    assert client.get(REPORTS[report] + "results/").status_code == 200


def test_reports_menu_only_for_those_who_may_see_the_reports(client, org):
    client.force_login(org["inspector"])
    html = client.get("/admin/").content.decode()
    for url in REPORTS.values():
        assert url in html
    client.force_login(org["editor"])
    html = client.get("/admin/").content.decode()
    assert not any(url in html for url in REPORTS.values())


def test_course_report_page_and_exports(client, org, course):
    this_month = timezone.localdate().replace(day=1)
    assign(course, month=this_month, department=org["department"])
    complete(org["staff"], course, 1)
    attempt(org["staff"], course, 90, day=timezone.localdate())
    client.force_login(org["inspector"])

    html = client.get(REPORTS["course_completion"]).content.decode()
    assert "党纪处分条例导读" in html and "应学人数" in html and "33.3%" in html

    response = client.get(REPORTS["course_completion"] + "?export=xlsx")
    assert response["Content-Disposition"].endswith(f'-{this_month:%Y-%m}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[:5] == ("课程", "月份", "应学人数", "已完成人数", "完成率（%）")
    assert row[:5] == ("党纪处分条例导读", f"{this_month:%Y-%m}", 3, 1, 33.3)

    response = client.get(REPORTS["course_completion"] + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:3] == ["党纪处分条例导读", f"{this_month:%Y-%m}", "3"]


def test_quiz_and_question_reports_render(client, org, course, lesson, quiz_history):
    first = QuizAttempt.objects.filter(user=org["staff"], page=course).order_by("pk").first()
    answers(first, ("bank:1:b2", "四风是指？", False))
    client.force_login(org["inspector"])
    html = client.get(REPORTS["quiz_scores"]).content.decode()
    assert "第一课 六大纪律" in html and "66.7%" in html
    html = client.get(REPORTS["missed_questions"]).content.decode()
    assert "四风是指？" in html and "100.0%" in html
    response = client.get(REPORTS["missed_questions"] + "?export=xlsx&ordering=answered")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True))[1][:2] == ("四风是指？", "题库")


@pytest.mark.parametrize(
    ("report", "query", "message"),
    [
        ("course_completion", "month=2026-13", "2026-13"),
        ("course_completion", "month=abc&department=abc", "abc"),
        ("department_completion", "first_month=2026-00&last_month=x", "2026-00"),
        ("department_completion", "department=999999", "部门"),
        ("quiz_scores", "course=abc&period_from=2026-02-31", "交卷日期"),
        ("missed_questions", "period_from=2026-11-01&period_to=x", "交卷日期"),
        ("missed_questions", "course=999999&department=1.5", "课程"),
        ("missed_questions", "ordering=nonsense&p=abc", None),
        ("quiz_scores", "ordering=-people&p=999", None),
    ],
)
def test_bad_filter_values_are_ignored_and_named(client, org, course, report, query, message):
    client.force_login(org["inspector"])
    for url in (REPORTS[report], REPORTS[report] + "results/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        html = response.content.decode()
        if message:
            assert "以下筛选条件无效，已忽略" in html and message in html
    export = client.get(f"{REPORTS[report]}?{query}&export=csv")
    assert export.status_code == 200


def test_month_range_is_capped_and_ordered(client, org, course):
    assign(course, month=dt.date(2024, 1, 1), department=org["department"])
    assign(course, month=dt.date(2026, 1, 1), department=org["department"])
    client.force_login(org["inspector"])
    html = client.get(
        REPORTS["department_completion"] + "?first_month=2026-01&last_month=2023-01"
    ).content.decode()
    # Reversed range: swapped; more than 24 months: the last 24 up to 2026-01.
    assert "2024-02 至 2026-01" in html
    assert "2026-01" in html and "2024-01</td>" not in html


# --------------------------------------------------------------------------- query counts


def _grow(org, school, *, courses: int, people: int):
    """More courses, assignments, people, attempts and answers."""
    this_month = timezone.localdate().replace(day=1)
    for index in range(courses):
        extra = CoursePageFactory(parent=school)
        department = DepartmentFactory(parent=None if index % 2 else org["department"])
        post = PostFactory(department=department)
        assign(extra, month=this_month, department=department)
        assign(extra, month=add_months(this_month, -1), post=post)
        for person in range(people):
            user = StaffProfileFactory(department=department).user
            PostAssignmentFactory(user=user, post=post)
            row = attempt(user, extra, 50 + person * 10, day=timezone.localdate())
            answers(row, (f"q{person}", "题目", person % 2 == 0))
            if person % 2:
                complete(user, extra, 1000 * (index + 1) + person)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("report", list(REPORTS))
@pytest.mark.parametrize("suffix", ["", "?export=xlsx", "?department={department}"])
def test_a_constant_number_of_queries(client, org, school, report, suffix):
    client.force_login(org["inspector"])
    url = REPORTS[report] + suffix.format(department=org["department"].pk)
    _grow(org, school, courses=1, people=1)
    client.get(url)  # warm caches (content types, sessions)
    small = _queries(client, url)
    _grow(org, school, courses=6, people=4)
    assert _queries(client, url) == small


def test_report_selectors_query_counts(org, school, django_assert_max_num_queries):
    _grow(org, school, courses=5, people=3)
    this_month = timezone.localdate().replace(day=1)
    with django_assert_max_num_queries(3):
        assert len(school_reports.course_completion(month=this_month)) == 5
    with django_assert_max_num_queries(3):
        assert school_reports.department_completion(
            first=add_months(this_month, -11), last=this_month
        )
    with django_assert_max_num_queries(1):
        assert len(list(school_reports.quiz_scores())) == 5
    with django_assert_max_num_queries(2):
        assert list(school_reports.missed_questions(department=org["department"]))


def test_inspectors_group_has_the_permission():
    group = Group.objects.get(name=roles.INSPECTORS)
    assert group.permissions.filter(codename="view_quizattempt").exists()
    editors = Group.objects.get(name=roles.EDITORS)
    assert not editors.permissions.filter(codename="view_quizattempt").exists()


def test_the_row_count_under_a_report_is_in_chinese(client, org, course):
    assign(course, month=timezone.localdate().replace(day=1), department=org["department"])
    client.force_login(org["inspector"])
    html = client.get(REPORTS["course_completion"]).content.decode()
    assert "1 条记录" in html and " items" not in html and "1 item" not in html
