import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from early_warning import services
from early_warning.models import (
    BulletinIndexPage,
    BulletinPage,
    Colour,
    Measure,
    MeasureKind,
    MeasureStatus,
    Notice,
    Signal,
)
from tests.early_warning.conftest import MARCH, signal
from tests.factories import DepartmentFactory, StaffProfileFactory

ROLES = ["anonymous", "staff", "head", "inspector", "editor", "admin"]


def login(client, org, role):
    if role != "anonymous":
        client.force_login(getattr(org, role))
    return client


def is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def data(org):
    signal(user_id=org.staff.pk, month=MARCH)
    signal(user_id=org.outsider.pk, month=MARCH)
    talk = services.create_measure(
        kind=MeasureKind.TALK,
        actor=org.inspector,
        user=org.staff,
        month=MARCH,
        scheduled_at=dt.datetime(2025, 4, 2, 9, tzinfo=dt.UTC),
        reason="约谈",
    )
    order = services.create_measure(
        kind=MeasureKind.RECTIFICATION,
        actor=org.inspector,
        user=org.outsider,
        month=MARCH,
        deadline=dt.date(2025, 4, 30),
        reason="整改",
    )
    return {"talk": talk, "order": order}


# --------------------------------------------------------------------------- dashboard


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 200),
        ("inspector", 200),
        ("editor", 403),
        ("admin", 200),
    ],
)
def test_dashboard_permissions(client, org, data, role, expected):
    response = login(client, org, role).get(reverse("early_warning:dashboard") + "?end=2025-03")
    assert response.status_code == expected
    if expected == 302:
        assert is_login_redirect(response)
    if expected == 200:
        names = [row["department"].name for row in response.context["board"].rows]
        assert "市财政局" in names
        # a head sees their department (and its sub-department) only
        assert ("市卫生健康委员会" in names) == (role != "head")
        assert "国库科" in names


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 200),
        ("inspector", 200),
        ("editor", 403),
        ("admin", 200),
    ],
)
def test_export_permissions(client, org, data, role, expected):
    response = login(client, org, role).get(
        reverse("early_warning:export") + "?end=2025-03&months=3"
    )
    assert response.status_code == expected
    if expected == 200:
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["部门预警等级", "人员颜色分布", "处置措施", "逾期整改"]
        grid = book["部门预警等级"]
        assert [c.value for c in grid[1]] == ["部门", "2025-01", "2025-02", "2025-03"]
        rows = {row[0].value: [c.value for c in row[1:]] for row in grid.iter_rows(min_row=2)}
        assert rows["市财政局"] == ["绿", "绿", "黄"]


def test_dashboard_content(client, org, data):
    response = login(client, org, "inspector").get(
        reverse("early_warning:dashboard") + "?end=2025-03&months=6"
    )
    board = response.context["board"]
    assert len(board.months) == 6
    assert board.current[Colour.YELLOW] == 2
    assert board.staff_total == 4
    assert board.overdue_count == 1
    assert board.open_count == 2
    content = response.content.decode()
    assert 'id="ew-chart-data"' in content
    assert "vendor/echarts/echarts.min.js" in content
    assert (
        reverse("early_warning:department", args=[org.department.pk]) + "?month=2025-03" in content
    )


def test_dashboard_bad_parameters(client, org):
    login(client, org, "inspector")
    for query in (
        "?end=garbage",
        "?end=2025-13",
        "?months=abc",
        "?months=999999999999",
        "?end=" + "9" * 500,
    ):
        response = client.get(reverse("early_warning:dashboard") + query)
        assert response.status_code == 200, query
    response = client.get(reverse("early_warning:dashboard") + "?months=999")
    assert len(response.context["board"].months) == 36


def test_dashboard_query_count_is_constant(client, org, django_assert_max_num_queries):
    login(client, org, "inspector")
    client.get(reverse("early_warning:dashboard"))  # warm up (session, user)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("early_warning:dashboard") + "?end=2025-03")
    for _ in range(15):
        department = DepartmentFactory()
        user = StaffProfileFactory(department=department).user
        signal(user_id=user.pk, month=MARCH)
        services.create_measure(
            kind=MeasureKind.REMINDER, actor=org.inspector, user=user, month=MARCH
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("early_warning:dashboard") + "?end=2025-03")
    assert len(response.context["board"].rows) >= 18


# --------------------------------------------------------------------------- drill-down


