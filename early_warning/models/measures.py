"""The ladder of measures (警示提醒, 诫勉纠错, 责令整改, 责任追究), their history and the notices
that tell their subjects."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import COLOUR_CSS, Colour, EventAction, MeasureKind, MeasureStatus, Scope


class MeasureQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[MeasureStatus.OPEN, MeasureStatus.SUBMITTED])

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(kind=MeasureKind.RECTIFICATION, deadline__lt=today)

    def for_user(self, user):
        return self.filter(user=user)


class Measure(models.Model):
    kind = models.CharField(_("measure"), max_length=16, choices=MeasureKind.choices)
    scope = models.CharField(_("applies to"), max_length=16, choices=Scope.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_measures",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warning_measures",
    )
    month = models.DateField(_("month"), help_text=_("The month whose level led to it."))
    level = models.PositiveSmallIntegerField(
        _("level at the time"), choices=Colour.choices, default=Colour.GREEN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.OPEN
    )
    reason = models.TextField(_("reason"), blank=True)
    automatic = models.BooleanField(_("sent automatically"), default=False)
    # admonishment talk
    scheduled_at = models.DateTimeField(_("talk scheduled for"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=100, blank=True)
    held_at = models.DateTimeField(_("talk held on"), null=True, blank=True)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One name per line."))
    record = models.TextField(_("record"), blank=True)
    # rectification order
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    report_text = models.TextField(_("rectification report"), blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    # closing (verification, accountability decision)
    decision = models.TextField(_("decision"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_from = models.ForeignKey(
        "self",
        verbose_name=_("escalated from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("measure opened at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(department__isnull=False),
                name="early_warning_measure_has_subject",
            ),
            # one automatic reminder per subject and month
            models.UniqueConstraint(
                fields=["user", "month"],
                condition=Q(automatic=True, scope="staff"),
                name="early_warning_auto_reminder_user",
            ),
            models.UniqueConstraint(
                fields=["department", "month"],
                condition=Q(automatic=True, scope="department"),
                name="early_warning_auto_reminder_department",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="ew_measure_status"),
            models.Index(fields=["month", "kind"], name="ew_measure_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("early_warning:measure", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (MeasureStatus.OPEN, MeasureStatus.SUBMITTED)

    @property
    def is_overdue(self) -> bool:
        return (
            self.kind == MeasureKind.RECTIFICATION
            and self.is_open
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    @property
    def level_css(self) -> str:
        return COLOUR_CSS.get(self.level, "green")

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeasureEvent(models.Model):
    """One step in a measure's history."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="events", verbose_name=_("measure")
    )
    action = models.CharField(_("action"), max_length=16, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    status_after = models.CharField(_("status"), max_length=16, choices=MeasureStatus.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("measure history entry")
        verbose_name_plural = _("measure history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()


class Notice(models.Model):
    """A message to a staff member about a measure (shown in the staff area, maybe emailed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="warning_notices",
        verbose_name=_("staff member"),
    )
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("measure"),
    )
    message = models.TextField(_("message"))
    emailed = models.BooleanField(_("emailed"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning notice")
        verbose_name_plural = _("warning notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="ew_notice_user")]

    def __str__(self) -> str:
        return self.message[:40]
