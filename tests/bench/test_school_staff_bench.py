"""Assigned learning in the staff area: /staff/ for a staff member with 20 assigned courses.

Target: p95 ≤ 50 ms over 50 requests; the number of queries is the same with 2 or with 20
assigned courses.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.months import month_of
from learning import services
from learning.assignments import CourseAssignment
from learning.school import CourseCompletion, LessonProgress
from tests.bench.conftest import measure, report
from tests.factories import (
    CoursePageFactory,
    DepartmentFactory,
    LessonPageFactory,
    PostAssignmentFactory,
    PostFactory,
    SchoolIndexPageFactory,
    StaffProfileFactory,
)

pytestmark = pytest.mark.django_db

COURSES = 20
LESSONS = 4
RUNS = 50
TARGET_P95 = 50


def _add_courses(school, *, department, post, user, start, stop, month):
    for i in range(start, stop):
        course = CoursePageFactory(parent=school, title=f"指定课程{i:02d}")
        lessons = [
            LessonPageFactory(parent=course, title=f"指定课程{i:02d} 第{n + 1}课")
            for n in range(LESSONS)
        ]
        target = {"post": post} if i % 4 == 1 else {"department": department}
        CourseAssignment.objects.create(
            course=course,
            month=month,
            required=i % 3 != 2,
            due_date=month + dt.timedelta(days=i % 28),
            **target,
        )
        if i % 4 == 0:
            CourseCompletion.objects.create(
                user=user, course=course, certificate_number=f"BENCH-{i:04d}"
            )
        for lesson in lessons[: i % LESSONS]:
            LessonProgress.objects.create(
                user=user,
                lesson=lesson,
                course=course,
                text_shown_at=timezone.now(),
                studied_at=timezone.now(),
            )


def test_staff_home_with_assigned_courses(home_page):
    month = month_of(timezone.localdate())
    school = SchoolIndexPageFactory(parent=home_page)
    parent = DepartmentFactory(name="市纪委监委")
    department = DepartmentFactory(name="第一监督检查室", parent=parent)
    post = PostFactory(department=department, name="监督检查岗")
    user = StaffProfileFactory(user__username="bench-learner", department=department).user
    PostAssignmentFactory(user=user, post=post)
    services.open_month(month=month)

    _add_courses(school, department=parent, post=post, user=user, start=0, stop=2, month=month)
    client = Client()
    client.force_login(user)
    client.get("/staff/")  # warm up (session, site root paths, menus)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/staff/")
    assert response.content.decode().count('class="assigned assigned--') == 2

    _add_courses(
        school, department=parent, post=post, user=user, start=2, stop=COURSES, month=month
    )
    client.get("/staff/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/staff/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="assigned assigned--') == COURSES
    assert body.count("certificate/") == COURSES // 4
    print(f"\n/staff/ queries: {len(few)} with 2 assigned courses, {len(many)} with {COURSES}")
    assert len(many) == len(few)

    figures = measure(lambda: client.get("/staff/"), runs=RUNS, warmup=3)
    report(f"/staff/ with {COURSES} assigned courses", figures)
    verdict = "OK" if figures["p95"] <= TARGET_P95 else f"OVER TARGET (p95 ≤ {TARGET_P95} ms)"
    print(f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms: {verdict}")
    assert figures["p95"] <= TARGET_P95 * 3, "far over the target: something regressed"


def test_matrix_with_assigned_courses(home_page):
    """The supervisors' matrix of a 500-person department with 10 assigned courses (to the
    department and to posts): the courses column must not add queries per person."""
    from learning.models import CheckinMonth
    from organization.models import Post
    from portal.demo.organisation import generate_staff
    from tests.factories import UserFactory

    month = month_of(timezone.localdate())
    units = generate_staff(2_000, big_department=500)
    services.open_month(month=month)
    school = SchoolIndexPageFactory(parent=home_page)
    posts = list(Post.objects.filter(department=units[0]))
    head = UserFactory(username="bench-matrix-head")
    units[0].heads.add(head)
    client = Client()
    client.force_login(head)
    url = f"/staff/supervision/?month={month:%Y-%m}"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(10):
        course = CoursePageFactory(parent=school, title=f"矩阵课程{i}")
        target = {"post": posts[i % len(posts)]} if i % 2 else {"department": units[0]}
        CourseAssignment.objects.create(course=course, month=month, **target)
    users = list(
        units[0].staff_profiles.values_list("user_id", flat=True).order_by("user_id")[:200]
    )
    CourseCompletion.objects.bulk_create(
        CourseCompletion(user_id=u, course=course, certificate_number=f"BM-{u}") for u in users
    )
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.content.decode().count('class="courses courses--') == 500
    print(f"\nmatrix queries: {len(before)} without assignments, {len(after)} with 10 courses")
    assert len(after) <= len(before) + 5
    assert CheckinMonth.objects.filter(month=month).exists()
    report(
        "matrix with 10 assigned courses (500 people)", measure(lambda: client.get(url), runs=30)
    )
