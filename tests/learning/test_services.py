import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from learning import services, warnings
from learning.models import (
    Checkin,
    CheckinMonth,
    MonthlySummary,
    Notification,
    SelfCheckAnswer,
    Task,
    TaskRecord,
    WarningFact,
)
from tests.factories import StaffProfileFactory
from tests.learning.conftest import MONTH

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(8 * 60)


def at(day, hour=10):
    return dt.datetime(2026, 11, day, hour, tzinfo=TZ)


def checkin_for(user, month=MONTH):
    return Checkin.objects.select_related("month").get(user=user, month__month=month)


class TestOpenMonth:
    def test_opens_for_every_monitored_active_staff_member_once(self, org):
        StaffProfileFactory(user__username="retired", is_monitored=False)
        inactive = StaffProfileFactory(user__username="gone").user
        inactive.is_active = False
        inactive.save()

        result = services.open_month(month=MONTH)

        users = set(Checkin.objects.values_list("user__username", flat=True))
        assert users == {"staff", "colleague", "outsider", "head"}
        assert result.created == 4 and result.total == 4
        assert result.month.deadline == dt.date(2026, 11, 25)
        again = services.open_month(month=MONTH)
        assert again.created == 0 and Checkin.objects.count() == 4
        assert checkin_for(org["colleague"]).department == org["sub"]

    def test_query_count_does_not_grow_with_staff(self, org, django_assert_max_num_queries):
        StaffProfileFactory.create_batch(30)
        with django_assert_max_num_queries(10):
            services.open_month(month=MONTH)
        assert Checkin.objects.count() == 34

    def test_deadline_day_is_configurable(self, org, settings):
        settings.CHECKIN_DEADLINE_DAY = 31
        result = services.open_month(month=dt.date(2026, 2, 1))
        assert result.month.deadline == dt.date(2026, 2, 28)

    def test_command(self, org):
        out = StringIO()
        call_command("open_month", "2026-11", stdout=out)
        assert "4 check-ins created" in out.getvalue()
        call_command("open_month", "2026-11", stdout=out)
        assert "0 check-ins created, 4 in total" in out.getvalue()

    def test_lazy_opening_on_first_visit_only_for_participants(self, org):
        checkin = services.ensure_checkin(user=org["staff"])
        assert checkin is not None and checkin.month.month == timezone.localdate().replace(day=1)
        assert Checkin.objects.count() == 1  # only the visitor's own
        assert services.ensure_checkin(user=org["inspector"]) is None
        assert services.ensure_checkin(user=org["staff"], month=dt.date(2020, 1, 1)) is None


