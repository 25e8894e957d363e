"""The online school's quizzes (question banks, drawn papers, attempts), completion and
certificates, audience enforcement and the school's admin lists."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from learning.quiz import QuestionBank, QuizAnswer, QuizAttempt, QuizPaper
from learning.school import Audience, CourseCompletion, LessonProgress
from learning.school_progress import (
    completed_courses,
    record_completion_if_complete,
    record_lesson_view,
)
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    PostAssignmentFactory,
    SchoolIndexPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("staff", "colleague", "outsider", "head", "inspector", "editor", "admin")


# --- helpers ---------------------------------------------------------------------------------


def question(block_id, prompt, *, kind="single", right=1, explanation=""):
    """A question block in raw StreamField form; for choice questions answer ``right`` is the
    correct one of three."""
    value = {
        "kind": kind,
        "prompt": prompt,
        "choices": [],
        "statement_true": right == "true",
        "explanation": explanation,
    }
    if kind != "true_false":
        value["choices"] = [{"text": f"{prompt}-答案{i}", "correct": i == right} for i in range(3)]
    return {"type": "question", "id": block_id, "value": value}


def bank_draw(bank, count, block_id="draw-1"):
    return {"type": "bank_draw", "id": block_id, "value": {"bank": bank.pk, "count": count}}


def make_bank(n, *, title="廉洁纪律题库", prefix="b"):
    return QuestionBank.objects.create(
        title=title,
        questions=json.dumps([question(f"{prefix}{i}", f"题库题{prefix}{i}") for i in range(n)]),
    )


def set_quiz(page, blocks, **options):
    page.quiz = json.dumps(blocks)
    for name, value in options.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def quiz_url(page):
    return page.url + "quiz/"


def paper_keys(user, page) -> list[str]:
    return QuizPaper.objects.get(user=user, page=page).question_keys


def shown_keys(response) -> list[str]:
    return [q.key for q in response.context["questions"]]


def right_answers(response) -> dict[str, list[str]]:
    """Correct answers to the paper shown in ``response`` (read from the questions' data the
    server keeps, as a perfect student would answer)."""
    return {q.field_name: sorted(q.correct) for q in response.context["questions"]}


def login(client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page)


@pytest.fixture
def users(org):
    admin = UserFactory(username="school-admin", is_superuser=True, is_staff=True)
    return {**{role: org[role] for role in ROLES if role != "admin"}, "admin": admin}


@pytest.fixture
def bank():
    return make_bank(30)


@pytest.fixture
def course(school):
    return CoursePageFactory(parent=school, title="纪律处分条例课程")


@pytest.fixture
def drawn_course(course, bank):
    """A course quiz of two fixed questions and ten drawn from a bank of thirty."""
    return set_quiz(
        course,
        [question("fixed-1", "固定题一"), bank_draw(bank, 10), question("fixed-2", "固定题二")],
        quiz_max_attempts=3,
        quiz_pass_mark=60,
    )


# --- papers ----------------------------------------------------------------------------------


def test_each_staff_member_gets_a_drawn_paper_that_survives_reloads(client, users, drawn_course):
    papers = []
    for role in ("staff", "colleague", "outsider", "head"):
        login(client, users[role])
        first = client.get(quiz_url(drawn_course))
        assert first.status_code == 200
        keys = shown_keys(first)
        assert len(keys) == 12
        assert "fixed-1" in keys and "fixed-2" in keys
        assert sum(key.startswith("bank:") for key in keys) == 10
        assert keys == paper_keys(users[role], drawn_course)
        again = client.get(quiz_url(drawn_course))
        assert shown_keys(again) == keys  # the same paper on reload
        papers.append(tuple(sorted(keys)))
    assert len(set(papers)) > 1  # 30 choose 10 draws: four identical papers do not happen
    assert QuizPaper.objects.count() == 4


def test_fixed_order_without_shuffle_and_stable_shuffle_with_it(client, users, course, bank):
    set_quiz(course, [question(f"f{i}", f"固定题{i}") for i in range(8)])
    login(client, users["staff"])
    assert shown_keys(client.get(quiz_url(course))) == [f"f{i}" for i in range(8)]
    QuizPaper.objects.all().delete()
    set_quiz(course, [question(f"f{i}", f"固定题{i}") for i in range(8)], quiz_shuffle=True)
    first = client.get(quiz_url(course))
    options = [q.options for q in first.context["questions"]]
    again = client.get(quiz_url(course))
    assert shown_keys(again) == shown_keys(first)
    assert [q.options for q in again.context["questions"]] == options
    # Shuffled questions and answers: with 8 questions of 3 answers, some order moved.
    assert shown_keys(first) != [f"f{i}" for i in range(8)] or any(
        [value for value, _label in opts] != ["0", "1", "2"] for opts in options
    )


def test_draw_takes_what_exists_when_the_bank_is_short(client, users, course):
    small = make_bank(2, title="小题库")
    set_quiz(course, [bank_draw(small, 5)])
    login(client, users["staff"])
    response = client.get(quiz_url(course))
    assert len(shown_keys(response)) == 2
    assert set(shown_keys(response)) == {f"bank:{small.pk}:b0", f"bank:{small.pk}:b1"}


def test_two_draws_from_one_bank_never_repeat_a_question(client, users, course):
    small = make_bank(4, title="四题题库")
    set_quiz(course, [bank_draw(small, 3, "d1"), bank_draw(small, 3, "d2")])
    login(client, users["staff"])
    keys = shown_keys(client.get(quiz_url(course)))
    assert len(keys) == len(set(keys)) == 4


def test_answers_are_not_in_the_page_before_submission(client, users, course, bank):
    set_quiz(course, [question("fixed-1", "固定题一", explanation="解析内容"), bank_draw(bank, 2)])
    login(client, users["staff"])
    content = client.get(quiz_url(course)).content.decode()
    assert 'name="q-fixed-1"' in content and 'name="q-bank:' in content
    assert "解析内容" not in content
    assert "quiz-feedback" not in content and "correct" not in content.lower()


# --- grading ---------------------------------------------------------------------------------


def test_grading_uses_the_stored_paper_and_ignores_forged_questions(
    client, users, drawn_course, bank
):
    staff = users["staff"]
    login(client, staff)
    opened = client.get(quiz_url(drawn_course))
    keys = shown_keys(opened)
    answers = right_answers(opened)
    not_drawn = next(
        f"bank:{bank.pk}:b{i}" for i in range(30) if f"bank:{bank.pk}:b{i}" not in keys
    )
    forged = {
        **answers,
        f"q-{not_drawn}": "1",  # a question that is not on the paper
        "q-fixed-9": "1",  # a question that does not exist
        f"q-bank:{bank.pk}:zzz": "1",
        "q-bank:999999:b1": "1",
    }
    response = client.post(quiz_url(drawn_course), forged)
    assert response.status_code == 200
    assert response.context["score"] == 100
    attempt = QuizAttempt.objects.get(user=staff)
    assert attempt.question_count == 12 and attempt.correct_count == 12
    assert attempt.passed and attempt.score == 100
    assert set(attempt.answers) == set(keys)
    assert sorted(
        QuizAnswer.objects.filter(attempt=attempt).values_list("question_key", flat=True)
    ) == sorted(keys)
    assert not QuizPaper.objects.filter(user=staff).exists()  # used up: next time a new draw


def test_forged_answer_values_count_as_wrong(client, users, course):
    set_quiz(
        course,
        [question("a", "单选题", right=2), question("b", "多选题", kind="multiple", right=0)],
    )
    login(client, users["staff"])
    client.get(quiz_url(course))
    response = client.post(quiz_url(course), {"q-a": ["2", "0"], "q-b": ["0", "<script>", "7"]})
    assert response.status_code == 200
    results = {r.key: r for r in response.context["results"]}
    assert results["a"].is_correct is False  # two answers to a single-choice question
    assert results["b"].chosen == {"0"} and results["b"].is_correct is True
    assert response.context["score"] == 50


def test_answer_rows_and_feedback(client, users, course):
    set_quiz(
        course,
        [
            question("q1", "可以收受礼金吗？", right=1, explanation="违反廉洁纪律。"),
            question("q2", "纪严于法。", kind="true_false", right="true", explanation="纪在法前"),
        ],
    )
    staff = users["staff"]
    login(client, staff)
    client.get(quiz_url(course))
    response = client.post(quiz_url(course), {"q-q1": "0", "q-q2": "true"})
    content = response.content.decode()
    assert "违反廉洁纪律。" in content and "纪在法前" in content
    assert "可以收受礼金吗？-答案1" in content  # the correct answer is shown
    assert response.context["score"] == 50 and response.context["passed"] is False
    attempt = QuizAttempt.objects.get(user=staff)
    assert attempt.answers == {"q1": ["0"], "q2": ["true"]}
    rows = {row.question_key: row for row in QuizAnswer.objects.filter(attempt=attempt)}
    assert set(rows) == {"q1", "q2"}
    assert rows["q1"].prompt == "可以收受礼金吗？" and rows["q1"].chosen == ["0"]
    assert rows["q1"].is_correct is False and rows["q2"].is_correct is True
    assert rows["q1"].page_id == course.pk


def test_a_bank_question_deleted_after_the_draw_is_skipped(client, users, course):
    small = make_bank(3, title="将被修改的题库")
    set_quiz(course, [question("own", "自有题"), bank_draw(small, 3)])
    staff = users["staff"]
    login(client, staff)
    opened = client.get(quiz_url(course))
    answers = right_answers(opened)
    small.questions = json.dumps([question("b0", "题库题b0"), question("b2", "题库题b2")])
    small.save()
    response = client.post(quiz_url(course), answers)
    assert response.status_code == 200
    attempt = QuizAttempt.objects.get(user=staff)
    assert attempt.question_count == 3 and attempt.score == 100
    assert f"bank:{small.pk}:b1" not in attempt.answers
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 3


def test_a_deleted_bank_makes_the_paper_expire_not_crash(client, users, course):
    small = make_bank(3, title="将被删除的题库")
    set_quiz(course, [bank_draw(small, 3)])
    login(client, users["staff"])
    opened = client.get(quiz_url(course))
    answers = right_answers(opened)
    small.delete()
    response = client.post(quiz_url(course), answers)
    assert response.status_code == 200
    assert response.context["paper_missing"] is True
    assert QuizAttempt.objects.count() == 0


def test_missing_paper_gives_a_message_and_a_fresh_paper(client, users, drawn_course):
    staff = users["staff"]
    login(client, staff)
    response = client.post(quiz_url(drawn_course), {"q-fixed-1": "1"})
    assert response.status_code == 200
    assert response.context["paper_missing"] is True
    assert "expired" in response.content.decode() or "已失效" in response.content.decode()
    assert len(shown_keys(response)) == 12  # a fresh paper to answer
    assert QuizAttempt.objects.count() == 0
    assert QuizPaper.objects.filter(user=staff).count() == 1
    # Submitting twice (a double click): the second one finds no paper, nothing stored twice.
    answers = right_answers(response)
    assert client.post(quiz_url(drawn_course), answers).context["score"] == 100
    again = client.post(quiz_url(drawn_course), answers)
    assert again.status_code == 200 and again.context["paper_missing"] is True
    assert QuizAttempt.objects.filter(user=staff).count() == 1


def test_attempts_limit_gives_409(client, users, course):
    set_quiz(course, [question("q1", "题一")], quiz_max_attempts=2)
    staff = users["staff"]
    login(client, staff)
    for _ in range(2):
        client.get(quiz_url(course))
        assert client.post(quiz_url(course), {"q-q1": "0"}).status_code == 200
    page = client.get(quiz_url(course))
    assert page.status_code == 200 and page.context["exhausted"] is True
    assert "questions" not in page.context  # no paper drawn past the limit
    # A paper kept from before (another tab) cannot be submitted either.
    QuizPaper.objects.create(user=staff, page=course, question_keys=["q1"])
    response = client.post(quiz_url(course), {"q-q1": "1"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "used all your attempts" in content or "已用完" in content
    assert QuizAttempt.objects.filter(user=staff).count() == 2
    assert QuizAnswer.objects.filter(attempt__user=staff).count() == 2


def test_unlimited_attempts(client, users, course):
    set_quiz(course, [question("q1", "题一")], quiz_max_attempts=0)
    login(client, users["staff"])
    for _ in range(4):
        client.get(quiz_url(course))
        assert client.post(quiz_url(course), {"q-q1": "0"}).status_code == 200
    assert QuizAttempt.objects.count() == 4


def test_public_quiz_is_graded_and_stores_nothing(client, drawn_course):
    opened = client.get(quiz_url(drawn_course))
    assert opened.status_code == 200
    keys = shown_keys(opened)
    assert len(keys) == 12
    assert shown_keys(client.get(quiz_url(drawn_course))) == keys  # kept in the session
    response = client.post(quiz_url(drawn_course), right_answers(opened))
    assert response.status_code == 200
    assert response.context["score"] == 100 and response.context["passed"] is True
    assert "您尚未登录" in response.content.decode() or "not signed in" in response.content.decode()
    assert QuizAttempt.objects.count() == 0
    assert QuizAnswer.objects.count() == 0
    assert QuizPaper.objects.count() == 0
    assert CourseCompletion.objects.count() == 0
    # The paper was used: posting again gets a fresh one, not a second grading.
    again = client.post(quiz_url(drawn_course), right_answers(opened))
    assert again.context["paper_missing"] is True


def test_public_cannot_take_a_staff_course_quiz(client, org, course):
    set_quiz(course, [question("q1", "题一")])
    course.audience = Audience.DEPARTMENTS
    course.departments.set([org["department"]])
    course.save_revision().publish()
    response = client.get(quiz_url(course))
    assert response.status_code == 302 and "login" in response["Location"]


def test_quiz_rejects_other_methods(client, users, course):
    set_quiz(course, [question("q1", "题一")])
    login(client, users["staff"])
    assert client.put(quiz_url(course)).status_code == 405


# --- lessons, completion ---------------------------------------------------------------------


@pytest.fixture
def two_lessons(course):
    first = LessonPageFactory(parent=course, title="第一课")
    second = LessonPageFactory(parent=course, title="第二课")
    set_quiz(second, [question("l1", "课时题")], quiz_max_attempts=0)
    return first, second


def test_lesson_quiz_gates_the_lesson_and_the_course(client, users, course, two_lessons):
    first, second = two_lessons
    staff = users["staff"]
    login(client, staff)
    client.get(first.url)
    lesson_page = client.get(second.url).content.decode()
    assert "Pass this quiz" in lesson_page or "通过本课时测验" in lesson_page
    progress = LessonProgress.objects.get(user=staff, lesson=second)
    assert progress.text_shown_at is not None and progress.studied_at is None
    assert completed_courses(user=staff) == set()
    client.get(quiz_url(second))
    failed = client.post(quiz_url(second), {"q-l1": "0"})
    assert failed.context["passed"] is False
    progress.refresh_from_db()
    assert progress.studied_at is None
    client.get(quiz_url(second))
    passed = client.post(quiz_url(second), {"q-l1": "1"})
    assert passed.context["passed"] is True
    progress.refresh_from_db()
    assert progress.studied_at is not None
    completion = CourseCompletion.objects.get(user=staff, course=course)
    assert passed.context["completion"] == completion
    assert course.url + "certificate/" in passed.content.decode()
    assert completion.score is None  # no course quiz
    assert completion.department == users["staff"].staff_profile.department
    assert re.fullmatch(r"LZ-\d{4}-\d{6}", completion.certificate_number)
    assert completion.certificate_number.endswith(f"{completion.pk:06d}")


def test_lesson_quiz_passed_before_the_lesson_was_read(client, users, course, two_lessons):
    first, second = two_lessons
    staff = users["staff"]
    login(client, staff)
    client.get(quiz_url(second))
    client.post(quiz_url(second), {"q-l1": "1"})
    assert not LessonProgress.objects.filter(user=staff, lesson=second).exists()
    client.get(first.url)
    client.get(second.url)
    assert LessonProgress.objects.get(user=staff, lesson=second).studied_at is not None
    assert completed_courses(user=staff) == {course.pk}


def test_course_quiz_completes_the_course_once_with_the_best_score(
    client, users, course, two_lessons
):
    set_quiz(
        course,
        [question("c1", "课程题一"), question("c2", "课程题二")],
        quiz_max_attempts=0,
        quiz_pass_mark=50,
    )
    first, second = two_lessons
    staff = users["staff"]
    login(client, staff)
    for lesson in (first, second):
        client.get(lesson.url)
    client.get(quiz_url(second))
    client.post(quiz_url(second), {"q-l1": "1"})
    assert completed_courses(user=staff) == set()  # the course quiz is still to pass
    client.get(quiz_url(course))
    client.post(quiz_url(course), {"q-c1": "1", "q-c2": "0"})  # 50: passed
    completion = CourseCompletion.objects.get(user=staff, course=course)
    assert completion.score == 50
    client.get(quiz_url(course))
    client.post(quiz_url(course), {"q-c1": "1", "q-c2": "1"})  # 100, but written once
    assert CourseCompletion.objects.filter(user=staff).count() == 1
    completion.refresh_from_db()
    assert completion.score == 50
    assert record_completion_if_complete(user=staff, course=course) == completion
    page = client.get(course.url).content.decode()
    assert course.url + "certificate/" in page and completion.certificate_number not in page


def test_record_completion_service(users, course, two_lessons):
    first, second = two_lessons
    staff = users["colleague"]
    assert record_completion_if_complete(user=AnonymousUser(), course=course) is None
    assert record_completion_if_complete(user=staff, course=course) is None
    record_lesson_view(user=staff, lesson=first)
    assert record_completion_if_complete(user=staff, course=course) is None
    assert CourseCompletion.objects.count() == 0
    empty = CoursePageFactory(parent=course.get_parent())
    assert record_completion_if_complete(user=staff, course=empty) is None  # nothing to do
    other = UserFactory(username="no-profile")
    QuizAttempt.objects.create(user=other, page=second, score=100, passed=True)
    record_lesson_view(user=other, lesson=first)
    record_lesson_view(user=other, lesson=second)  # the lesson quiz was passed: complete
    completion = CourseCompletion.objects.get(user=other)
    assert completion.department is None and completion.score is None
    assert record_completion_if_complete(user=other, course=course) == completion
    numbers = set(CourseCompletion.objects.values_list("certificate_number", flat=True))
    assert len(numbers) == CourseCompletion.objects.count()


def test_course_page_shows_lesson_quiz_status_and_resume(client, users, course, two_lessons):
    first, second = two_lessons
    staff = users["staff"]
    login(client, staff)
    client.get(first.url)
    content = client.get(course.url).content.decode()
    assert "1 of 2" in content or "已学 1 / 2" in content
    assert "Quiz to take" in content or "待测验" in content
    assert second.url in content  # resume at the next lesson
    client.get(quiz_url(second))
    client.post(quiz_url(second), {"q-l1": "0"})
    content = client.get(course.url).content.decode()
    assert "Quiz not passed yet" in content or "测验未通过" in content


# --- certificate -----------------------------------------------------------------------------


@pytest.fixture
def completed(client, users, course, two_lessons):
    first, second = two_lessons
    staff = users["staff"]
    record_lesson_view(user=staff, lesson=first)
    record_lesson_view(user=staff, lesson=second)
    QuizAttempt.objects.create(user=staff, page=second, score=100, passed=True)
    from learning.school_progress import record_quiz_passed

    completion = record_quiz_passed(user=staff, page=second)
    assert completion is not None
    return completion


def test_certificate_for_its_owner(client, users, course, completed):
    login(client, users["staff"])
    response = client.get(course.url + "certificate/")
    assert response.status_code == 200
    content = response.content.decode()
    assert course.title in content
    assert completed.certificate_number in content
    assert "王" in content  # the holder's name
    assert "@page" not in content  # print rules live in the stylesheet
    assert "certificate.css" in content and "data-print" in content
    assert "廉政教育与风险预警平台" in content  # the site name


@pytest.mark.parametrize("role", ["colleague", "outsider", "head", "inspector", "editor", "admin"])
def test_certificate_is_404_for_everyone_else(client, users, course, completed, role):
    login(client, users[role])
    assert client.get(course.url + "certificate/").status_code == 404


def test_certificate_anonymous_goes_to_login(client, course, completed):
    response = client.get(course.url + "certificate/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_certificate_before_completion_is_404(client, users, course, two_lessons):
    login(client, users["staff"])
    assert client.get(course.url + "certificate/").status_code == 404


def test_certificate_stays_with_its_owner_after_leaving_the_audience(
    client, org, users, course, completed
):
    course.audience = Audience.DEPARTMENTS
    course.departments.set([org["other"]])
    course.save_revision().publish()
    login(client, users["staff"])
    assert client.get(course.url).status_code == 403
    assert client.get(course.url + "certificate/").status_code == 200


# --- audience --------------------------------------------------------------------------------


DEPARTMENT_AUDIENCE = {
    "staff": 200,
    "colleague": 200,  # sub-department
    "outsider": 403,
    "head": 200,
    "inspector": 200,
    "editor": 200,
    "admin": 200,
}
POST_AUDIENCE = {
    "staff": 200,
    "colleague": 403,
    "outsider": 403,
    "head": 403,  # heads the department, but does not hold the post
    "inspector": 200,
    "editor": 200,
    "admin": 200,
}


@pytest.fixture
def closed_course(course, two_lessons):
    set_quiz(course, [question("c1", "课程题")])
    return course


@pytest.mark.parametrize("role", ROLES)
def test_department_audience(client, org, users, closed_course, two_lessons, role):
    closed_course.audience = Audience.DEPARTMENTS
    closed_course.departments.set([org["department"]])
    closed_course.save_revision().publish()
    login(client, users[role])
    expected = DEPARTMENT_AUDIENCE[role]
    for url in (closed_course.url, two_lessons[1].url, quiz_url(closed_course)):
        response = client.get(url)
        assert response.status_code == expected, (role, url)
    response = client.post(quiz_url(closed_course), {"q-c1": "1"})
    assert response.status_code == (expected if expected == 403 else 200)
    if expected == 403:
        content = response.content.decode()
        assert "不对您开放" in content or "not open to you" in content
        assert response.templates[0].name == "learning/course_forbidden.html"
        assert client.get(closed_course.url + "certificate/").status_code == 403
        assert QuizAttempt.objects.count() == 0 and LessonProgress.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_post_audience(client, org, users, closed_course, two_lessons, role):
    closed_course.audience = Audience.POSTS
    closed_course.posts.set([org["post"]])
    closed_course.save_revision().publish()
    login(client, users[role])
    for url in (closed_course.url, two_lessons[0].url, quiz_url(closed_course)):
        assert client.get(url).status_code == POST_AUDIENCE[role], (role, url)


def test_post_audience_follows_current_assignments(client, org, users, closed_course):
    import datetime as dt

    closed_course.audience = Audience.POSTS
    closed_course.posts.set([org["post"]])
    closed_course.save_revision().publish()
    colleague = users["colleague"]
    login(client, colleague)
    assignment = PostAssignmentFactory(user=colleague, post=org["post"])
    assert client.get(closed_course.url).status_code == 200
    assignment.start_date = dt.date(2020, 1, 1)
    assignment.end_date = dt.date(2020, 12, 31)
    assignment.save()
    assert client.get(closed_course.url).status_code == 403


def test_anonymous_on_a_closed_course_goes_to_login(client, org, closed_course, two_lessons):
    closed_course.audience = Audience.DEPARTMENTS
    closed_course.departments.set([org["department"]])
    closed_course.save_revision().publish()
    for url in (closed_course.url, two_lessons[0].url, quiz_url(closed_course)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_beacon_outside_the_audience_is_refused(client, org, users, closed_course, two_lessons):
    closed_course.audience = Audience.DEPARTMENTS
    closed_course.departments.set([org["department"]])
    closed_course.save_revision().publish()
    login(client, users["outsider"])
    response = client.post(
        two_lessons[0].url + "progress/", {"fraction": "1"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def _index_titles(response) -> set[str]:
    return {course.title for course in response.context["courses"]}


def test_school_index_lists_only_courses_the_viewer_can_open(client, org, users, school):
    CoursePageFactory(parent=school, title="公开课")
    department_course = CoursePageFactory(
        parent=school, title="财政局课", audience=Audience.DEPARTMENTS
    )
    department_course.departments.set([org["department"]])
    department_course.save_revision().publish()
    post_course = CoursePageFactory(parent=school, title="财务岗课", audience=Audience.POSTS)
    post_course.posts.set([org["post"]])
    post_course.save_revision().publish()
    assert _index_titles(client.get(school.url)) == {"公开课"}
    expected = {
        "staff": {"公开课", "财政局课", "财务岗课"},
        "colleague": {"公开课", "财政局课"},
        "outsider": {"公开课"},
        "head": {"公开课", "财政局课"},
        "inspector": {"公开课", "财政局课", "财务岗课"},
        "editor": {"公开课", "财政局课", "财务岗课"},
        "admin": {"公开课", "财政局课", "财务岗课"},
    }
    for role, titles in expected.items():
        login(client, users[role])
        response = client.get(school.url)
        assert response.status_code == 200
        assert _index_titles(response) == titles, role
        content = response.content.decode()
        assert ("财务岗课" in content) == ("财务岗课" in titles)


def test_school_index_query_count_constant_for_staff(
    client, org, users, school, django_assert_max_num_queries
):
    def add_courses(n):
        for i in range(n):
            course = CoursePageFactory(parent=school, audience=Audience.DEPARTMENTS)
            course.departments.set([org["department"] if i % 2 else org["other"]])
            course.save_revision().publish()
            post_course = CoursePageFactory(parent=school, audience=Audience.POSTS)
            post_course.posts.set([org["post"]])
            post_course.save_revision().publish()

    add_courses(1)
    login(client, users["colleague"])
    client.get(school.url)
    with django_assert_max_num_queries(30) as few:
        client.get(school.url)
    baseline = len(few)
    add_courses(6)
    client.get(school.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(school.url)
    assert len(response.context["courses"]) == 3


# --- speed -----------------------------------------------------------------------------------


def test_course_page_query_count_constant_with_lesson_quizzes(
    client, users, course, django_assert_max_num_queries
):
    set_quiz(course, [question("c1", "课程题")])
    staff = users["staff"]

    def add_lessons(n):
        for i in range(n):
            lesson = LessonPageFactory(parent=course)
            set_quiz(lesson, [question(f"l{i}", "课时题")])
            record_lesson_view(user=staff, lesson=lesson)

    add_lessons(1)
    login(client, staff)
    client.get(course.url)
    with django_assert_max_num_queries(30) as few:
        client.get(course.url)
    baseline = len(few)
    add_lessons(6)
    client.get(course.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(course.url)
    assert len(response.context["progress"].rows) == 7


def test_quiz_page_query_count_constant(client, users, course, django_assert_max_num_queries):
    staff = users["staff"]
    login(client, staff)
    small = make_bank(3, title="少量题库")
    set_quiz(course, [question("f0", "固定题"), bank_draw(small, 1)])
    client.get(quiz_url(course))  # warm the site, menu and settings caches
    QuizPaper.objects.all().delete()
    with django_assert_max_num_queries(30) as drawing:
        client.get(quiz_url(course))
    drawn_with_one = len(drawing)  # read now: the next request resets the query log
    with django_assert_max_num_queries(30) as reloading:
        client.get(quiz_url(course))
    reloaded_with_one = len(reloading)
    big = make_bank(40, title="大题库", prefix="x")
    set_quiz(
        course,
        [question(f"f{i}", f"固定题{i}") for i in range(10)]
        + [bank_draw(small, 3, "d1"), bank_draw(big, 20, "d2")],
    )
    client.get(quiz_url(course))
    QuizPaper.objects.all().delete()
    with django_assert_max_num_queries(drawn_with_one):
        response = client.get(quiz_url(course))
    assert len(shown_keys(response)) == 33
    with django_assert_max_num_queries(reloaded_with_one):
        client.get(quiz_url(course))


# --- admin -----------------------------------------------------------------------------------

BANKS = "/admin/snippets/learning/questionbank/"
ATTEMPTS = "/admin/snippets/learning/quizattempt/"
COMPLETIONS = "/admin/snippets/learning/coursecompletion/"

ADMIN_ACCESS = {
    # role: (banks, attempts, completions)
    "staff": (False, False, False),
    "head": (False, False, False),
    "editor": (True, False, False),
    "inspector": (True, True, True),
    "admin": (True, True, True),
}


@pytest.fixture
def attempt_rows(users, course, completed):
    for score, passed in ((40, False), (90, True)):
        QuizAttempt.objects.create(user=users["colleague"], page=course, score=score, passed=passed)
    return completed


@pytest.mark.parametrize("role", list(ADMIN_ACCESS))
def test_admin_lists_per_role(client, users, bank, attempt_rows, role):
    login(client, users[role])
    for url, allowed in zip((BANKS, ATTEMPTS, COMPLETIONS), ADMIN_ACCESS[role], strict=True):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, (role, url)
        else:
            assert response.status_code in (302, 403), (role, url)
    if role in ("inspector", "admin"):
        content = client.get(ATTEMPTS).content.decode()
        assert "王" in content  # names, not user ids
        assert attempt_rows.certificate_number in client.get(COMPLETIONS).content.decode()
    if role == "editor":
        menu = client.get("/admin/").content.decode()
        assert "quizattempt" not in menu and "coursecompletion" not in menu


def test_question_bank_list_counts_questions_and_searches(client, users, bank):
    make_bank(2, title="另一个题库", prefix="o")
    login(client, users["editor"])
    response = client.get(BANKS)
    content = response.content.decode()
    assert "廉洁纪律题库" in content and ">30<" in content.replace(" ", "").replace("\n", "")
    response = client.get(BANKS, {"q": "另一个"})
    assert "另一个题库" in response.content.decode()
    assert "廉洁纪律题库" not in response.content.decode()
    assert client.get(BANKS + "add/").status_code == 200


def test_attempts_and_completions_are_read_only_even_for_admins(client, users, attempt_rows):
    attempt = QuizAttempt.objects.first()
    for user in (users["admin"], users["inspector"]):
        login(client, user)
        assert client.get(ATTEMPTS + "add/").status_code in (302, 403, 404)
        assert client.get(f"{ATTEMPTS}edit/{attempt.pk}/").status_code in (302, 403, 404)
        assert client.get(f"{ATTEMPTS}delete/{attempt.pk}/").status_code in (302, 403, 404)
        assert client.get(f"{COMPLETIONS}edit/{attempt_rows.pk}/").status_code in (302, 403, 404)
        assert client.get(f"{ATTEMPTS}inspect/{attempt.pk}/").status_code == 200
    assert QuizAttempt.objects.filter(pk=attempt.pk).exists()


def test_attempt_filters(client, users, attempt_rows):
    login(client, users["inspector"])
    passed = client.get(ATTEMPTS, {"passed": "true"})
    assert passed.status_code == 200
    assert all(a.passed for a in passed.context["object_list"])
    failed = client.get(ATTEMPTS, {"passed": "false"})
    assert [a.score for a in failed.context["object_list"]] == [40]
    dated = client.get(
        ATTEMPTS, {"submitted_at_from": "2000-01-01", "submitted_at_to": "2000-12-31"}
    )
    assert dated.status_code == 200 and list(dated.context["object_list"]) == []


def test_exports(client, users, attempt_rows):
    login(client, users["inspector"])
    response = client.get(ATTEMPTS, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 1 + QuizAttempt.objects.count()
    assert "colleague" in {row[0] for row in rows[1:]}
    response = client.get(ATTEMPTS, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == 1 + QuizAttempt.objects.count()
    response = client.get(COMPLETIONS, {"export": "csv"})
    text = response.getvalue().decode("utf-8-sig")
    assert attempt_rows.certificate_number in text
    login(client, users["editor"])
    assert client.get(ATTEMPTS, {"export": "csv"}).status_code in (302, 403)


def test_the_result_page_shows_the_best_score_so_far(client, users, course):
    set_quiz(course, [question("q1", "题一", right=1), question("q2", "题二", right=2)])
    login(client, users["staff"])
    client.get(quiz_url(course))
    client.post(quiz_url(course), {"q-q1": "1", "q-q2": "2"})  # 100
    client.get(quiz_url(course))
    response = client.post(quiz_url(course), {"q-q1": "0", "q-q2": "0"})  # 0
    assert response.context["status"].best_score == 100
    assert "最好成绩：" in response.content.decode()
