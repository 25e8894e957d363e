"""The monthly six-task check-in: months, per-person check-ins, task records, self-check,
summaries, notifications and the facts handed to early warning."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from core.months import month_label


class Task(models.TextChoices):
    DUTIES = "duties", _("Read my post duties")
    RISKS = "risks", _("Read my post risks")
    PROCEDURES = "procedures", _("Read the work procedures")
    REGULATIONS = "regulations", _("Read the applicable regulations")
    SELFCHECK = "selfcheck", _("Risk self-check")
    SUMMARY = "summary", _("Monthly work summary")


READING_TASKS = (Task.DUTIES, Task.RISKS, Task.PROCEDURES, Task.REGULATIONS)
ALL_TASKS = tuple(Task)
TASK_SHORT = {
    Task.DUTIES: pgettext_lazy("checkin task", "Duties"),
    Task.RISKS: pgettext_lazy("checkin task", "Risks"),
    Task.PROCEDURES: pgettext_lazy("checkin task", "Procedures"),
    Task.REGULATIONS: pgettext_lazy("checkin task", "Regulations"),
    Task.SELFCHECK: pgettext_lazy("checkin task", "Self-check"),
    Task.SUMMARY: pgettext_lazy("checkin task", "Summary"),
}


class CheckinMonth(models.Model):
    """A month opened for the check-in, with its deadline."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    deadline = models.DateField(pgettext_lazy("integrity file", "deadline"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    panels = [FieldPanel("month"), FieldPanel("deadline")]

    class Meta:
        verbose_name = _("check-in month")
        verbose_name_plural = _("check-in months")
        ordering = ["-month"]

    def __str__(self) -> str:
        return month_label(self.month)

    @property
    def label(self) -> str:
        return month_label(self.month)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.month:
            self.month = self.month.replace(day=1)
        if self.month and self.deadline and self.deadline < self.month:
            raise ValidationError({"deadline": _("The deadline is before the month starts.")})


class Checkin(models.Model):
    """One staff member's check-in for one month."""

    month = models.ForeignKey(
        CheckinMonth, verbose_name=_("month"), on_delete=models.CASCADE, related_name="checkins"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("integrity file", "staff member"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member's department when the month opened."),
    )
    completed_count = models.PositiveSmallIntegerField(_("tasks completed"), default=0)
    late_count = models.PositiveSmallIntegerField(_("tasks completed late"), default=0)
    completed_at = models.DateTimeField(_("all tasks completed at"), null=True, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("integrity file", "created at"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["month", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["month", "user"], name="learning_checkin_unique")
        ]
        indexes = [models.Index(fields=["month", "department"], name="learning_checkin_dept")]

    def __str__(self) -> str:
        return f"{self.user} {self.month}"

    @property
    def is_complete(self) -> bool:
        return self.completed_count >= len(ALL_TASKS)


class TaskRecord(models.Model):
    """When a task's content was shown and when it was completed (and whether late)."""

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="task_records")
    task = models.CharField(_("task"), max_length=16, choices=Task.choices)
    shown_at = models.DateTimeField(_("content shown at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("task record")
        verbose_name_plural = _("task records")
        constraints = [
            models.UniqueConstraint(fields=["checkin", "task"], name="learning_taskrecord_unique")
        ]

    def __str__(self) -> str:
        return f"{self.checkin} {self.task}"


class SelfCheckQuestion(models.Model):
    """A question inspectors ask everyone in the self-check, besides their post's risks."""

    text = models.CharField(_("question"), max_length=300)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("integrity file", "active"), default=True)

    panels = [FieldPanel("text"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        verbose_name = _("self-check question")
        verbose_name_plural = _("self-check questions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text


class Answer(models.TextChoices):
    NO = "no", _("No")
    POSSIBLY = "possibly", _("Possibly")
    YES = "yes", _("Yes")


class SelfCheckAnswer(models.Model):
    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="selfcheck_answers")
    risk_point = models.ForeignKey(
        "organization.RiskPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.ForeignKey(
        SelfCheckQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prompt = models.TextField(_("question"))
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("self-check answer")
        verbose_name_plural = _("self-check answers")
        ordering = ["checkin_id", "position"]

    def __str__(self) -> str:
        return f"{self.prompt[:30]}: {self.answer}"


class MonthlySummary(models.Model):
    """The monthly work summary: a draft until submitted, then locked."""

    checkin = models.OneToOneField(Checkin, on_delete=models.CASCADE, related_name="summary")
    text = models.TextField(pgettext_lazy("integrity file", "summary"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Notification(models.Model):
    """A reminder or notice shown in the staff area (and maybe emailed)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        OVERDUE = "overdue", pgettext_lazy("integrity file", "Overdue")
        NOTICE = "notice", _("Notice")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_notifications"
    )
    month = models.ForeignKey(
        CheckinMonth, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("day"))
    message = models.TextField(_("message"))
    emailed = models.BooleanField(_("emailed"), default=False)
    created_at = models.DateTimeField(
        pgettext_lazy("integrity file", "created at"), auto_now_add=True
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month", "kind", "day"], name="learning_notification_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return self.message[:40]


class WarningFact(models.Model):
    """A fact for early warning: a task overdue or done late, a self-check admission.

    Recorded here first, then handed to the early-warning entry point (see
    learning/warnings.py); ``delivered_at`` stays empty until that succeeds, so facts can be
    replayed.
    """

    class Kind(models.TextChoices):
        TASK_OVERDUE = "task_overdue", _("Task not done by the deadline")
        TASK_LATE = "task_late", _("Task done late")
        SELFCHECK_ADMISSION = (
            "selfcheck_admission",
            pgettext_lazy("integrity file", "Self-check admission"),
        )
        COURSE_OVERDUE = "course_overdue", _("Required course not completed by its deadline")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_warning_facts"
    )
    month = models.ForeignKey(CheckinMonth, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "organization.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.CharField(_("task"), max_length=16, choices=Task.choices, blank=True)
    reference = models.CharField(max_length=64, blank=True, help_text="e.g. answer:123")
    severity = models.CharField(_("severity"), max_length=8, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning fact")
        verbose_name_plural = _("warning facts")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "month", "task", "reference"],
                name="learning_warningfact_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                condition=Q(delivered_at__isnull=True),
                name="learning_fact_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user} {self.month}"


# The online school (courses, lessons, progress) lives in its own module.
from learning.assignments import CourseAssignment  # noqa: E402, F401
from learning.quiz import QuestionBank, QuizAnswer, QuizAttempt, QuizPaper  # noqa: E402, F401
from learning.school import (  # noqa: E402, F401
    Audience,
    CourseCompletion,
    CoursePage,
    CoursePageTag,
    LessonPage,
    LessonProgress,
)