class TestReading:
    def test_confirmation_needs_the_content_shown_first(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        with pytest.raises(services.CheckinError):
            services.confirm_reading(checkin=checkin, task=Task.DUTIES, now=at(3))
        services.mark_shown(checkin=checkin, task=Task.DUTIES, now=at(3, 9))
        record = services.confirm_reading(checkin=checkin, task=Task.DUTIES, now=at(3))
        assert record.completed_at == at(3) and record.shown_at == at(3, 9)
        assert not record.is_late
        checkin.refresh_from_db()
        assert checkin.completed_count == 1 and checkin.late_count == 0
        # confirming again changes nothing
        services.confirm_reading(checkin=checkin, task=Task.DUTIES, now=at(4))
        assert TaskRecord.objects.get(checkin=checkin, task="duties").completed_at == at(3)

    def test_not_a_reading_task(self, org):
        services.open_month(month=MONTH)
        with pytest.raises(services.CheckinError):
            services.confirm_reading(checkin=checkin_for(org["staff"]), task=Task.SUMMARY)

    def test_late_completion_is_marked_and_becomes_a_fact(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        services.mark_shown(checkin=checkin, task=Task.RISKS, now=at(26))
        record = services.confirm_reading(checkin=checkin, task=Task.RISKS, now=at(26))
        assert record.is_late
        checkin.refresh_from_db()
        assert checkin.late_count == 1
        fact = WarningFact.objects.get()
        assert (fact.kind, fact.task, fact.user) == ("task_late", "risks", org["staff"])


class TestSelfCheck:
    def answers(self, checkin, **overrides):
        from learning.selectors import questionnaire

        items = questionnaire(checkin=checkin)
        data = {item.key: ("no", "") for item in items}
        data.update(overrides)
        return items, data

    def test_questionnaire_is_post_risks_plus_common_questions(self, org):
        services.open_month(month=MONTH)
        from learning.selectors import questionnaire

        prompts = [i.prompt for i in questionnaire(checkin=checkin_for(org["staff"]))]
        assert prompts == ["违规报销", "私设小金库", "本月是否收受礼品礼金？"]
        # a colleague without a post only gets the common question
        assert len(questionnaire(checkin=checkin_for(org["colleague"]))) == 1

    def test_explanation_required_unless_no_and_every_item_answered(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        items, data = self.answers(checkin)
        data[items[0].key] = ("yes", "  ")
        del data[items[2].key]
        with pytest.raises(services.SelfCheckInvalid) as exc:
            services.submit_selfcheck(checkin=checkin, answers=data)
        assert set(exc.value.errors) == {items[0].key, items[2].key}
        assert not SelfCheckAnswer.objects.exists()
        data[items[2].key] = ("maybe", "")
        with pytest.raises(services.SelfCheckInvalid):
            services.submit_selfcheck(checkin=checkin, answers=data)

    def test_submission_records_admissions_and_locks(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        items, data = self.answers(checkin)
        data[items[0].key] = ("yes", "报销了一张不合规的发票，已退回。")
        data[items[1].key] = ("possibly", "账外有零星收入，正在核实。")
        services.submit_selfcheck(checkin=checkin, answers=data, now=at(10))
        assert SelfCheckAnswer.objects.filter(checkin=checkin).count() == 3
        facts = WarningFact.objects.filter(kind="selfcheck_admission").order_by("severity")
        assert [(f.severity, f.detail["answer"]) for f in facts] == [
            ("high", "yes"),
            ("medium", "possibly"),
        ]
        assert facts[0].detail["risk_point_id"] == items[0].risk_point_id
        with pytest.raises(services.CheckinError):
            services.submit_selfcheck(checkin=checkin, answers=data)
        checkin.refresh_from_db()
        assert checkin.completed_count == 1


class TestSummary:
    def test_draft_then_submit_then_locked(self, org, settings):
        settings.CHECKIN_SUMMARY_MIN_LENGTH = 20
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        services.save_summary(checkin=checkin, text="草稿", submit=False)
        assert not MonthlySummary.objects.get().is_submitted
        with pytest.raises(services.CheckinError, match="20"):
            services.save_summary(checkin=checkin, text="太短了", submit=True)
        text = "本月完成预算执行分析和报销审核工作，未发现违规问题。" * 2
        services.save_summary(checkin=checkin, text=text, submit=True, now=at(20))
        summary = MonthlySummary.objects.get()
        assert summary.is_submitted and summary.text == text
        with pytest.raises(services.CheckinError):
            services.save_summary(checkin=checkin, text=text + "改", submit=False)
        assert MonthlySummary.objects.get().text == text
        assert TaskRecord.objects.get(checkin=checkin, task="summary").completed_at == at(20)

    def test_too_long_and_empty(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        with pytest.raises(services.CheckinError):
            services.save_summary(checkin=checkin, text="字" * 5001, submit=False)
        with pytest.raises(services.CheckinError):
            services.save_summary(checkin=checkin, text="   ", submit=False)
        assert not MonthlySummary.objects.exists()


class TestCompletion:
    def test_all_six_tasks(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        for task in (Task.DUTIES, Task.RISKS, Task.PROCEDURES, Task.REGULATIONS):
            services.mark_shown(checkin=checkin, task=task, now=at(2))
            services.confirm_reading(checkin=checkin, task=task, now=at(2))
        from learning.selectors import questionnaire

        answers = {i.key: ("no", "") for i in questionnaire(checkin=checkin)}
        services.submit_selfcheck(checkin=checkin, answers=answers, now=at(3))
        services.save_summary(checkin=checkin, text="总结" * 40, submit=True, now=at(4))
        checkin.refresh_from_db()
        assert checkin.is_complete and checkin.completed_at == at(4)


class TestRemindersAndOverdue:
    def test_reminders_before_the_deadline_once_a_day(self, org):
        services.open_month(month=MONTH)
        profile = org["outsider"].staff_profile
        profile.notify_by_email = False
        profile.save()
        result = services.send_reminders(today=dt.date(2026, 11, 22))
        assert result.notified == 4
        assert Notification.objects.filter(kind="reminder").count() == 4
        assert sorted(m.to[0] for m in mail.outbox) == [
            "colleague@example.cn",
            "head@example.cn",
            "staff@example.cn",
        ]
        again = services.send_reminders(today=dt.date(2026, 11, 22))
        assert again.notified == 0 and len(mail.outbox) == 3

    def test_no_reminders_long_before_the_deadline(self, org):
        services.open_month(month=MONTH)
        assert services.send_reminders(today=dt.date(2026, 11, 2)).notified == 0
        assert not mail.outbox

    def test_done_staff_are_not_reminded(self, org):
        services.open_month(month=MONTH)
        Checkin.objects.exclude(user=org["staff"]).update(completed_count=6)
        services.send_reminders(today=dt.date(2026, 11, 24))
        assert list(Notification.objects.values_list("user__username", flat=True)) == ["staff"]

    def test_overdue_facts_after_the_deadline(self, org):
        services.open_month(month=MONTH)
        checkin = checkin_for(org["staff"])
        services.mark_shown(checkin=checkin, task=Task.DUTIES, now=at(2))
        services.confirm_reading(checkin=checkin, task=Task.DUTIES, now=at(2))
        assert services.record_overdue(today=dt.date(2026, 11, 25)) == 0
        created = services.record_overdue(today=dt.date(2026, 11, 26))
        assert created == 4 * 6 - 1
        assert not WarningFact.objects.filter(user=org["staff"], task="duties").exists()
        assert services.record_overdue(today=dt.date(2026, 11, 27)) == 0

    def test_command(self, org):
        out = StringIO()
        call_command("send_reminders", "--date", "2026-11-24", stdout=out)
        assert "4 reminders" in out.getvalue()
        assert CheckinMonth.objects.get().month == MONTH  # opened when missing


class TestWarningSeam:
    def test_facts_wait_without_a_handler(self, org, settings):
        settings.LEARNING_WARNING_HANDLER = "early_warning_missing.services.record_signal"
        services.open_month(month=MONTH)
        services.record_overdue(today=dt.date(2026, 12, 1))
        assert WarningFact.objects.filter(delivered_at__isnull=True).count() == 24
        assert warnings.deliver_pending() == 0

    def test_facts_are_delivered_and_can_be_replayed(self, org, settings):
        received.clear()
        settings.LEARNING_WARNING_HANDLER = "tests.learning.test_services.fake_record_signal"
        services.open_month(month=MONTH)
        services.record_overdue(today=dt.date(2026, 12, 1))
        # on_commit does not run inside the test transaction: deliver explicitly
        assert warnings.deliver_pending() == 24
        assert not WarningFact.objects.filter(delivered_at__isnull=True).exists()
        first = received[0]
        assert first["source"] == "learning" and first["kind"] == "task_overdue"
        assert first["month"] == MONTH and first["reference"].startswith("learning.warningfact:")
        assert warnings.deliver_pending() == 0
        assert warnings.deliver_pending(redeliver=True) == 24


received: list[dict] = []


def fake_record_signal(**kwargs):
    received.append(kwargs)
