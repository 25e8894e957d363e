import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning import services
from learning.models import Checkin, MonthlySummary, Notification, SelfCheckAnswer, TaskRecord
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LABEL = THIS_MONTH.strftime("%Y-%m")

STAFF_URLS = [
    "/staff/",
    "/staff/profile/",
    "/staff/posts/",
    "/staff/checkin/",
    "/staff/warnings/",
    "/staff/notifications/",
    "/staff/history/",
    "/staff/query/",
    "/staff/settings/",
]
CHECKIN_URLS = [
    f"/staff/checkin/{LABEL}/",
    f"/staff/checkin/{LABEL}/read/duties/",
    f"/staff/checkin/{LABEL}/read/risks/",
    f"/staff/checkin/{LABEL}/read/procedures/",
    f"/staff/checkin/{LABEL}/read/regulations/",
    f"/staff/checkin/{LABEL}/selfcheck/",
    f"/staff/checkin/{LABEL}/summary/",
]
SUPERVISION_URLS = [
    "/staff/supervision/",
    "/staff/supervision/overdue/",
    "/staff/supervision/selfchecks/",
    "/staff/supervision/summaries/",
    f"/staff/supervision/export.xlsx?month={LABEL}",
]


@pytest.fixture
def opened(org):
    services.open_month(month=THIS_MONTH)
    return org


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", STAFF_URLS + CHECKIN_URLS + SUPERVISION_URLS)
def test_anonymous_is_sent_to_login(client, opened, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", STAFF_URLS + CHECKIN_URLS)
def test_staff_member_sees_their_area(client, opened, url):
    response = login(client, opened["staff"]).get(url)
    assert response.status_code == 200
    assert "我的廉政档案" in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "inspector", "admin"])
@pytest.mark.parametrize("url", STAFF_URLS)
def test_users_without_a_profile_get_the_area_without_a_checkin(
    client, opened, admin_user, role, url
):
    user = admin_user if role == "admin" else opened[role]
    assert login(client, user).get(url).status_code == 200


@pytest.mark.parametrize("role", ["editor", "inspector"])
def test_no_checkin_pages_for_non_participants(client, opened, role):
    response = login(client, opened[role]).get(f"/staff/checkin/{LABEL}/read/duties/")
    assert response.status_code == 404


@pytest.mark.parametrize("url", SUPERVISION_URLS)
@pytest.mark.parametrize("role", ["staff", "editor"])
def test_supervision_is_forbidden_to_staff_and_editors(client, opened, role, url):
    response = login(client, opened[role]).get(url)
    assert response.status_code == 403
    assert "只有部门负责人和纪检监察人员" in response.content.decode()


@pytest.mark.parametrize("url", SUPERVISION_URLS)
@pytest.mark.parametrize("role", ["head", "inspector", "admin"])
def test_supervision_for_heads_inspectors_and_admins(client, opened, admin_user, role, url):
    user = admin_user if role == "admin" else opened[role]
    assert login(client, user).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/staff/checkin/2026-13/", "/staff/checkin/2026-00/summary/", "/staff/checkin/2999-01/"]
)
def test_bad_or_future_months_are_404(client, opened, url):
    assert login(client, opened["staff"]).get(url).status_code == 404


def test_unknown_task_is_404(client, opened):
    assert (
        login(client, opened["staff"]).get(f"/staff/checkin/{LABEL}/read/nothing/").status_code
        == 404
    )


class TestReadingFlow:
    def test_confirm_only_after_the_content_was_shown(self, client, opened):
        login(client, opened["staff"])
        url = f"/staff/checkin/{LABEL}/read/duties/"
        response = client.post(url, follow=True)
        assert "请先打开并阅读内容" in response.content.decode()
        assert not TaskRecord.objects.filter(completed_at__isnull=False).exists()
        page = client.get(url)
        assert "审核报销单据" in page.content.decode()
        response = client.post(url)
        assert response.status_code == 302
        record = TaskRecord.objects.get(checkin__user=opened["staff"], task="duties")
        assert record.completed_at is not None and record.shown_at <= record.completed_at

    def test_each_reading_task_shows_its_content(self, client, opened):
        login(client, opened["staff"])
        risks = client.get(f"/staff/checkin/{LABEL}/read/risks/").content.decode()
        assert "违规报销" in risks and "私设小金库" in risks
        procedures = client.get(f"/staff/checkin/{LABEL}/read/procedures/").content.decode()
        assert "财务报销审批流程" in procedures and "flowchart" in procedures

    def test_nobody_completes_another_persons_task(self, client, opened):
        """Actions always apply to the logged-in user's own check-in."""
        login(client, opened["colleague"])
        url = f"/staff/checkin/{LABEL}/read/duties/"
        client.get(url)
        client.post(url)
        assert (
            TaskRecord.objects.filter(completed_at__isnull=False).get().checkin.user
            == (opened["colleague"])
        )
        assert not TaskRecord.objects.filter(checkin__user=opened["staff"]).exists()


