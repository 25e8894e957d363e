"""The online school: course and lesson pages, and staff progress."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from learning.school import Audience, CoursePage, LessonPage, LessonProgress
from learning.school_progress import (
    completed_courses,
    course_progress,
    record_lesson_view,
    record_video_progress,
)
from portal.models import SchoolIndexPage
from tests.factories import (
    CoursePageFactory,
    DocumentFactory,
    LessonPageFactory,
    SchoolIndexPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page)


@pytest.fixture
def course(school):
    return CoursePageFactory(parent=school, tags=["警示教育"], required=True)


@pytest.fixture
def lessons(course):
    text = LessonPageFactory(parent=course, title="第一课 纪律规矩")
    video = LessonPageFactory(
        parent=course, title="第二课 警示片", video_file=DocumentFactory(title="警示片")
    )
    return [text, video]


@pytest.fixture
def staff():
    return UserFactory(username="school-staff")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def beacon(client, lesson, payload, content_type="application/json"):
    body = json.dumps(payload) if content_type == "application/json" else payload
    return client.post(lesson.url + "progress/", body, content_type=content_type)


# --- page rules ------------------------------------------------------------------------------


def test_page_tree_rules():
    assert "learning.CoursePage" in SchoolIndexPage.subpage_types
    assert CoursePage.parent_page_types == ["portal.SchoolIndexPage"]
    assert CoursePage.subpage_types == ["learning.LessonPage"]
    assert LessonPage.parent_page_types == ["learning.CoursePage"]
    assert LessonPage.subpage_types == []
    assert LessonPage.can_create_at(CoursePage()) is True
    assert CoursePage.can_create_at(SchoolIndexPage()) is True
    assert LessonPage.can_create_at(SchoolIndexPage()) is False


def test_course_audience_fields(course):
    from tests.factories import DepartmentFactory, PostFactory

    department = DepartmentFactory()
    post = PostFactory()
    course.audience = Audience.DEPARTMENTS
    course.departments.set([department])
    course.posts.set([post])
    course.save_revision().publish()
    course.refresh_from_db()
    assert list(course.departments.all()) == [department]
    assert list(course.posts.all()) == [post]
    assert course.is_open is False


# --- rendering -------------------------------------------------------------------------------


def test_school_index_lists_courses(client, school, course, lessons):
    CoursePageFactory(parent=school, title="草稿课程", live=False)
    response = client.get(school.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert course.title in content
    assert "草稿课程" not in content


def test_school_index_query_count_constant(client, school, django_assert_max_num_queries):
    from tests.factories import ImageFactory

    for _ in range(3):
        CoursePageFactory(parent=school, cover_image=ImageFactory())
    client.get(school.url)  # renditions are created on the first render
    cache.clear()  # anonymous pages are cached whole
    with django_assert_max_num_queries(16) as few:
        client.get(school.url)
    baseline = len(few)
    for _ in range(6):
        CoursePageFactory(parent=school, cover_image=ImageFactory())
    client.get(school.url)
    cache.clear()
    with django_assert_max_num_queries(baseline):
        response = client.get(school.url)
    assert response.status_code == 200


def test_public_reads_open_course_and_lesson_without_tracking(client, course, lessons):
    response = client.get(course.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert lessons[0].title in content and lessons[1].title in content
    assert "警示教育" in content
    assert "My progress" not in content and "我的学习进度" not in content
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    assert "廉洁从政" in response.content.decode()
    assert "data-progress-url" not in client.get(lessons[1].url).content.decode()
    assert LessonProgress.objects.count() == 0


def test_anonymous_beacon_is_refused_and_not_stored(client, lessons):
    response = beacon(client, lessons[1], {"fraction": 1})
    assert response.status_code == 403
    assert LessonProgress.objects.count() == 0


def test_restricted_course_requires_login(client, staff, course, lessons):
    from tests.factories import PostAssignmentFactory, PostFactory

    post = PostFactory()
    course.audience = Audience.POSTS
    course.posts.set([post])
    course.save_revision().publish()
    for url in (course.url, lessons[0].url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    login(client, staff)
    assert client.get(course.url).status_code == 403  # not holding the post
    PostAssignmentFactory(user=staff, post=post)
    staff.refresh_from_db()
    assert client.get(course.url).status_code == 200


def test_lesson_renders_video_attachments_and_navigation(client, course, lessons):
    document = DocumentFactory(title="学习材料")
    lesson = lessons[0]
    lesson.video_file = DocumentFactory(title="视频")
    lesson.attachments = [("document", {"document": document, "label": ""})]
    lesson.save_revision().publish()
    content = client.get(lesson.url).content.decode()
    assert "<video" in content
    assert "学习材料" in content
    assert lessons[1].url in content  # next lesson link
    assert course.url in content


# --- progress --------------------------------------------------------------------------------


def test_text_lesson_studied_when_shown(client, staff, course, lessons):
    login(client, staff)
    assert client.get(lessons[0].url).status_code == 200
    progress = LessonProgress.objects.get(user=staff, lesson=lessons[0])
    assert progress.text_shown_at is not None
    assert progress.studied_at is not None
    assert progress.course_id == course.pk


def test_video_lesson_needs_ninety_percent(client, staff, course, lessons):
    login(client, staff)
    video = lessons[1]
    content = client.get(video.url).content.decode()
    assert "data-progress-url" in content
    progress = LessonProgress.objects.get(user=staff, lesson=video)
    assert progress.studied_at is None
    response = beacon(client, video, {"fraction": 0.5})
    assert response.status_code == 200 and response.json() == {"studied": False}
    response = beacon(client, video, {"fraction": 0.89})
    assert response.json() == {"studied": False}
    response = beacon(client, video, {"fraction": 0.9})
    assert response.json() == {"studied": True}
    # A lower later report never lowers the record.
    beacon(client, video, {"fraction": 0.1})
    progress.refresh_from_db()
    assert progress.video_fraction == pytest.approx(0.9)
    assert progress.studied_at is not None


def test_video_watched_but_text_never_shown_is_not_studied(staff, lessons):
    progress = record_video_progress(user=staff, lesson=lessons[1], fraction=1.0)
    assert progress.studied_at is None
    progress = record_lesson_view(user=staff, lesson=lessons[1])
    assert progress.studied_at is not None


def test_course_complete_and_resume(client, staff, course, lessons):
    login(client, staff)
    content = client.get(course.url).content.decode()
    assert "Start the course" in content or "开始学习" in content
    client.get(lessons[0].url)
    client.get(lessons[1].url)
    progress = course_progress(user=staff, course=course, lessons=list(course.lessons()))
    assert progress.tracked and progress.studied == 1 and not progress.complete
    assert progress.resume_lesson.pk == lessons[1].pk  # last visited, unfinished
    content = client.get(course.url).content.decode()
    assert lessons[1].url in content
    assert completed_courses(user=staff) == set()
    beacon(client, lessons[1], {"fraction": 0.95})
    progress = course_progress(user=staff, course=course, lessons=list(course.lessons()))
    assert progress.complete and progress.resume_lesson is None
    assert completed_courses(user=staff) == {course.pk}


def test_new_lesson_keeps_the_completion_but_shows_the_new_lesson(staff, course, lessons):
    record_lesson_view(user=staff, lesson=lessons[0])
    record_lesson_view(user=staff, lesson=lessons[1])
    record_video_progress(user=staff, lesson=lessons[1], fraction=1)
    assert completed_courses(user=staff) == {course.pk}
    new = LessonPageFactory(parent=course)
    # A completion, once written, stays (the certificate was issued) ...
    assert completed_courses(user=staff) == {course.pk}
    # ... and the progress shows the new lesson to study.
    progress = course_progress(user=staff, course=course, lessons=list(course.lessons()))
    assert progress.studied == 2 and progress.total == 3
    assert progress.resume_lesson.pk == new.pk


def test_staff_see_only_their_own_progress(client, staff, course, lessons):
    other = UserFactory(username="school-other")
    record_lesson_view(user=other, lesson=lessons[0])
    login(client, staff)
    progress = course_progress(user=staff, course=course, lessons=list(course.lessons()))
    assert progress.studied == 0 and not progress.started
    content = client.get(course.url).content.decode()
    assert "0 of 2" in content or "0 / 2" in content or "已学 0" in content
    # The beacon only ever writes the caller's own record.
    beacon(client, lessons[1], {"fraction": 1, "user": other.pk})
    assert LessonProgress.objects.filter(user=other, lesson=lessons[1]).count() == 0
    assert LessonProgress.objects.filter(user=staff, lesson=lessons[1]).count() == 1


def test_anonymous_progress_is_untracked(course, lessons):
    from django.contrib.auth.models import AnonymousUser

    assert record_lesson_view(user=AnonymousUser(), lesson=lessons[0]) is None
    progress = course_progress(user=AnonymousUser(), course=course, lessons=lessons)
    assert progress.tracked is False and progress.complete is False
    assert completed_courses(user=AnonymousUser()) == set()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        {"fraction": "abc"},
        {"fraction": -0.1},
        {"fraction": 1.5},
        {"fraction": "NaN"},
        {"fraction": "1e999"},
        {"fraction": None},
        {"fraction": True},
        {"fraction": [0.9]},
        {},
        [0.9],
        "not json",
        {"fraction": "9" * 5000},
    ],
)
def test_beacon_garbage_is_400(client, staff, lessons, payload):
    login(client, staff)
    if payload == "not json":
        response = client.post(
            lessons[1].url + "progress/", "{not json", content_type="application/json"
        )
    else:
        response = beacon(client, lessons[1], payload)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not LessonProgress.objects.filter(video_fraction__gt=0).exists()


def test_beacon_form_encoded_and_wrong_method(client, staff, lessons):
    login(client, staff)
    url = lessons[1].url + "progress/"
    assert client.post(url, {"fraction": "0.95"}).status_code == 200
    assert client.post(url, {"fraction": "x"}).status_code == 400
    assert client.get(url).status_code == 405
    assert client.post(lessons[0].url + "progress/", {"fraction": "1"}).status_code == 400
    assert client.post(lessons[0].url).status_code == 405


def test_beacon_needs_csrf(staff, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = beacon(client, lessons[1], {"fraction": 1})
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


# --- speed -----------------------------------------------------------------------------------


def test_course_page_query_count_constant(
    client, staff, course, lessons, django_assert_max_num_queries
):
    login(client, staff)
    client.get(course.url)
    with django_assert_max_num_queries(30) as few:
        client.get(course.url)
    baseline = len(few)
    for _ in range(8):
        lesson = LessonPageFactory(parent=course)
        record_lesson_view(user=staff, lesson=lesson)
    client.get(course.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(course.url)
    assert response.status_code == 200


# --- search ----------------------------------------------------------------------------------


def _search(client, q):
    response = client.get("/api/search/", {"q": q, "type": "course"})
    assert response.status_code == 200
    return [r["title"] for r in response.json()["results"]]


def test_courses_and_open_lessons_are_searchable(
    client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course = CoursePageFactory(parent=school, title="廉洁从业专题课", summary="礼金礼品")
        LessonPageFactory(
            parent=course, title="收受礼金的危害", body=[("paragraph", "<p>婚丧喜庆</p>")]
        )
        closed = CoursePageFactory(
            parent=school, title="内部岗位课程", audience=Audience.POSTS, summary="礼金"
        )
        LessonPageFactory(
            parent=closed, title="内部课时", body=[("paragraph", "<p>婚丧喜庆内部</p>")]
        )
    assert "廉洁从业专题课" in _search(client, "廉洁从业")
    assert _search(client, "婚丧喜庆") == ["收受礼金的危害"]


def test_demo_courses_are_idempotent(client, school):
    from portal.demo.school import ensure_courses

    created = ensure_courses(school=school)
    assert created == 9
    assert ensure_courses(school=school) == 0
    course = CoursePage.objects.get(slug="dangji-chufen-tiaoli")
    assert client.get(course.url).status_code == 200
    assert course.has_quiz
    client.get(course.url + "quiz/")  # draws the paper
    response = client.post(course.url + "quiz/", {})
    assert response.status_code == 200 and len(response.context["results"]) == 3
    assert client.get(LessonPage.objects.child_of(course).first().url).status_code == 200


def test_embedded_video_lesson_studied_on_view(client, staff, course):
    lesson = LessonPageFactory(parent=course, video_url="https://media.example.com/v/1")
    login(client, staff)
    content = client.get(lesson.url).content.decode()
    assert "data-progress-url" not in content  # an embed cannot report progress
    assert LessonProgress.objects.get(user=staff, lesson=lesson).studied_at is not None
    assert beacon(client, lesson, {"fraction": 1}).status_code == 400


# --- quizzes ---------------------------------------------------------------------------------

QUIZ = [
    {
        "type": "question",
        "id": "q-single",
        "value": {
            "kind": "single",
            "prompt": "党员干部可以收受管理服务对象的礼金吗？",
            "choices": [{"text": "可以", "correct": False}, {"text": "不可以", "correct": True}],
            "statement_true": False,
            "explanation": "违反廉洁纪律。",
        },
    },
    {
        "type": "question",
        "id": "q-multi",
        "value": {
            "kind": "multiple",
            "prompt": "以下哪些属于六大纪律？",
            "choices": [
                {"text": "政治纪律", "correct": True},
                {"text": "廉洁纪律", "correct": True},
                {"text": "考勤纪律", "correct": False},
            ],
            "statement_true": False,
            "explanation": "",
        },
    },
    {
        "type": "question",
        "id": "q-tf",
        "value": {
            "kind": "true_false",
            "prompt": "纪严于法、纪在法前。",
            "choices": [],
            "statement_true": True,
            "explanation": "",
        },
    },
]
ALL_RIGHT = {"q-q-single": "1", "q-q-multi": ["0", "1"], "q-q-tf": "true"}


@pytest.fixture
def quiz_course(course, lessons):
    course.quiz = json.dumps(QUIZ)
    course.quiz_pass_mark = 60
    course.quiz_max_attempts = 2
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def quiz_url(page):
    return page.url + "quiz/"


def take(client, page, data):
    """Open the quiz (a paper is drawn), then submit ``data``."""
    assert client.get(quiz_url(page)).status_code in (200, 409)
    return client.post(quiz_url(page), data)


def test_quiz_renders_without_answers_leaking(client, quiz_course):
    response = client.get(quiz_url(quiz_course))
    assert response.status_code == 200
    content = response.content.decode()
    assert "以下哪些属于六大纪律" in content and 'type="checkbox"' in content
    assert "违反廉洁纪律" not in content  # explanations only after submission


def test_quiz_graded_on_server_with_feedback(client, staff, quiz_course):
    from learning.quiz import QuizAttempt

    login(client, staff)
    response = take(client, quiz_course, {"q-q-single": "0", "q-q-tf": "true"})
    assert response.status_code == 200
    assert response.context["score"] == 33 and response.context["passed"] is False
    assert "违反廉洁纪律" in response.content.decode()
    response = take(client, quiz_course, ALL_RIGHT)
    assert response.context["score"] == 100 and response.context["passed"] is True
    assert QuizAttempt.objects.filter(user=staff).count() == 2
    # Past the limit: refused, nothing stored.
    response = take(client, quiz_course, ALL_RIGHT)
    assert response.status_code == 409
    assert QuizAttempt.objects.filter(user=staff).count() == 2


def test_course_complete_needs_quiz_passed(client, staff, quiz_course, lessons):
    login(client, staff)
    for lesson in lessons:
        client.get(lesson.url)
    beacon(client, lessons[1], {"fraction": 1})
    progress = course_progress(user=staff, course=quiz_course, lessons=lessons)
    assert progress.studied == 2 and not progress.complete
    assert completed_courses(user=staff) == set()
    take(client, quiz_course, ALL_RIGHT)
    progress = course_progress(user=staff, course=quiz_course, lessons=lessons)
    assert progress.complete
    assert completed_courses(user=staff) == {quiz_course.pk}


def test_public_quiz_is_graded_not_stored(client, quiz_course):
    from learning.quiz import QuizAttempt

    for _ in range(3):  # no attempts limit without an account
        response = take(client, quiz_course, ALL_RIGHT)
        assert response.status_code == 200 and response.context["passed"] is True
    assert QuizAttempt.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"q-q-single": ["0", "1"]},  # two answers to a single-choice question
        {"q-q-single": "99", "q-q-tf": "maybe"},
        {"q-q-multi": "x" * 5000},
        {"unknown": "1"},
        {},
    ],
)
def test_quiz_garbage_answers_are_wrong_not_errors(client, staff, quiz_course, data):
    login(client, staff)
    response = take(client, quiz_course, data)
    assert response.status_code == 200
    assert response.context["score"] == 0


def test_page_without_quiz_has_no_quiz_url(client, course):
    assert client.get(quiz_url(course)).status_code == 404


def test_admin_edit_and_add_forms_render(client, school, quiz_course, lessons):
    admin = UserFactory(username="school-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in (
        f"/admin/pages/{quiz_course.pk}/edit/",
        f"/admin/pages/{lessons[0].pk}/edit/",
        f"/admin/pages/add/learning/coursepage/{school.pk}/",
        f"/admin/pages/add/learning/lessonpage/{quiz_course.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_quiz_submit_query_count_constant(
    client, staff, quiz_course, django_assert_max_num_queries
):
    login(client, staff)
    quiz_course.quiz_max_attempts = 0
    quiz_course.save_revision().publish()
    take(client, quiz_course, ALL_RIGHT)
    client.get(quiz_url(quiz_course))
    with django_assert_max_num_queries(40) as few:
        client.post(quiz_url(quiz_course), ALL_RIGHT)
    baseline = len(few)
    more = QUIZ + [
        {**QUIZ[0], "id": f"extra-{i}", "value": {**QUIZ[0]["value"], "prompt": f"题{i}"}}
        for i in range(10)
    ]
    quiz_course.quiz = json.dumps(more)
    quiz_course.save_revision().publish()
    take(client, quiz_course, ALL_RIGHT)
    client.get(quiz_url(quiz_course))
    with django_assert_max_num_queries(baseline):
        response = client.post(quiz_url(quiz_course), ALL_RIGHT)
    assert len(response.context["results"]) == 13
