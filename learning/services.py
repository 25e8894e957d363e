"""Writes for the monthly check-in. Views and commands call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.months import deadline_for, month_label, month_of
from learning import selectors
from learning.assignments import record_course_overdue
from learning.models import (
    ALL_TASKS,
    READING_TASKS,
    Answer,
    Checkin,
    CheckinMonth,
    MonthlySummary,
    Notification,
    SelfCheckAnswer,
    Task,
    TaskRecord,
    WarningFact,
)
from learning.warnings import deliver_pending, record_facts
from organization.models import StaffProfile


class CheckinError(Exception):
    """A check-in action that is not allowed (message is user-facing)."""


def deadline_day() -> int:
    return int(getattr(settings, "CHECKIN_DEADLINE_DAY", 25))


def summary_min_length() -> int:
    return int(getattr(settings, "CHECKIN_SUMMARY_MIN_LENGTH", 50))


SUMMARY_MAX_LENGTH = 5000
EXPLANATION_MAX_LENGTH = 1000


# --------------------------------------------------------------------------- months


@dataclass
class OpenMonthResult:
    month: CheckinMonth
    created: int
    total: int


def get_or_create_month(*, month: dt.date) -> CheckinMonth:
    month = month_of(month)
    checkin_month, _created = CheckinMonth.objects.get_or_create(
        month=month, defaults={"deadline": deadline_for(month, deadline_day())}
    )
    return checkin_month


@transaction.atomic
def open_month(*, month: dt.date) -> OpenMonthResult:
    """Open ``month`` for every monitored, active staff member. Idempotent and bulk."""
    checkin_month = get_or_create_month(month=month)
    before = Checkin.objects.filter(month=checkin_month).count()
    rows = StaffProfile.objects.monitored().values_list("user_id", "department_id")
    Checkin.objects.bulk_create(
        [Checkin(month=checkin_month, user_id=u, department_id=d) for u, d in rows.iterator()],
        ignore_conflicts=True,
        batch_size=2000,
    )
    total = Checkin.objects.filter(month=checkin_month).count()
    return OpenMonthResult(month=checkin_month, created=total - before, total=total)


def ensure_checkin(*, user, month: dt.date | None = None) -> Checkin | None:
    """The user's check-in for ``month`` (default: this month), opening it lazily on the
    first visit. None for users who do not take part in the check-in."""
    month = month_of(month or timezone.localdate())
    existing = selectors.checkin_for(user=user, month=month)
    if existing is not None:
        return existing
    if month != month_of(timezone.localdate()):
        return None  # past months are never opened lazily
    profile = StaffProfile.objects.monitored().filter(user=user).first()
    if profile is None:
        return None
    with transaction.atomic():
        checkin_month = get_or_create_month(month=month)
        Checkin.objects.get_or_create(
            month=checkin_month, user=user, defaults={"department_id": profile.department_id}
        )
    return selectors.checkin_for(user=user, month=month)


# --------------------------------------------------------------------------- tasks


def _is_late(checkin: Checkin, when: dt.datetime) -> bool:
    return timezone.localdate(when) > checkin.month.deadline


def mark_shown(*, checkin: Checkin, task: str, now: dt.datetime | None = None) -> TaskRecord:
    """Record that a task's content was shown (the first time only)."""
    now = now or timezone.now()
    record, created = TaskRecord.objects.get_or_create(
        checkin=checkin, task=task, defaults={"shown_at": now}
    )
    if not created and record.shown_at is None:
        record.shown_at = now
        record.save(update_fields=["shown_at"])
    return record


def _complete(*, checkin: Checkin, task: str, now: dt.datetime) -> TaskRecord:
    """Mark ``task`` done (once), update the check-in's counters, record lateness."""
    Checkin.objects.select_for_update().filter(pk=checkin.pk).first()
    record, _created = TaskRecord.objects.get_or_create(checkin=checkin, task=task)
    if record.completed_at is not None:
        return record
    record.completed_at = now
    record.is_late = _is_late(checkin, now)
    if record.shown_at is None:
        record.shown_at = now
    record.save(update_fields=["completed_at", "is_late", "shown_at"])
    counts = checkin.task_records.filter(completed_at__isnull=False).aggregate(
        done=Count("pk"), late=Count("pk", filter=Q(is_late=True))
    )
    checkin.completed_count = counts["done"]
    checkin.late_count = counts["late"]
    if counts["done"] >= len(ALL_TASKS):
        checkin.completed_at = now
    checkin.save(update_fields=["completed_count", "late_count", "completed_at"])
    if record.is_late:
        record_facts(
            [
                WarningFact(
                    kind=WarningFact.Kind.TASK_LATE,
                    user_id=checkin.user_id,
                    month=checkin.month,
                    department_id=checkin.department_id,
                    task=task,
                    severity="low",
                    detail={"deadline": checkin.month.deadline.isoformat()},
                    occurred_at=now,
                )
            ]
        )
    return record