class TestSelfCheckView:
    def test_missing_explanation_is_rejected_and_nothing_stored(self, client, opened):
        login(client, opened["staff"])
        url = f"/staff/checkin/{LABEL}/selfcheck/"
        page = client.get(url).content.decode()
        assert "违规报销" in page and "本月是否收受礼品礼金？" in page
        keys = [f"risk-{r.pk}" for r in opened["risks"]]
        data = {f"{keys[0]}-answer": "yes", f"{keys[1]}-answer": "no"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert not SelfCheckAnswer.objects.exists()

    def test_valid_submission(self, client, opened):
        login(client, opened["staff"])
        url = f"/staff/checkin/{LABEL}/selfcheck/"
        from learning.models import SelfCheckQuestion

        question = SelfCheckQuestion.objects.get()
        data = {f"risk-{r.pk}-answer": "no" for r in opened["risks"]}
        data[f"q-{question.pk}-answer"] = "possibly"
        data[f"q-{question.pk}-explanation"] = "节日收到一盒月饼，已退还。"
        assert client.post(url, data).status_code == 302
        assert SelfCheckAnswer.objects.count() == 3
        # a second submission is refused and changes nothing
        data[f"q-{question.pk}-answer"] = "no"
        client.post(url, data)
        assert SelfCheckAnswer.objects.filter(answer="possibly").count() == 1


class TestSummaryView:
    def test_draft_submit_and_lock(self, client, opened, settings):
        settings.CHECKIN_SUMMARY_MIN_LENGTH = 10
        login(client, opened["staff"])
        url = f"/staff/checkin/{LABEL}/summary/"
        assert client.post(url, {"text": "草稿内容", "draft": "1"}).status_code == 302
        assert client.post(url, {"text": "短", "submit": "1"}).status_code == 400
        text = "本月认真履行岗位职责，完成各项任务。"
        assert client.post(url, {"text": text, "submit": "1"}).status_code == 302
        response = client.post(url, {"text": "改写", "draft": "1"})
        assert response.status_code == 400
        assert MonthlySummary.objects.get().text == text
        assert text in client.get(url).content.decode()


class TestSupervision:
    def test_head_sees_their_department_and_below_only(self, client, opened):
        body = login(client, opened["head"]).get("/staff/supervision/").content.decode()
        assert "staff" in body and "colleague" in body
        assert "outsider" not in body

    def test_inspector_sees_everyone(self, client, opened):
        body = login(client, opened["inspector"]).get("/staff/supervision/").content.decode()
        assert "outsider" in body and "colleague" in body

    def test_head_cannot_pick_another_department(self, client, opened):
        response = login(client, opened["head"]).get(
            f"/staff/supervision/?department={opened['other'].pk}"
        )
        assert response.status_code == 400
        assert "outsider" not in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            "month=2026-13",
            "month=abc",
            "department=abc",
            "department=99999999999999999999",
            "status=x",
        ],
    )
    def test_bad_filters_give_a_clear_message(self, client, opened, query):
        response = login(client, opened["inspector"]).get(f"/staff/supervision/?{query}")
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()

    def test_status_filter(self, client, opened):
        Checkin.objects.filter(user=opened["colleague"]).update(completed_count=6)
        body = (
            login(client, opened["inspector"])
            .get("/staff/supervision/?status=complete")
            .content.decode()
        )
        assert "colleague" in body and "outsider" not in body

    def test_matrix_query_count_does_not_grow(self, client, opened, django_assert_num_queries):
        login(client, opened["inspector"])
        client.get("/staff/supervision/")  # warm up the session and caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            client.get("/staff/supervision/")
        StaffProfileFactory.create_batch(40, department=opened["department"])
        services.open_month(month=THIS_MONTH)
        with CaptureQueriesContext(connection) as big:
            response = client.get("/staff/supervision/")
        assert response.content.decode().count('class="cell cell--open"') >= 44 * 6
        assert len(big.captured_queries) == len(small.captured_queries)

    def test_export(self, client, opened):
        response = login(client, opened["head"]).get(
            f"/staff/supervision/export.xlsx?month={LABEL}"
        )
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).active
        names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert names == {"staff", "colleague", "head"}

    def test_export_of_an_unopened_month_is_404(self, client, opened):
        response = login(client, opened["inspector"]).get(
            "/staff/supervision/export.xlsx?month=2020-01"
        )
        assert response.status_code == 404

    def test_admissions_and_summaries_views(self, client, opened):
        checkin = Checkin.objects.get(user=opened["outsider"])
        SelfCheckAnswer.objects.create(
            checkin=checkin, prompt="违规报销", answer="yes", explanation="有一笔需说明"
        )
        MonthlySummary.objects.create(
            checkin=checkin, text="外单位总结", submitted_at=timezone.now()
        )
        login(client, opened["inspector"])
        assert "有一笔需说明" in client.get("/staff/supervision/selfchecks/").content.decode()
        assert "外单位总结" in client.get("/staff/supervision/summaries/").content.decode()
        login(client, opened["head"])
        assert "有一笔需说明" not in client.get("/staff/supervision/selfchecks/").content.decode()
        assert "外单位总结" not in client.get("/staff/supervision/summaries/").content.decode()