@pytest.mark.parametrize(
    "role,own,other",
    [
        ("anonymous", 302, 302),
        ("staff", 403, 403),
        ("head", 200, 403),
        ("inspector", 200, 200),
        ("editor", 403, 403),
        ("admin", 200, 200),
    ],
)
def test_department_permissions(client, org, data, role, own, other):
    login(client, org, role)
    url = reverse("early_warning:department", args=[org.department.pk]) + "?month=2025-03"
    response = client.get(url)
    assert response.status_code == own
    if own == 200:
        assert "李明" in response.content.decode()
        assert response.context["detail"]["level"] == Colour.YELLOW
        assert response.context["detail"]["explanation"]["inherited"]["people"][0]["name"] == "李明"
    response = client.get(reverse("early_warning:department", args=[org.other.pk]))
    assert response.status_code == other


@pytest.mark.parametrize(
    "role,staff,outsider",
    [
        ("anonymous", 302, 302),
        ("staff", 200, 403),
        ("head", 200, 403),
        ("inspector", 200, 200),
        ("editor", 403, 403),
        ("admin", 200, 200),
    ],
)
def test_person_permissions(client, org, data, role, staff, outsider):
    login(client, org, role)
    response = client.get(reverse("early_warning:person", args=[org.staff.pk]) + "?month=2025-03")
    assert response.status_code == staff
    if staff == 200:
        detail = response.context["detail"]
        assert detail["level"] == Colour.YELLOW
        [match] = detail["explanation"]["rules"]
        assert match["signal_objs"][0].user == org.staff
        assert "一项任务逾期未完成" in response.content.decode()
    response = client.get(reverse("early_warning:person", args=[org.outsider.pk]))
    assert response.status_code == outsider


def test_drill_down_404s(client, org):
    login(client, org, "inspector")
    for url in (
        "/warnings/people/99999/",
        "/warnings/people/99999999999999/",
        "/warnings/departments/99999/",
        "/warnings/measures/99999999999/",
    ):
        assert client.get(url).status_code == 404, url


# --------------------------------------------------------------------------- measures


@pytest.mark.parametrize(
    "role,visible",
    [
        ("anonymous", None),
        ("staff", {"talk"}),
        ("head", {"talk"}),
        ("inspector", {"talk", "order"}),
        ("editor", set()),
        ("admin", {"talk", "order"}),
    ],
)
def test_measure_list_permissions(client, org, data, role, visible):
    response = login(client, org, role).get(reverse("early_warning:measures"))
    if visible is None:
        assert is_login_redirect(response)
        return
    assert response.status_code == 200
    shown = {m.pk for m in response.context["measures"] if not m.automatic}
    assert shown == {data[name].pk for name in visible}


def test_measure_list_filters(client, org, data):
    login(client, org, "inspector")
    response = client.get(reverse("early_warning:measures") + "?status=overdue")
    assert [m.pk for m in response.context["measures"]] == [data["order"].pk]
    response = client.get(reverse("early_warning:measures") + "?kind=talk&status=open&page=x")
    assert [m.pk for m in response.context["measures"]] == [data["talk"].pk]


@pytest.mark.parametrize(
    "role,talk,order",
    [
        ("anonymous", 302, 302),
        ("staff", 200, 403),
        ("head", 200, 403),
        ("inspector", 200, 200),
        ("editor", 403, 403),
        ("admin", 200, 200),
    ],
)
def test_measure_detail_permissions(client, org, data, role, talk, order):
    login(client, org, role)
    assert client.get(data["talk"].get_absolute_url()).status_code == talk
    assert client.get(data["order"].get_absolute_url()).status_code == order


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 403),
        ("inspector", 200),
        ("editor", 403),
        ("admin", 200),
    ],
)
def test_measure_create_permissions(client, org, role, expected):
    url = reverse("early_warning:measure_create") + f"?user={org.staff.pk}&kind=talk&month=2025-03"
    response = login(client, org, role).get(url)
    assert response.status_code == expected
    response = client.post(url, {"user": org.staff.pk, "kind": "reminder", "reason": "提醒"})
    if expected == 200:
        measure = Measure.objects.get(kind=MeasureKind.REMINDER, automatic=False)
        assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
        assert Notice.objects.filter(user=org.staff, measure=measure).exists()
    else:
        assert not Measure.objects.filter(automatic=False).exists()