@transaction.atomic
def confirm_reading(*, checkin: Checkin, task: str, now: dt.datetime | None = None) -> TaskRecord:
    """ "已阅读": only possible once the task's content has been shown to the user."""
    if task not in READING_TASKS:
        raise CheckinError(_("This task is not a reading task."))
    record = TaskRecord.objects.filter(checkin=checkin, task=task).first()
    if record is None or record.shown_at is None:
        raise CheckinError(_("Open and read the content before confirming."))
    return _complete(checkin=checkin, task=task, now=now or timezone.now())


# --------------------------------------------------------------------------- self-check


@transaction.atomic
def submit_selfcheck(
    *, checkin: Checkin, answers: dict[str, tuple[str, str]], now: dt.datetime | None = None
) -> list[SelfCheckAnswer]:
    """Store the self-check. ``answers`` maps each questionnaire item key to
    (answer, explanation). Every item must be answered; an explanation is required unless the
    answer is "no". Submitted once; then locked."""
    now = now or timezone.now()
    if selectors.task_done(checkin=checkin, task=Task.SELFCHECK):
        raise CheckinError(_("The self-check has already been submitted."))
    items = selectors.questionnaire(checkin=checkin)
    errors: dict[str, str] = {}
    rows = []
    for position, item in enumerate(items):
        answer, explanation = answers.get(item.key, ("", ""))
        explanation = (explanation or "").strip()
        if answer not in Answer.values:
            errors[item.key] = _("Choose an answer.")
            continue
        if answer != Answer.NO and not explanation:
            errors[item.key] = _("Explain your answer.")
            continue
        if len(explanation) > EXPLANATION_MAX_LENGTH:
            errors[item.key] = _("The explanation is too long (at most %(n)s characters).") % {
                "n": EXPLANATION_MAX_LENGTH
            }
            continue
        rows.append(
            SelfCheckAnswer(
                checkin=checkin,
                risk_point_id=item.risk_point_id,
                question_id=item.question_id,
                prompt=item.prompt,
                answer=answer,
                explanation=explanation,
                position=position,
            )
        )
    if errors:
        raise SelfCheckInvalid(errors)
    checkin.selfcheck_answers.all().delete()
    created = SelfCheckAnswer.objects.bulk_create(rows)
    _complete(checkin=checkin, task=Task.SELFCHECK, now=now)
    admissions = [
        WarningFact(
            kind=WarningFact.Kind.SELFCHECK_ADMISSION,
            user_id=checkin.user_id,
            month=checkin.month,
            department_id=checkin.department_id,
            task=Task.SELFCHECK,
            reference=f"answer:{answer.pk}" if answer.pk else f"position:{answer.position}",
            severity="high" if answer.answer == Answer.YES else "medium",
            detail={
                "prompt": answer.prompt,
                "answer": answer.answer,
                "explanation": answer.explanation,
                "risk_point_id": answer.risk_point_id,
            },
            occurred_at=now,
        )
        for answer in created
        if answer.answer != Answer.NO
    ]
    record_facts(admissions)
    return created


class SelfCheckInvalid(CheckinError):
    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Some answers are missing or incomplete."))
        self.errors = errors


# --------------------------------------------------------------------------- summary


@transaction.atomic
def save_summary(
    *, checkin: Checkin, text: str, submit: bool, now: dt.datetime | None = None
) -> MonthlySummary:
    """Save the summary as a draft or submit it (then it is locked)."""
    now = now or timezone.now()
    summary = MonthlySummary.objects.select_for_update().filter(checkin=checkin).first()
    if summary is not None and summary.is_submitted:
        raise CheckinError(_("The summary has been submitted and can no longer be changed."))
    text = (text or "").strip()
    if len(text) > SUMMARY_MAX_LENGTH:
        raise CheckinError(
            _("The summary is too long (at most %(n)s characters).") % {"n": SUMMARY_MAX_LENGTH}
        )
    if submit and len(text) < summary_min_length():
        raise CheckinError(
            _("The summary must be at least %(n)s characters long (now %(count)s).")
            % {"n": summary_min_length(), "count": len(text)}
        )
    if not submit and not text:
        raise CheckinError(_("The draft is empty."))
    if summary is None:
        summary = MonthlySummary(checkin=checkin)
    summary.text = text
    if submit:
        summary.submitted_at = now
    summary.save()
    if submit:
        _complete(checkin=checkin, task=Task.SUMMARY, now=now)
    return summary


