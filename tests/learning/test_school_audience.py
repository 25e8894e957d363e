"""Course audiences beyond the basics: departments and posts together, assignments opening a
course, the search index following a course's audience, and quizzes nobody could answer."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.blocks import StructBlockValidationError

from learning.assignments import CourseAssignment
from learning.quiz import QuestionBlock
from learning.school import Audience
from tests.factories import CoursePageFactory, LessonPageFactory, SchoolIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page, slug="school")


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def test_departments_and_posts_both_admit(client, org, school):
    course = CoursePageFactory(parent=school, audience=Audience.DEPARTMENTS)
    course.departments.add(org["other"])  # the outsider's department
    course.posts.add(org["post"])  # the staff member's post
    course.save()
    assert _status(client, org["outsider"], course.url) == 200
    assert _status(client, org["staff"], course.url) == 200
    assert _status(client, org["colleague"], course.url) == 403  # neither


def test_an_assignment_opens_the_course_to_whoever_it_reaches(client, org, school):
    course = CoursePageFactory(parent=school, audience=Audience.POSTS)
    course.posts.add(org["post"])
    course.save()
    assert _status(client, org["outsider"], course.url) == 403
    CourseAssignment.objects.create(
        course=course, month=dt.date(2026, 11, 1), department=org["other"]
    )
    client.logout()
    assert _status(client, org["outsider"], course.url) == 200
    assert _status(client, org["colleague"], course.url) == 403  # not reached


def test_lessons_leave_the_public_search_when_the_course_closes(
    client, org, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course = CoursePageFactory(parent=school, title="婚丧喜庆事宜规范", slug="hs")
        course.save_revision().publish()
        lesson = LessonPageFactory(
            parent=course, body=[("paragraph", "<p>机密婚丧喜庆内容的学习材料。</p>")]
        )
        lesson.save_revision().publish()

    def found(q):
        return [r["title"] for r in client.get("/api/search/", {"q": q}).json()["results"]]

    assert lesson.title in found("机密婚丧喜庆")
    with django_capture_on_commit_callbacks(execute=True):
        course.audience = Audience.DEPARTMENTS
        course.save_revision().publish()
    course.departments.add(org["department"])
    assert found("机密婚丧喜庆") == []
    assert found("婚丧喜庆事宜规范") == []  # the course itself: logged-in users only
    client.force_login(org["staff"])
    assert "婚丧喜庆事宜规范" in found("婚丧喜庆事宜规范")
    assert lesson.title not in found("机密婚丧喜庆")


def _question(kind, choices):
    block = QuestionBlock()
    return block.to_python(
        {
            "kind": kind,
            "prompt": "题目",
            "choices": [{"text": t, "correct": c} for t, c in choices],
            "statement_true": False,
            "explanation": "",
        }
    )


@pytest.mark.parametrize(
    "kind,choices,message",
    [
        ("single", [("甲", True)], "至少"),
        ("single", [("甲", True), ("乙", True)], "只能有一个"),
        ("single", [("甲", False), ("乙", False)], "只能有一个"),
        ("multiple", [("甲", False), ("乙", False)], "至少"),
    ],
)
def test_questions_nobody_could_answer_are_refused(kind, choices, message):
    with pytest.raises(StructBlockValidationError) as error:
        QuestionBlock().clean(_question(kind, choices))
    assert message in " ".join(error.value.block_errors["choices"].messages)


def test_good_questions_pass_and_true_false_needs_no_answers():
    QuestionBlock().clean(_question("single", [("甲", True), ("乙", False)]))
    QuestionBlock().clean(_question("multiple", [("甲", True), ("乙", True), ("丙", False)]))
    QuestionBlock().clean(_question("true_false", []))


def test_a_quiz_of_unfinished_questions_is_no_quiz(school):
    unfinished = {
        "type": "question",
        "id": "u1",
        "value": {
            "kind": "single",
            "prompt": "没有正确答案的题",
            "choices": [{"text": "甲", "correct": False}, {"text": "乙", "correct": False}],
            "statement_true": False,
            "explanation": "",
        },
    }
    course = CoursePageFactory(parent=school, quiz=[unfinished])
    assert not course.has_quiz  # the course can still be completed by studying its lessons
    course.quiz = [
        unfinished,
        {**unfinished, "id": "u2", "value": {**unfinished["value"], "kind": "true_false"}},
    ]
    course.save()
    assert course.has_quiz


def _course_form_data(**extra):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = {
        "title": "新课程",
        "slug": "new-course",
        "summary": "",
        "audience": Audience.EVERYONE,
        "quiz_pass_mark": 60,
        "quiz_max_attempts": 3,
        "quiz": streamfield([]),
        "tags": "",
    }
    data.update(extra)
    return nested_form_data(data)


def test_the_editor_refuses_a_closed_course_without_departments_or_posts(
    client, admin_user, org, school
):
    client.force_login(admin_user)
    url = f"/admin/pages/add/learning/coursepage/{school.pk}/"
    response = client.post(url, _course_form_data(audience=Audience.DEPARTMENTS))
    assert response.status_code == 200
    assert "请选择本课程面向的部门或岗位" in response.content.decode()
    data = _course_form_data(audience=Audience.DEPARTMENTS)
    data["departments"] = [str(org["department"].pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    from learning.school import CoursePage

    course = CoursePage.objects.get(slug="new-course")
    assert list(course.departments.all()) == [org["department"]]


def test_a_moved_lesson_takes_its_progress_to_the_new_course(org, school):
    from learning.school import LessonProgress
    from learning.school_progress import course_progress, record_lesson_view

    first = CoursePageFactory(parent=school)
    second = CoursePageFactory(parent=school)
    lesson = LessonPageFactory(parent=first)
    LessonPageFactory(parent=second)
    record_lesson_view(user=org["staff"], lesson=lesson)
    lesson.move(second, pos="last-child")
    assert LessonProgress.objects.get(lesson=lesson).course_id == second.pk
    second.refresh_from_db()
    lessons = list(second.lessons())
    assert course_progress(user=org["staff"], course=second, lessons=lessons).studied == 1