class TestOtherParts:
    def test_settings_preferences_and_password(self, client, opened):
        login(client, opened["staff"])
        response = client.post(
            "/staff/settings/", {"prefs-submit": "1", "prefs-notify_in_app": "on"}
        )
        assert response.status_code == 302
        profile = opened["staff"].staff_profile
        profile.refresh_from_db()
        assert profile.notify_in_app and not profile.notify_by_email
        response = client.post(
            "/staff/settings/",
            {
                "pw-submit": "1",
                "pw-old_password": "wrong",
                "pw-new_password1": "x",
                "pw-new_password2": "y",
            },
        )
        assert response.status_code == 400
        response = client.post(
            "/staff/settings/",
            {
                "pw-submit": "1",
                "pw-old_password": "pw-12345-secret",
                "pw-new_password1": "Lianzheng#2026x",
                "pw-new_password2": "Lianzheng#2026x",
            },
        )
        assert response.status_code == 302
        opened["staff"].refresh_from_db()
        assert opened["staff"].check_password("Lianzheng#2026x")

    def test_notifications_mark_read(self, client, opened):
        Notification.objects.create(
            user=opened["staff"],
            kind="reminder",
            day=dt.date(2026, 11, 22),
            message="还有任务未完成",
        )
        login(client, opened["staff"])
        assert "还有任务未完成" in client.get("/staff/notifications/").content.decode()
        client.post("/staff/notifications/")
        assert not Notification.objects.filter(read_at__isnull=True).exists()

    def test_query(self, client, opened):
        login(client, opened["staff"])
        body = client.get("/staff/query/?q=报销").content.decode()
        assert "财务报销审批流程" in body
        assert client.get("/staff/query/?q=" + "长" * 101).status_code == 400

    def test_procedure_flowchart(self, client, opened):
        login(client, opened["staff"])
        body = client.get(
            reverse("learning:procedure", args=[opened["procedure"].pk])
        ).content.decode()
        assert body.index("经办人提交") < body.index("财务审核")
        assert 'class="flowchart"' in body
        assert client.get("/staff/procedures/999999/").status_code == 404

    def test_history(self, client, opened):
        login(client, opened["staff"])
        assert LABEL in client.get("/staff/history/").content.decode()


def test_matrix_escapes_names(client, opened):
    user = opened["colleague"]
    user.last_name = "<script>alert(1)</script>"
    user.save()
    body = login(client, opened["inspector"]).get("/staff/supervision/").content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