def test_measure_create_validation(client, org):
    login(client, org, "inspector")
    url = reverse("early_warning:measure_create")
    assert client.get(url).status_code == 404
    assert client.get(url + "?user=abc").status_code == 404
    assert client.get(url + "?user=99999999999999999999").status_code == 404
    response = client.post(
        url + f"?department={org.department.pk}", {"kind": "rectification", "reason": "整改"}
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    response = client.post(
        url + f"?department={org.department.pk}",
        {"kind": "rectification", "reason": "整改", "deadline": "2099-01-01", "month": "2025-13"},
    )
    assert "month" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_subject_submits_report_and_inspector_verifies(client, org, data):
    order = data["order"]
    login(client, org, "outsider")
    response = client.get(order.get_absolute_url())
    assert "report_form" in response.context
    response = client.post(
        order.get_absolute_url(), {"action": "submit_report", "text": "已经全部整改到位。"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == MeasureStatus.SUBMITTED
    # the subject cannot verify their own report
    response = client.post(order.get_absolute_url(), {"action": "verify", "accept": "1"})
    assert response.status_code == 403
    login(client, org, "inspector")
    response = client.post(
        order.get_absolute_url(), {"action": "verify", "accept": "1", "note": "核实"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == MeasureStatus.CLOSED


def test_inspector_records_the_talk(client, org, data):
    talk = data["talk"]
    login(client, org, "inspector")
    response = client.post(
        talk.get_absolute_url(), {"action": "record_talk", "held_at": "2025-04-02T09:00"}
    )
    assert response.status_code == 400  # missing attendees and record
    response = client.post(
        talk.get_absolute_url(),
        {
            "action": "record_talk",
            "held_at": "2025-04-02T09:00",
            "attendees": "张书记\n李明",
            "record": "谈话要点",
        },
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.status == MeasureStatus.CLOSED and talk.attendee_list == ["张书记", "李明"]
    assert client.post(talk.get_absolute_url(), {"action": "nonsense"}).status_code == 404
    response = client.post(talk.get_absolute_url(), {"action": "escalate"})
    assert response.status_code == 302 and "kind=rectification" in response["Location"]


def test_staff_cannot_act_as_inspector(client, org, data):
    login(client, org, "staff")
    talk = data["talk"]
    for action in ("record_talk", "cancel", "escalate", "reschedule"):
        response = client.post(talk.get_absolute_url(), {"action": action, "note": "x"})
        assert response.status_code == 403, action
    talk.refresh_from_db()
    assert talk.status == MeasureStatus.OPEN


# --------------------------------------------------------------------------- signals, evaluation


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 403),
        ("inspector", 200),
        ("editor", 403),
        ("admin", 200),
    ],
)
def test_signal_create_permissions(client, org, role, expected):
    login(client, org, role)
    url = reverse("early_warning:signal_create")
    assert client.get(url).status_code == expected
    response = client.post(
        url,
        {
            "username": "staff",
            "kind": "audit_finding",
            "severity": "3",
            "month": "2025-03",
            "summary": "审计发现违规发放补贴",
            "evidence_url": "/documents/1/",
        },
    )
    if expected == 200:
        assert response.status_code == 302
        s = Signal.objects.get()
        assert (s.source, s.user, s.created_by.username) == ("inspector", org.staff, role)
        assert s.severity == 3
    else:
        assert not Signal.objects.exists()


def test_signal_form_validation(client, org):
    login(client, org, "inspector")
    url = reverse("early_warning:signal_create")
    for data in (
        {"kind": "audit_finding", "severity": "2", "summary": "x"},  # no subject
        {"username": "nobody", "kind": "audit_finding", "severity": "2", "summary": "x"},
        {"username": "staff", "kind": "task_overdue", "severity": "2", "summary": "x"},
        {
            "username": "staff",
            "kind": "audit_finding",
            "severity": "2",
            "summary": "x",
            "evidence_url": "javascript:alert(1)",
        },
        {"username": "staff", "kind": "audit_finding", "severity": "2", "summary": "x" * 300},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 403),
        ("inspector", 302),
        ("editor", 403),
        ("admin", 302),
    ],
)
def test_evaluate_permissions(client, org, role, expected):
    signal(user_id=org.staff.pk, month=MARCH, evaluate=False)
    response = login(client, org, role).post(
        reverse("early_warning:evaluate"), {"month": "2025-03"}
    )
    assert response.status_code == expected
    evaluated = org.staff.warning_levels.exists()
    assert evaluated == (role in ("inspector", "admin"))


def test_evaluate_rejects_bad_month_and_get(client, org):
    login(client, org, "inspector")
    assert client.get(reverse("early_warning:evaluate")).status_code == 405
    response = client.post(reverse("early_warning:evaluate"), {"month": "soon"})
    assert response.status_code == 302


# --------------------------------------------------------------------------- staff area


@pytest.mark.parametrize("role", ROLES)
def test_my_warnings(client, org, data, role):
    response = login(client, org, role).get(reverse("early_warning:mine"))
    if role == "anonymous":
        assert is_login_redirect(response)
        return
    assert response.status_code == 200
    measures = response.context["measures"]
    assert all(m.user_id == getattr(org, role).pk for m in measures)


def test_staff_panel_shows_level_and_open_measures(client, org, data):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/staff/")
    request.user = org.staff
    html = Template("{% load early_warning_tags %}{% staff_warning_panel %}").render(
        Context({"request": request})
    )
    assert "ew-panel" in html
    assert data["talk"].get_absolute_url() in html
    request.user = type("Anon", (), {"is_authenticated": False})()
    assert "ew-panel" not in Template(
        "{% load early_warning_tags %}{% staff_warning_panel %}"
    ).render(Context({"request": request}))


def test_notices_read(client, org, data):
    login(client, org, "staff")
    assert Notice.objects.filter(user=org.staff, read_at__isnull=True).exists()
    assert client.post(reverse("early_warning:notices_read")).status_code == 302
    assert not Notice.objects.filter(user=org.staff, read_at__isnull=True).exists()
    assert client.get(reverse("early_warning:notices_read")).status_code == 405


# --------------------------------------------------------------------------- bulletins


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("head", 403),
        ("inspector", 302),
        ("editor", 403),
        ("admin", 302),
    ],
)
def test_bulletin_draft_permissions(client, org, data, home_page, role, expected):
    response = login(client, org, role).post(
        reverse("early_warning:bulletin_draft"), {"month": "2025-03"}
    )
    assert response.status_code == expected
    made = BulletinPage.objects.filter(month=MARCH)
    assert made.exists() == (role in ("inspector", "admin"))
    if made.exists():
        page = made.get()
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert not page.live
        assert page.data["departments"][0]["name"] in ("市财政局", "市卫生健康委员会")
        assert {m["kind"] for m in page.data["measures"]}


