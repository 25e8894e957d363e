import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from early_warning import services
from early_warning.models import (
    Colour,
    EventAction,
    Level,
    Measure,
    MeasureKind,
    MeasureStatus,
    Notice,
    Rule,
    Scope,
    Severity,
    Signal,
)
from tests.early_warning.conftest import APRIL, MARCH, MAY, signal
from tests.factories import StaffProfileFactory


def staff_level(user, month):
    return Level.objects.filter(scope=Scope.STAFF, user=user, month=month).first()


def department_level(department, month):
    return Level.objects.filter(scope=Scope.DEPARTMENT, department=department, month=month).first()


def test_default_rules_are_shipped(db):
    rules = Rule.objects.all()
    assert rules.count() >= 9
    overdue = rules.get(name="一项任务逾期未完成")
    assert (overdue.kind, overdue.count_threshold, overdue.level) == ("task_overdue", 1, 1)
    running = rules.get(name="连续两个月任务逾期")
    assert (running.consecutive_months, running.level) == (2, Colour.ORANGE)
    assert rules.get(name="举报查实（个人）").level == Colour.RED


def test_one_overdue_task_is_yellow_and_explained(org):
    s = signal(user_id=org.staff.pk, month=MARCH)
    level = staff_level(org.staff, MARCH)
    assert level.level == Colour.YELLOW
    assert level.department_id == org.department.pk
    [match] = level.explanation["rules"]
    assert match["name"] == "一项任务逾期未完成"
    assert match["signals"] == [s.pk]
    # the department inherits its staff member's level and says so
    dept = department_level(org.department, MARCH)
    assert dept.level == Colour.YELLOW
    assert dept.explanation["inherited"]["people"][0]["name"] == "李明"
    assert department_level(org.other, MARCH) is None


def test_record_signal_is_idempotent_on_reference(org):
    first = signal(user_id=org.staff.pk, month=MARCH, reference="learning.warningfact:7")
    again = signal(user_id=org.staff.pk, month=APRIL, reference="learning.warningfact:7")
    assert again.pk == first.pk
    assert Signal.objects.count() == 1
    assert staff_level(org.staff, APRIL) is None


def test_overdue_two_months_running_is_orange(org):
    signal(user_id=org.staff.pk, month=MARCH)
    signal(user_id=org.staff.pk, month=APRIL)
    assert staff_level(org.staff, MARCH).level == Colour.YELLOW
    april = staff_level(org.staff, APRIL)
    assert april.level == Colour.ORANGE
    names = {m["name"] for m in april.explanation["rules"]}
    assert names == {"一项任务逾期未完成", "连续两个月任务逾期"}
    # a gap breaks the run
    signal(user_id=org.colleague.pk, month=MARCH)
    signal(user_id=org.colleague.pk, month=MAY)
    assert staff_level(org.colleague, MAY).level == Colour.YELLOW


def test_a_late_signal_updates_the_following_month(org):
    signal(user_id=org.staff.pk, month=APRIL)
    assert staff_level(org.staff, APRIL).level == Colour.YELLOW
    signal(user_id=org.staff.pk, month=MARCH)  # recorded afterwards
    assert staff_level(org.staff, APRIL).level == Colour.ORANGE


def test_selfcheck_yes_on_a_high_risk_is_orange(org):
    s = services.record_signal(
        source="learning",
        kind="selfcheck_admission",
        user_id=org.staff.pk,
        department_id=org.department.pk,
        month=MARCH,
        task="selfcheck",
        severity="high",
        detail={"prompt": "违规报销", "answer": "yes", "risk_point_id": org.high_risk.pk},
        occurred_at=None,
        reference="learning.warningfact:1",
    )
    assert s.severity == Severity.HIGH
    assert staff_level(org.staff, MARCH).level == Colour.ORANGE
    # "possibly" on a low risk is low: no rule fires
    low = services.record_signal(
        source="learning",
        kind="selfcheck_admission",
        user_id=org.colleague.pk,
        month=MARCH,
        severity="medium",
        detail={"answer": "possibly", "risk_point_id": org.low_risk.pk},
        reference="learning.warningfact:2",
    )
    assert low.severity == Severity.LOW
    assert staff_level(org.colleague, MARCH) is None