# --------------------------------------------------------------------------- deadlines


@transaction.atomic
def record_overdue(*, today: dt.date | None = None) -> int:
    """Record a WarningFact for every task not done in months whose deadline has passed."""
    today = today or timezone.localdate()
    now = timezone.now()
    facts = []
    for checkin_month in CheckinMonth.objects.filter(deadline__lt=today):
        done = set(
            TaskRecord.objects.filter(
                checkin__month=checkin_month, completed_at__isnull=False
            ).values_list("checkin_id", "task")
        )
        for checkin_id, user_id, department_id in Checkin.objects.filter(
            month=checkin_month, completed_count__lt=len(ALL_TASKS)
        ).values_list("pk", "user_id", "department_id"):
            for task in ALL_TASKS:
                if (checkin_id, task.value) not in done:
                    facts.append(
                        WarningFact(
                            kind=WarningFact.Kind.TASK_OVERDUE,
                            user_id=user_id,
                            month=checkin_month,
                            department_id=department_id,
                            task=task.value,
                            severity="medium",
                            detail={"deadline": checkin_month.deadline.isoformat()},
                            occurred_at=now,
                        )
                    )
    before = WarningFact.objects.filter(kind=WarningFact.Kind.TASK_OVERDUE).count()
    record_facts(facts)
    return WarningFact.objects.filter(kind=WarningFact.Kind.TASK_OVERDUE).count() - before


@dataclass
class ReminderResult:
    notified: int = 0
    emailed: int = 0
    overdue_facts: int = 0
    course_overdue_facts: int = 0
    delivered: int = 0


def reminder_days() -> int:
    return int(getattr(settings, "CHECKIN_REMINDER_DAYS", 5))


def send_reminders(*, today: dt.date | None = None) -> ReminderResult:
    """Daily (cron): remind staff with open tasks as the deadline approaches (staff area and
    email), record overdue facts for passed deadlines (check-in tasks and required assigned
    courses) and deliver pending facts. Idempotent per day."""
    today = today or timezone.localdate()
    result = ReminderResult()
    checkin_month = CheckinMonth.objects.filter(month=month_of(today)).first()
    if checkin_month is None:
        checkin_month = open_month(month=today).month
    days_left = (checkin_month.deadline - today).days
    if 0 <= days_left <= reminder_days():
        result.notified, result.emailed = _remind(checkin_month=checkin_month, today=today)
    result.overdue_facts = record_overdue(today=today)
    result.course_overdue_facts = record_course_overdue(today=today)
    result.delivered = deliver_pending()
    return result


@transaction.atomic
def _remind(*, checkin_month: CheckinMonth, today: dt.date) -> tuple[int, int]:
    already = set(
        Notification.objects.filter(
            month=checkin_month, kind=Notification.Kind.REMINDER, day=today
        ).values_list("user_id", flat=True)
    )
    rows = (
        Checkin.objects.filter(month=checkin_month, completed_count__lt=len(ALL_TASKS))
        .exclude(user_id__in=already)
        .filter(user__is_active=True)
        .values_list(
            "user_id",
            "completed_count",
            "user__email",
            "user__staff_profile__notify_by_email",
            "user__staff_profile__notify_in_app",
        )
    )
    label = month_label(checkin_month.month)
    deadline = checkin_month.deadline.isoformat()
    notifications, mails = [], []
    for user_id, done, email, by_email, in_app in rows.iterator():
        message = _(
            "%(month)s check-in: %(open)s of 6 tasks still open. The deadline is %(deadline)s."
        ) % {"month": label, "open": len(ALL_TASKS) - done, "deadline": deadline}
        mailed = bool(by_email and email)
        if in_app is not False or mailed:
            notifications.append(
                Notification(
                    user_id=user_id,
                    month=checkin_month,
                    kind=Notification.Kind.REMINDER,
                    day=today,
                    message=message,
                    emailed=mailed,
                )
            )
        if mailed:
            mails.append(
                (_("Monthly check-in reminder"), message, settings.DEFAULT_FROM_EMAIL, [email])
            )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=1000)
    sent = send_mass_mail(mails, fail_silently=True) if mails else 0
    return len(notifications), sent


def mark_notifications_read(*, user, now: dt.datetime | None = None) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
