"""The online school in a real browser: a staff member studies a course, passes its quiz and
opens the certificate; a member of the public takes an open quiz on a phone and nothing is
stored."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from learning.quiz import QuizAnswer, QuizAttempt
from learning.school import CourseCompletion
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    SchoolIndexPageFactory,
    StaffProfileFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _question(block_id, prompt, right):
    return {
        "type": "question",
        "id": block_id,
        "value": {
            "kind": "single",
            "prompt": prompt,
            "choices": [{"text": f"{prompt}-选项{i}", "correct": i == right} for i in range(3)],
            "statement_true": False,
            "explanation": f"{prompt}的解析",
        },
    }


@pytest.fixture
def course(site_tree):
    school = SchoolIndexPageFactory(parent=site_tree["home"], title="网上廉政学校", slug="school")
    course = CoursePageFactory(
        parent=school,
        title="纪律处分条例导读",
        slug="jilv",
        quiz=[_question("q1", "处分种类", 1), _question("q2", "六项纪律", 2)],
        quiz_pass_mark=100,
    )
    course.save_revision().publish()
    lesson = LessonPageFactory(parent=course, title="第一课 总则", slug="zongze")
    lesson.save_revision().publish()
    return course


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_staff_studies_passes_and_prints_the_certificate(live_server, desktop, course, screenshot):
    user = StaffProfileFactory(
        user__username="zhaosi", user__last_name="赵", user__first_name="四"
    ).user
    _log_in(desktop, live_server, user)
    desktop.goto(live_server.url + course.url)
    desktop.get_by_role("link", name="开始学习").first.click()
    assert "第一课 总则" in desktop.locator("h1").inner_text()

    desktop.goto(live_server.url + course.url)
    desktop.get_by_role("link", name="参加课程测验").first.click()
    # A wrong answer first: graded on the server, feedback per question, not passed.
    desktop.get_by_label("处分种类-选项0").check()
    desktop.get_by_label("六项纪律-选项2").check()
    desktop.get_by_role("button", name="提交答案").click()
    assert "未通过" in desktop.content()
    assert "处分种类的解析" in desktop.content()
    screenshot(desktop, "school-quiz-failed")

    desktop.goto(live_server.url + course.url + "quiz/")
    desktop.get_by_label("处分种类-选项1").check()
    desktop.get_by_label("六项纪律-选项2").check()
    desktop.get_by_role("button", name="提交答案").click()
    assert "已通过" in desktop.content()
    assert QuizAttempt.objects.filter(user=user).count() == 2
    assert QuizAnswer.objects.filter(attempt__user=user, is_correct=False).count() == 1

    completion = CourseCompletion.objects.get(user=user, course=course)
    desktop.goto(live_server.url + course.url)
    desktop.get_by_role("link", name="查看并打印结业证书").click()
    text = desktop.locator("main").inner_text()
    assert "赵四" in text and completion.certificate_number in text
    screenshot(desktop, "school-certificate")


def test_the_public_takes_an_open_quiz_on_a_phone_and_nothing_is_stored(
    live_server, phone, course, screenshot
):
    phone.goto(live_server.url + course.url + "quiz/")
    phone.get_by_label("处分种类-选项1").check()
    phone.get_by_label("六项纪律-选项2").check()
    phone.get_by_role("button", name="提交答案").click()
    assert "已通过" in phone.content()
    # The page fits the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "school-quiz-public-phone")
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()