def test_bulletin_pages(client, org, data, home_page):
    page = services.draft_bulletin(month=MARCH, actor=org.inspector)
    page.save_revision().publish()
    page.refresh_from_db()
    index = BulletinIndexPage.objects.get()
    # staff-only (the default): anonymous visitors are sent to log in and do not see it listed
    assert is_login_redirect(client.get(page.url))
    assert page.title not in client.get(index.url).content.decode()
    client.force_login(org.staff)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "市财政局" in response.content.decode()
    printable = client.get(page.url + "?print=1")
    assert printable.status_code == 200
    assert "window.print()" in printable.content.decode()
    assert 'class="site-header' not in printable.content.decode()
    client.logout()
    page.audience = "public"
    page.save_revision().publish()
    assert client.get(page.url).status_code == 200
    assert page.title in client.get(index.url).content.decode()


# --------------------------------------------------------------------------- admin rules


@pytest.mark.parametrize(
    "role,can_edit",
    [("staff", False), ("head", False), ("inspector", True), ("editor", False), ("admin", True)],
)
def test_inspectors_edit_rules_in_the_admin(client, org, role, can_edit):
    from django.contrib.auth.models import Permission

    from early_warning.models import Rule

    user = getattr(org, role)
    if role in ("staff", "head", "editor", "inspector"):
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    rule = Rule.objects.get(name="一项任务逾期未完成")
    url = reverse("wagtailsnippets_early_warning_rule:edit", args=[rule.pk])
    response = client.get(url)
    assert (response.status_code == 200) == can_edit
    response = client.post(
        url,
        {
            "name": rule.name,
            "description": "",
            "scope": "staff",
            "source": "learning",
            "kind": "task_overdue",
            "min_severity": "1",
            "window_months": "1",
            "count_threshold": "3",
            "consecutive_months": "0",
            "level": "1",
            "sort_order": "0",
            "is_active": "on",
        },
    )
    rule.refresh_from_db()
    assert (rule.count_threshold == 3) == can_edit
    if can_edit:
        bad = client.post(
            url,
            {
                "name": "x",
                "scope": "staff",
                "min_severity": "1",
                "window_months": "1",
                "count_threshold": "1",
                "consecutive_months": "1",
                "level": "1",
                "sort_order": "0",
            },
        )
        assert bad.status_code == 200  # 1 consecutive month is refused
        rule.refresh_from_db()
        assert rule.name == "一项任务逾期未完成"
