import io

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import AuditAction, AuditLogEntry, Report, ReportMessage, Status
from tests.feedback.conftest import PDF_BYTES, XSS_PAYLOADS

pytestmark = pytest.mark.django_db


def report_urls(report) -> list[str]:
    attachment = report.attachments.get()
    return [
        reverse("feedback:desk_inbox"),
        reverse("feedback:desk_detail", args=[report.pk]),
        reverse("feedback:desk_download", args=[report.pk, attachment.pk]),
        reverse("feedback:desk_statistics"),
        reverse("feedback:desk_statistics") + "?export=csv",
        reverse("feedback:desk_statistics") + "?export=xlsx",
        reverse("feedback:desk_audit_log"),
    ]


def post_urls(report) -> list[tuple[str, dict]]:
    return [
        (reverse("feedback:desk_assign", args=[report.pk]), {"handler": ""}),
        (reverse("feedback:desk_status", args=[report.pk]), {"status": "accepted"}),
        (reverse("feedback:desk_message", args=[report.pk, "note"]), {"note-body": "x"}),
        (reverse("feedback:desk_message", args=[report.pk, "reply"]), {"reply-body": "x"}),
    ]


def test_anonymous_visitors_are_sent_to_login(client, submitted):
    for url in report_urls(submitted.report):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/")
    for url, data in post_urls(submitted.report):
        assert client.post(url, data).status_code == 302
    assert not AuditLogEntry.objects.exclude(action=AuditAction.CREATED).exists()


@pytest.mark.parametrize("role", ["staff", "department_head", "editor", "reviewer", "admin"])
def test_other_roles_are_refused(client, submitted, role_users, role):
    client.force_login(role_users[role])
    for url in report_urls(submitted.report):
        response = client.get(url)
        assert response.status_code == 403, (role, url)
        assert "no-store" in response["Cache-Control"]
        assert "收受红包" not in response.content.decode()
    for url, data in post_urls(submitted.report):
        assert client.post(url, data).status_code == 403
    report = Report.objects.get(pk=submitted.report.pk)
    assert report.status == Status.REGISTERED and not report.messages.exists()
    assert not AuditLogEntry.objects.exclude(action=AuditAction.CREATED).exists()


def test_inactive_inspector_is_refused(client, submitted, inspector):
    inspector.is_active = False
    inspector.save()
    client.force_login(inspector)
    assert client.get(reverse("feedback:desk_inbox")).status_code in (302, 403)


def test_inspector_sees_everything_and_every_view_is_audited(client, submitted, inspector):
    client.force_login(inspector)
    for url in report_urls(submitted.report):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
    actions = list(
        AuditLogEntry.objects.filter(actor=inspector)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.VIEWED, AuditAction.DOWNLOADED, "exported", "exported"]


def test_download_serves_the_private_file(client, submitted, inspector):
    client.force_login(inspector)
    attachment = submitted.report.attachments.get()
    response = client.get(
        reverse("feedback:desk_download", args=[submitted.report.pk, attachment.pk])
    )
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Another report's id in the URL: 404.
    other = services.report_submit(category="other", description="y")
    url = reverse("feedback:desk_download", args=[other.report.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_inbox_filters_and_bad_params(
    client, make_report, inspector, inspector2, other_department, django_assert_max_num_queries
):
    first = make_report().report
    second = make_report(category="work", department=other_department).report
    services.report_assign(report=second, handler=inspector, user=inspector)
    client.force_login(inspector)
    url = reverse("feedback:desk_inbox")
    client.get(url)  # warm the chrome caches
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert first.reference in html and second.reference in html

    def refs(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {r.reference for r in response.context["page_obj"]}

    assert refs({"category": "work"}) == {second.reference}
    assert refs({"department": other_department.pk}) == {second.reference}
    assert refs({"handler": "me"}) == {second.reference}
    assert refs({"handler": "none"}) == {first.reference}
    assert refs({"q": first.reference}) == {first.reference}
    assert refs({"status": "concluded"}) == set()
    assert refs({"overdue": "on"}) == set()
    Report.objects.filter(pk=first.pk).update(conclude_due="2000-01-01T00:00:00Z")
    assert refs({"overdue": "on"}) == {first.reference}
    # Malformed parameters never give a 500.
    for params in (
        {"date_from": "garbage"},
        {"handler": "999999999999999999999"},
        {"department": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"status": "<script>"},
        {"q": "x" * 5000},
    ):
        assert client.get(url, params).status_code == 200
    html = client.get(url).content.decode()
    assert "is-overdue" in html
    # The number of queries does not grow with the number of reports on the page.
    for _ in range(10):
        services.report_assign(report=make_report().report, handler=inspector2, user=inspector)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_detail_actions(client, submitted, inspector, inspector2):
    client.force_login(inspector)
    report = submitted.report
    base = reverse("feedback:desk_detail", args=[report.pk])
    response = client.post(
        reverse("feedback:desk_assign", args=[report.pk]), {"handler": inspector2.pk}
    )
    assert response.status_code == 302 and response.url == base
    response = client.post(
        reverse("feedback:desk_status", args=[report.pk]), {"status": "concluded"}
    )
    assert response.status_code == 400  # not allowed from registered
    response = client.post(
        reverse("feedback:desk_status", args=[report.pk]), {"status": "accepted"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("feedback:desk_status", args=[report.pk]), {"status": "concluded", "outcome": ""}
    )
    assert response.status_code == 400
    client.post(reverse("feedback:desk_message", args=[report.pk, "note"]), {"note-body": "笔记"})
    client.post(reverse("feedback:desk_message", args=[report.pk, "reply"]), {"reply-body": "答复"})
    assert (
        client.post(
            reverse("feedback:desk_message", args=[report.pk, "reply"]), {"reply-body": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("feedback:desk_message", args=[report.pk, "bogus"]), {"bogus-body": "x"}
        ).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.handler == inspector2 and report.status == Status.ACCEPTED
    assert list(ReportMessage.objects.values_list("kind", flat=True).order_by("id")) == [
        "note",
        "reply",
    ]
    html = client.get(base).content.decode()
    assert "笔记" in html and "答复" in html and "纪检" in html
    assert client.get(reverse("feedback:desk_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_is_escaped_on_the_desk(client, make_report, inspector, payload):
    report = make_report(
        description=payload, accused_name=payload[:50], occurred_when=payload[:100]
    ).report
    services.report_add_followup(report=report, body=payload)
    client.force_login(inspector)
    for url in (reverse("feedback:desk_inbox"), reverse("feedback:desk_detail", args=[report.pk])):
        html = client.get(url).content.decode()
        assert payload not in html
        assert "<script>alert(1)" not in html and "<svg/onload" not in html


def test_statistics_export(client, make_report, inspector, other_department):
    make_report()
    make_report(category="work", department=other_department)
    client.force_login(inspector)
    url = reverse("feedback:desk_statistics")
    html = client.get(url).content.decode()
    assert "市住建局" in html and "违反工作纪律" in html
    csv_response = client.get(url, {"export": "csv"})
    text = csv_response.content.decode("utf-8-sig")
    assert "市财政局" in text and csv_response["Content-Type"].startswith("text/csv")
    xlsx = client.get(url, {"export": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "市住建局" in values and 1 in values
    assert client.get(url, {"year": "abc"}).status_code == 200
    assert client.get(url, {"year": "99999999999999"}).status_code == 200