def test_substantiated_report_matches_the_named_person(org):
    services.record_signal(
        source="feedback",
        kind="report_substantiated",
        department_id=org.department.pk,
        person_name="李明",
        person_position="科员",
        month=MARCH,
        score=None,
        reference="feedback:report_substantiated:1",
        detail={"category": "作风", "outcome": "substantiated"},
        occurred_at=dt.datetime(2025, 3, 5, tzinfo=dt.UTC),
    )
    assert staff_level(org.staff, MARCH).level == Colour.RED
    assert department_level(org.department, MARCH).level == Colour.RED


def test_report_without_a_unique_match_concerns_the_department(org):
    s = services.record_signal(
        source="feedback",
        kind="report_substantiated",
        department_id=org.other.pk,
        person_name="张三",
        person_position="",
        month=MARCH,
        score=None,
        reference="feedback:report_substantiated:2",
        detail={},
        occurred_at=dt.datetime(2025, 3, 5, tzinfo=dt.UTC),
    )
    assert s.user_id is None
    assert s.detail["person_name"] == "张三"
    assert department_level(org.other, MARCH).level == Colour.RED
    assert not Level.objects.filter(scope=Scope.STAFF).exists()


def test_poor_rating_makes_the_department_yellow(org):
    services.record_signal(
        source="feedback",
        kind="poor_rating",
        department_id=org.other.pk,
        person_name="",
        person_position="",
        month=MARCH,
        score="2.40",
        reference="feedback:poor_rating:3",
        detail={"count": 12},
        occurred_at=dt.datetime(2025, 3, 31, tzinfo=dt.UTC),
    )
    assert department_level(org.other, MARCH).level == Colour.YELLOW


def test_record_signal_rejects_bad_input(org):
    with pytest.raises(ValueError):
        services.record_signal(source="nowhere", kind="x", user_id=org.staff.pk)
    with pytest.raises(ValueError):
        services.record_signal(source="inspector", kind="audit_finding")
    assert not Signal.objects.exists()


def test_evaluate_month_is_idempotent(org):
    for user in (org.staff, org.colleague):
        signal(user_id=user.pk, month=MARCH, evaluate=False)
    assert not Level.objects.exists()
    first = services.evaluate_month(month=MARCH)
    assert first.staff == {Colour.YELLOW: 2}
    assert first.created == 4  # two people, their two departments
    assert first.reminders == 4
    levels = list(Level.objects.values_list("pk", "level", "updated_at").order_by("pk"))
    again = services.evaluate_month(month=MARCH)
    assert (again.created, again.updated, again.deleted, again.reminders) == (0, 0, 0, 0)
    assert list(Level.objects.values_list("pk", "level", "updated_at").order_by("pk")) == levels
    assert Measure.objects.filter(automatic=True).count() == 4


def test_editing_a_rule_changes_the_levels(org):
    signal(user_id=org.staff.pk, month=MARCH)
    assert staff_level(org.staff, MARCH).level == Colour.YELLOW
    rule = Rule.objects.get(name="一项任务逾期未完成")
    rule.count_threshold = 2
    rule.save()
    result = services.evaluate_month(month=MARCH)
    assert staff_level(org.staff, MARCH) is None
    assert result.deleted == 2
    signal(user_id=org.staff.pk, month=MARCH)
    assert staff_level(org.staff, MARCH).level == Colour.YELLOW


def test_window_and_threshold(org):
    Rule.objects.all().delete()
    Rule.objects.create(
        name="三个月内两次迟交",
        scope=Scope.STAFF,
        source="learning",
        kind="task_late",
        window_months=3,
        count_threshold=2,
        level=Colour.ORANGE,
    )
    signal(user_id=org.staff.pk, kind="task_late", month=MARCH)
    assert staff_level(org.staff, MARCH) is None
    signal(user_id=org.staff.pk, kind="task_late", month=MAY)
    assert staff_level(org.staff, MAY).level == Colour.ORANGE
    # department-scoped rules count every signal of the department
    Rule.objects.create(
        name="部门两次",
        scope=Scope.DEPARTMENT,
        kind="task_late",
        count_threshold=2,
        level=Colour.RED,
    )
    signal(user_id=org.head.pk, kind="task_late", month=MAY)
    services.evaluate_month(month=MAY)
    assert department_level(org.department, MAY).level == Colour.RED


