"""A visitor files an anonymous report in the browser, keeps the receipt code and looks the
report up with it. The CAPTCHA answer is read from the server-side session, as a person would
read the picture; production code is unchanged."""

import re
from importlib import import_module

import pytest
from django.conf import settings as django_settings

from feedback import captcha
from feedback.models import Report

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

# Real transactions so the live server thread sees the test's data; the serialized rollback
# restores the rows that data migrations created (root page, groups, workflow) afterwards.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESCRIPTION = "某科室科长在办理审批时收受申请人红包两千元，时间为上月中旬。"


@pytest.fixture(autouse=True)
def _fast_receipt_hash(settings):
    """200,000 PBKDF2 rounds per code are not what this test is about."""
    settings.FEEDBACK_RECEIPT_HASH_ITERATIONS = 1000


def assert_private(response):
    """Report pages must not be cached nor leak their address in a Referer."""
    headers = response.headers  # Playwright lower-cases the names
    assert "no-store" in headers["cache-control"], headers
    assert headers["referrer-policy"] == "no-referrer", headers


def captcha_answer(page) -> str:
    """The answer of the challenge shown in the form, from the browser's server-side session."""
    challenge_id = page.locator("input[name=captcha_id]").input_value()
    cookie = next(
        c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME
    )
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    return str(store[captcha.SESSION_KEY][challenge_id]["a"])


def test_anonymous_report_receipt_and_status(live_server, desktop, site_tree, screenshot):
    page = desktop
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="信访举报").click()
    page.wait_for_url(re.compile(r"/feedback/$"))
    with page.expect_navigation() as navigation:
        page.get_by_role("main").get_by_role("link", name="我要举报").first.click()
    assert_private(navigation.value)
    expect(page.get_by_role("heading", level=1)).to_have_text("我要举报")

    page.locator("select[name=category]").select_option("integrity")
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.get_by_label("请填写图中算式的结果").fill(captcha_answer(page))
    screenshot(page, "feedback-report-form")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="提交举报").click()
    response = navigation.value
    assert response.request.method == "POST" and response.status == 200
    assert_private(response)

    expect(page.get_by_role("heading", level=1)).to_have_text("举报已收到")
    code = page.locator(".fb-receipt__code code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5}){3}", code), code
    report = Report.objects.get()
    expect(page.get_by_role("status")).to_contain_text(report.reference)
    assert report.is_anonymous and report.description == DESCRIPTION
    assert code not in (report.receipt_hash, report.lookup_key)
    screenshot(page, "feedback-receipt")

    page.get_by_role("link", name="举报查询").first.click()
    page.wait_for_url(re.compile(r"/feedback/receipt/$"))
    # Dashes and letter case do not matter.
    page.get_by_label("查询码").fill(code.replace("-", "").lower())
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="查询我的举报").click()
    response = navigation.value
    assert response.url.endswith("/feedback/receipt/status/") and response.status == 200
    assert_private(response)
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.reference)
    expect(page.locator(".fb-status")).to_have_text("已登记")
    expect(page.get_by_role("main")).to_contain_text(DESCRIPTION)
    screenshot(page, "feedback-status")


def test_a_wrong_receipt_code_is_refused(live_server, phone, site_tree):
    page = phone
    response = page.goto(live_server.url + "/feedback/receipt/")
    assert_private(response)
    page.get_by_label("查询码").fill("ABCDE-FGHJK-MNPQR-STVWX")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="查询我的举报").click()
    assert_private(navigation.value)
    expect(page.get_by_role("main")).to_contain_text("没有与此查询码对应的举报")
    expect(page.get_by_label("查询码")).to_have_value("")
