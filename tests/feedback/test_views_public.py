import logging
import os

import pytest
from django.conf import settings
from django.urls import reverse

from feedback import captcha
from feedback.models import AuditLogEntry, Report, ReportAttachment, ReportMessage
from tests.feedback.conftest import (
    PDF_BYTES,
    PNG_BYTES,
    XSS_PAYLOADS,
    solve_captcha,
    upload,
)

pytestmark = pytest.mark.django_db
CLIENT_IP = "203.0.113.77"
UA = "Mozilla/5.0 (Reporter-Test-Agent)"


@pytest.fixture
def client(client):
    client.defaults.update({"REMOTE_ADDR": CLIENT_IP, "HTTP_USER_AGENT": UA})
    return client


def report_data(client, dept, **extra):
    data = {
        "category": "integrity",
        "department": dept.pk,
        "accused_name": "张三",
        "accused_position": "科长",
        "description": "2026年3月在办理审批时收受红包两千元。",
        "occurred_when": "2026年3月",
        "occurred_where": "政务服务大厅",
        "website": "",
        **solve_captcha(client),
    }
    data.update(extra)
    return data


def assert_private_headers(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def private_files() -> list[str]:
    found = []
    for root, _dirs, files in os.walk(settings.PRIVATE_MEDIA_ROOT):
        found += [os.path.join(root, f) for f in files]
    return found


def test_index_and_form_render(client, department):
    for url in ("/feedback/", "/feedback/report/", "/feedback/receipt/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_private_headers(response)
    html = client.get("/feedback/report/").content.decode()
    assert "市住建局" in html and 'name="captcha_answer"' in html and 'name="website"' in html
    assert "举报" in html  # translated


def test_anonymous_report_end_to_end(client, department, caplog):
    caplog.set_level(logging.DEBUG)
    data = report_data(client, department, attachments=[upload("证据.pdf", PDF_BYTES)])
    response = client.post("/feedback/report/", data)
    assert response.status_code == 200
    assert_private_headers(response)
    report = Report.objects.get()
    code = response.context["receipt_code"]
    assert code in response.content.decode()
    assert report.is_anonymous and report.department == department
    assert report.attachments.count() == 1
    # No IP address or user agent anywhere: report rows, audit log, files' names, logs.
    for model in (Report, AuditLogEntry, ReportAttachment):
        for row in model.objects.values():
            text = " ".join(str(v) for v in row.values())
            assert CLIENT_IP not in text and "Reporter-Test-Agent" not in text
    assert CLIENT_IP not in caplog.text and "Reporter-Test-Agent" not in caplog.text
    assert code not in caplog.text
    # The receipt opens the report.
    response = client.post("/feedback/receipt/", {"code": code})
    assert response.status_code == 302 and response.url == reverse("feedback:receipt_status")
    response = client.get(response.url)
    assert response.status_code == 200
    assert_private_headers(response)
    assert "收受红包" in response.content.decode()
    assert report.reference in response.content.decode()


def test_real_name_report_requires_contact(client, department):
    response = client.post("/feedback/report/", report_data(client, department, wants_contact="on"))
    assert response.status_code == 200 and not Report.objects.exists()
    assert response.context["form"].errors.keys() >= {"contact_name", "contact_phone"}
    response = client.post(
        "/feedback/report/",
        report_data(
            client, department, wants_contact="on", contact_name="王五", contact_phone="138"
        ),
    )
    report = Report.objects.get()
    assert not report.is_anonymous and report.contact_name == "王五"


def test_contact_details_dropped_unless_asked(client, department):
    client.post("/feedback/report/", report_data(client, department, contact_name="王五"))
    report = Report.objects.get()
    assert report.is_anonymous and report.contact_name == ""


@pytest.mark.parametrize(
    "overrides",
    [
        {"description": ""},
        {"description": "   "},
        {"description": "字" * 10001},
        {"accused_name": "名" * 51},
        {"occurred_where": "地" * 201},
        {"category": "bogus"},
        {"department": "999999"},
        {"department": "abc"},
        {"contact_email": "not-an-email", "wants_contact": "on", "contact_name": "x"},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client, department, overrides):
    response = client.post("/feedback/report/", report_data(client, department, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Report.objects.exists()
    assert "form-errors" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf"),
        ("picture.pdf", PNG_BYTES),
        ("script.txt", b"\x00\x01binary"),
    ],
)
def test_disguised_files_store_nothing(client, department, name, content):
    before = set(private_files())
    data = report_data(client, department, attachments=[upload(name, content)])
    response = client.post("/feedback/report/", data)
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert not Report.objects.exists()
    assert set(private_files()) == before


def test_file_limits(client, department, settings):
    settings.FEEDBACK_MAX_FILE_SIZE = 1024
    data = report_data(client, department, attachments=[upload("big.pdf", PDF_BYTES + b"x" * 2000)])
    response = client.post("/feedback/report/", data)
    assert "attachments" in response.context["form"].errors
    settings.FEEDBACK_MAX_FILE_SIZE = 10 * 1024
    settings.FEEDBACK_MAX_REPORT_SIZE = 100
    files = [upload(f"{i}.pdf", PDF_BYTES + b" " * 40) for i in range(2)]
    response = client.post("/feedback/report/", report_data(client, department, attachments=files))
    assert "attachments" in response.context["form"].errors
    settings.FEEDBACK_MAX_REPORT_SIZE = 10**6
    files = [upload(f"{i}.pdf", PDF_BYTES) for i in range(6)]
    response = client.post("/feedback/report/", report_data(client, department, attachments=files))
    assert "attachments" in response.context["form"].errors
    assert not Report.objects.exists()


def test_captcha_wrong_reused_and_honeypot(client, department):
    data = report_data(client, department)
    wrong = {**data, "captcha_answer": str(int(data["captcha_answer"]) + 1)}
    response = client.post("/feedback/report/", wrong)
    assert "captcha_answer" in response.context["form"].errors
    # The challenge was used up by the wrong answer: the right answer no longer works.
    response = client.post("/feedback/report/", data)
    assert "captcha_answer" in response.context["form"].errors
    # Honeypot filled: refused.
    response = client.post(
        "/feedback/report/", report_data(client, department, website="http://spam.example")
    )
    assert response.context["form"].errors
    assert not Report.objects.exists()
    # Missing CAPTCHA fields.
    data = report_data(client, department)
    data.pop("captcha_id")
    client.post("/feedback/report/", data)
    assert not Report.objects.exists()


def test_captcha_image(client):
    client.get("/feedback/report/")
    challenge_id = list(client.session[captcha.SESSION_KEY])[-1]
    response = client.get(reverse("feedback:captcha", args=[challenge_id]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert client.get(reverse("feedback:captcha", args=["nope"])).status_code == 404


def test_csrf_is_enforced(department):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/feedback/report/", {"description": "x"})
    assert response.status_code == 403
    response = csrf_client.post("/feedback/receipt/", {"code": "x"})
    assert response.status_code == 403


def test_submission_rate_limit(client, department, settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit": (2, 3600)}
    for _ in range(2):
        assert client.post("/feedback/report/", report_data(client, department)).status_code == 200
    response = client.post("/feedback/report/", report_data(client, department))
    assert response.status_code == 429
    assert Report.objects.count() == 2
    # Another client is not affected.
    client.defaults["REMOTE_ADDR"] = "198.51.100.9"
    assert client.post("/feedback/report/", report_data(client, department)).status_code == 200
    # The cache keys hold an HMAC, never the address.
    from django.core.cache import cache

    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any(CLIENT_IP in str(k) for k in keys)


def test_receipt_lookup_wrong_code_and_rate_limit(client, submitted, settings):
    settings.FEEDBACK_RATE_LIMITS = {"receipt": (3, 600)}
    for code in ("", "ABCDE", "0" * 20):
        response = client.post("/feedback/receipt/", {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert 'value="' + code + '"' not in response.content.decode() or code == ""
    response = client.post("/feedback/receipt/", {"code": submitted.receipt_code})
    assert response.status_code == 429  # even the right code, once the limit is reached
    assert "feedback_receipt" not in client.session


def test_status_page_needs_a_receipt_session(client):
    response = client.get("/feedback/receipt/status/")
    assert response.status_code == 302 and response.url == reverse("feedback:receipt_lookup")


def test_reporter_sees_replies_not_notes_and_can_follow_up(client, submitted, inspector):
    from feedback import services

    services.report_add_message(
        report=submitted.report, kind="note", body="内部意见不可外泄", user=inspector
    )
    services.report_add_message(
        report=submitted.report, kind="reply", body="已受理，正在核查", user=inspector
    )
    client.post("/feedback/receipt/", {"code": submitted.receipt_code})
    html = client.get("/feedback/receipt/status/").content.decode()
    assert "已受理，正在核查" in html and "内部意见不可外泄" not in html
    response = client.post(
        "/feedback/receipt/status/",
        {"body": "补充：还有转账记录", "attachments": [upload("转账.png", PNG_BYTES)]},
    )
    assert response.status_code == 302
    message = ReportMessage.objects.get(kind="followup")
    assert message.body == "补充：还有转账记录" and message.attachments.count() == 1
    # Empty follow-up: an error, nothing stored.
    response = client.post("/feedback/receipt/status/", {"body": "  "})
    assert response.status_code == 200 and response.context["form"].errors
    assert ReportMessage.objects.filter(kind="followup").count() == 1
    # Leaving forgets the report.
    client.post("/feedback/receipt/leave/")
    assert client.get("/feedback/receipt/status/").status_code == 302


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_is_escaped_for_reporter(client, department, payload):
    data = report_data(
        client,
        department,
        description=payload,
        accused_name=payload[:50],
        occurred_where=payload,
    )
    response = client.post("/feedback/report/", data)
    code = response.context["receipt_code"]
    client.post("/feedback/receipt/", {"code": code})
    html = client.get("/feedback/receipt/status/").content.decode()
    assert payload not in html
    assert "<script>alert(1)" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(1)&gt;", ""
    )
    assert "<svg/onload" not in html and "<iframe src=//evil" not in html


def test_bad_methods(client):
    assert client.put("/feedback/report/").status_code == 405
    assert client.get("/feedback/receipt/leave/").status_code == 405


def test_no_referrer_forms_pass_csrf_only_from_the_same_origin(department):
    """With Referrer-Policy: no-referrer, browsers post with `Origin: null`; it is accepted
    with a valid token when Fetch Metadata says same-origin, refused otherwise."""
    from django.test import Client

    browser = Client(
        enforce_csrf_checks=True, HTTP_HOST="localhost", **{"wsgi.url_scheme": "https"}
    )
    browser.get("/feedback/receipt/", secure=True)
    token = browser.cookies["csrftoken"].value
    common = {"HTTP_ORIGIN": "null", "secure": True}
    ok = browser.post(
        "/feedback/receipt/",
        {"code": "X", "csrfmiddlewaretoken": token},
        HTTP_SEC_FETCH_SITE="same-origin",
        **common,
    )
    assert ok.status_code == 200 and ok.context["form"].errors
    for site in ("cross-site", "same-site", None):
        extra = {"HTTP_SEC_FETCH_SITE": site} if site else {}
        refused = browser.post(
            "/feedback/receipt/", {"code": "X", "csrfmiddlewaretoken": token}, **common, **extra
        )
        assert refused.status_code == 403
    # Same origin but no token: refused.
    assert (
        browser.post(
            "/feedback/receipt/", {"code": "X"}, HTTP_SEC_FETCH_SITE="same-origin", **common
        ).status_code
        == 403
    )


def test_receipt_session_is_short_lived(client, submitted, settings):
    settings.FEEDBACK_RECEIPT_SESSION_SECONDS = 600
    client.post("/feedback/receipt/", {"code": submitted.receipt_code})
    assert client.session.get_expiry_age() <= 600


def test_a_signed_in_user_keeps_their_session_after_a_receipt_lookup(
    client, submitted, settings, django_user_model
):
    settings.FEEDBACK_RECEIPT_SESSION_SECONDS = 600
    client.force_login(django_user_model.objects.create_user("reader", password="x-12345-pw"))
    response = client.post("/feedback/receipt/", {"code": submitted.receipt_code})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert client.get("/feedback/receipt/status/").status_code == 200  # the receipt still works