def test_automatic_reminder_notifies_and_emails(org):
    signal(user_id=org.staff.pk, month=MARCH)
    reminder = Measure.objects.get(user=org.staff, automatic=True)
    assert reminder.kind == MeasureKind.REMINDER
    assert reminder.status == MeasureStatus.CLOSED
    assert reminder.level == Colour.YELLOW
    assert list(reminder.events.values_list("action", flat=True)) == [EventAction.SENT]
    assert Notice.objects.filter(user=org.staff, measure=reminder).exists()
    # the department's reminder goes to its head
    dept_reminder = Measure.objects.get(department=org.department, scope=Scope.DEPARTMENT)
    assert Notice.objects.filter(user=org.head, measure=dept_reminder).exists()
    # a second signal in the month sends no second reminder
    signal(user_id=org.staff.pk, month=MARCH)
    assert Measure.objects.filter(user=org.staff, automatic=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_reminder_is_emailed_when_wanted(org):
    signal(user_id=org.staff.pk, month=MARCH)
    assert any(org.staff.email in m.to for m in mail.outbox)
    assert Notice.objects.filter(user=org.staff, emailed=True).exists()


def test_evaluate_month_query_count_does_not_grow(org, django_assert_max_num_queries):
    for _ in range(3):
        user = StaffProfileFactory(department=org.department).user
        signal(user_id=user.pk, month=MARCH, evaluate=False)
    Level.objects.all().delete()
    with django_assert_max_num_queries(40) as small:
        services.evaluate_month(month=MARCH)
    small_count = len(small.captured_queries)
    Level.objects.all().delete()
    Measure.objects.all().delete()
    for _ in range(30):
        user = StaffProfileFactory(department=org.other).user
        signal(user_id=user.pk, month=MARCH, evaluate=False)
    with django_assert_max_num_queries(small_count + 2):
        services.evaluate_month(month=MARCH)


def test_command(org, capsys):
    signal(user_id=org.staff.pk, month=MARCH, evaluate=False)
    call_command("evaluate_warnings", "2025-03", "--to", "2025-04")
    out = capsys.readouterr().out
    assert "2025-03: staff levels 1:1" in out
    assert "2025-04: staff levels -" in out
    assert staff_level(org.staff, MARCH).level == Colour.YELLOW
    call_command("evaluate_warnings", "2025-03")
    assert "0 created, 0 updated, 0 cleared" in capsys.readouterr().out
    for bad in ("2025-13", "March", "2025-3"):
        with pytest.raises(CommandError):
            call_command("evaluate_warnings", bad)
    with pytest.raises(CommandError):
        call_command("evaluate_warnings", "2025-04", "--to", "2025-03")


# --------------------------------------------------------------------------- measures


def test_talk_is_scheduled_held_and_recorded(org):
    when = dt.datetime(2025, 4, 2, 9, 30, tzinfo=dt.UTC)
    talk = services.create_measure(
        kind=MeasureKind.TALK,
        actor=org.inspector,
        user=org.staff,
        month=MARCH,
        reason="连续逾期",
        scheduled_at=when,
        location="纪检组办公室",
    )
    assert talk.department_id == org.department.pk
    assert "纪检组办公室" in Notice.objects.get(user=org.staff, measure=talk).message
    with pytest.raises(services.WarningError):
        services.record_talk(
            measure=talk, actor=org.inspector, held_at=when, attendees="", record="x"
        )
    services.record_talk(
        measure=talk, actor=org.inspector, held_at=when, attendees="张书记\n李明", record="谈话记录"
    )
    talk.refresh_from_db()
    assert talk.status == MeasureStatus.CLOSED
    assert talk.attendee_list == ["张书记", "李明"]
    assert list(talk.events.values_list("action", flat=True)) == ["scheduled", "held"]
    with pytest.raises(services.WarningError):
        services.create_measure(kind=MeasureKind.TALK, actor=org.inspector, user=org.staff)


def test_rectification_cycle(org):
    order = services.create_measure(
        kind=MeasureKind.RECTIFICATION,
        actor=org.inspector,
        user=org.staff,
        deadline=dt.date(2099, 1, 31),
        reason="整改",
    )
    with pytest.raises(services.WarningError):
        services.submit_rectification_report(
            measure=order, user=org.colleague, text="已经整改完毕了。"
        )
    with pytest.raises(services.WarningError):
        services.submit_rectification_report(measure=order, user=org.staff, text="短")
    services.submit_rectification_report(
        measure=order, user=org.staff, text="已按要求全部整改完毕。"
    )
    order.refresh_from_db()
    assert order.status == MeasureStatus.SUBMITTED
    with pytest.raises(services.WarningError):
        services.verify_rectification(measure=order, actor=org.inspector, accept=False, note="")
    services.verify_rectification(measure=order, actor=org.inspector, accept=False, note="缺少佐证")
    order.refresh_from_db()
    assert order.status == MeasureStatus.OPEN
    services.submit_rectification_report(measure=order, user=org.staff, text="补充了佐证材料。")
    services.verify_rectification(
        measure=Measure.objects.get(pk=order.pk), actor=org.inspector, accept=True
    )
    order.refresh_from_db()
    assert order.status == MeasureStatus.CLOSED and order.closed_by == org.inspector
    assert list(order.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]
    with pytest.raises(services.WarningError):
        services.create_measure(kind=MeasureKind.RECTIFICATION, actor=org.inspector, user=org.staff)


def test_overdue_rectification_is_flagged_once_and_escalation_proposed(org):
    order = services.create_measure(
        kind=MeasureKind.RECTIFICATION,
        actor=org.inspector,
        department=org.department,
        deadline=dt.date(2025, 4, 30),
    )
    assert Notice.objects.filter(user=org.head, measure=order).exists()
    assert services.flag_overdue(today=dt.date(2025, 4, 30)) == 0
    assert services.flag_overdue(today=dt.date(2025, 5, 1)) == 1
    assert services.flag_overdue(today=dt.date(2025, 5, 2)) == 0
    order.refresh_from_db()
    assert order.overdue_flagged_at is not None
    assert order.is_overdue
    assert order.events.filter(action=EventAction.OVERDUE).exists()
    # the head of the department submits the department's report
    services.submit_rectification_report(
        measure=order, user=org.head, text="部门已经完成整改工作。"
    )
    escalated = services.escalate(measure=order, actor=org.inspector)
    assert escalated.kind == MeasureKind.ACCOUNTABILITY
    assert escalated.escalated_from == order
    services.record_decision(measure=escalated, actor=org.inspector, decision="给予通报批评")
    escalated.refresh_from_db()
    assert escalated.status == MeasureStatus.CLOSED
    with pytest.raises(services.WarningError):
        services.escalate(measure=escalated, actor=org.inspector)


def test_measure_needs_exactly_one_subject(org):
    with pytest.raises(services.WarningError):
        services.create_measure(kind=MeasureKind.REMINDER, actor=org.inspector)
    with pytest.raises(services.WarningError):
        services.create_measure(
            kind=MeasureKind.REMINDER, actor=org.inspector, user=org.staff, department=org.other
        )
    with pytest.raises(services.WarningError):
        services.create_measure(kind="bogus", actor=org.inspector, user=org.staff)
    assert not Measure.objects.exists()


def test_cancel_and_notices_read(org):
    talk = services.create_measure(
        kind=MeasureKind.TALK,
        actor=org.inspector,
        user=org.staff,
        scheduled_at=dt.datetime(2025, 4, 2, 9, tzinfo=dt.UTC),
    )
    with pytest.raises(services.WarningError):
        services.cancel_measure(measure=talk, actor=org.inspector, note=" ")
    services.cancel_measure(measure=talk, actor=org.inspector, note="重复")
    talk.refresh_from_db()
    assert talk.status == MeasureStatus.CANCELLED
    assert services.mark_notices_read(user=org.staff) == 2
    assert services.mark_notices_read(user=org.staff) == 0


def test_reminders_only_for_recent_months(org, settings):
    settings.EARLY_WARNING_REMINDER_MONTHS = 2
    today = dt.date(2025, 5, 20)
    assert services.reminders_due(MAY, today)
    assert services.reminders_due(APRIL, today)
    assert not services.reminders_due(MARCH, today)
    signal(user_id=org.staff.pk, month=MARCH, evaluate=False)
    services.evaluate_month(month=MARCH, send_reminders=False)
    assert services.send_automatic_reminders(month=MARCH, today=today) == 0
    assert services.send_automatic_reminders(month=MARCH, today=dt.date(2025, 4, 2)) == 2
    assert not Measure.objects.filter(month=APRIL).exists()


def test_notices_are_in_the_site_language(org):
    from django.utils import translation

    with translation.override("en"):
        signal(user_id=org.staff.pk, month=MARCH)
    notice = Notice.objects.get(user=org.staff)
    assert notice.message.startswith("警示提醒")
