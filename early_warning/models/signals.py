"""Signals (facts that may warrant a warning), the editable rules and the computed levels."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .choices import COLOUR_CSS, TASK_LABELS, Colour, Kind, Scope, Severity, Source


class Signal(models.Model):
    """One warning-worthy fact about a staff member or a department.

    ``user`` set: a staff member's signal (``department`` is their department, so the
    department's rules count it too); ``user`` empty: a signal about the department itself.
    """

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_signals",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_signals",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month it counts for."))
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    summary = models.CharField(_("what happened"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    evidence_url = models.CharField(_("evidence link"), max_length=500, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        unique=True,
        help_text=_("Identifies the fact at its source, so that it is recorded only once."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warning signal")
        verbose_name_plural = _("warning signals")
        ordering = ["-month", "-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(department__isnull=False),
                name="early_warning_signal_has_subject",
            )
        ]
        indexes = [
            models.Index(fields=["month", "user"], name="ew_signal_month_user"),
            models.Index(fields=["month", "department"], name="ew_signal_month_dept"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}"

    @property
    def scope(self) -> str:
        return Scope.STAFF if self.user_id else Scope.DEPARTMENT

    @property
    def description(self) -> str:
        """The task concerned (check-in signals) and the summary."""
        task = TASK_LABELS.get((self.detail or {}).get("task", ""))
        parts = [str(task)] if task else []
        if self.summary:
            parts.append(self.summary)
        return " · ".join(parts)


class RuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Rule(models.Model):
    """A warning rule (预警反馈制度): signals matched by source, kind and severity within a
    window of months, counted against a threshold, yield a level."""

    name = models.CharField(_("rule name"), max_length=100)
    description = models.TextField(_("rule description"), blank=True)
    scope = models.CharField(
        _("applies to"),
        max_length=16,
        choices=Scope.choices,
        default=Scope.STAFF,
        help_text=_(
            "Staff member: counts each person's signals. Department: counts every signal of "
            "the department, including its staff members' signals."
        ),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, blank=True, help_text=_("Empty: any.")
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, blank=True, help_text=_("Empty: any.")
    )
    min_severity = models.PositiveSmallIntegerField(
        _("minimum severity"), choices=Severity.choices, default=Severity.LOW
    )
    window_months = models.PositiveSmallIntegerField(
        _("window in months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("1: the month evaluated only; 3: that month and the two before it."),
    )
    count_threshold = models.PositiveSmallIntegerField(
        _("at least this many signals"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    consecutive_months = models.PositiveSmallIntegerField(
        _("consecutive months"),
        default=0,
        validators=[MaxValueValidator(24)],
        help_text=_(
            "0: off. 2 or more: the threshold must be reached in each of that many months "
            "running, ending with the month evaluated (the window is then ignored)."
        ),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=[c for c in Colour.choices if c[0] != Colour.GREEN],
        default=Colour.YELLOW,
    )
    is_active = models.BooleanField(_("rule active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RuleQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("scope"),
                FieldRowPanel([FieldPanel("source"), FieldPanel("kind")]),
                FieldPanel("min_severity"),
            ],
            heading=_("which signals"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("window_months"), FieldPanel("count_threshold")]),
                FieldPanel("consecutive_months"),
            ],
            heading=_("how many"),
        ),
        FieldRowPanel([FieldPanel("level"), FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]

    class Meta:
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.consecutive_months == 1:
            raise ValidationError(
                {"consecutive_months": _("Use 0 (off) or at least 2 consecutive months.")}
            )

    @property
    def span(self) -> int:
        """How many months back (including the month evaluated) this rule looks."""
        return max(self.window_months or 1, self.consecutive_months or 0, 1)


class LevelQuerySet(models.QuerySet):
    def staff(self):
        return self.filter(scope=Scope.STAFF)

    def departments(self):
        return self.filter(scope=Scope.DEPARTMENT)


class Level(models.Model):
    """The level of a staff member or a department in a month, with its explanation.

    Only levels above green are stored: no row means green."""

    scope = models.CharField(_("applies to"), max_length=16, choices=Scope.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_levels",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_levels",
    )
    month = models.DateField(_("month"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Colour.choices)
    explanation = models.JSONField(_("basis of the level"), default=dict, blank=True)
    signal_count = models.PositiveIntegerField(_("signals"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning level")
        verbose_name_plural = _("warning levels")
        ordering = ["-month", "-level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month"],
                condition=Q(scope="staff"),
                name="early_warning_level_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["department", "month"],
                condition=Q(scope="department"),
                name="early_warning_level_once_per_department",
            ),
        ]
        indexes = [models.Index(fields=["month", "scope", "level"], name="ew_level_month")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        label = f"{self.month:%Y-%m}"
        if self.scope == Scope.STAFF:
            return reverse("early_warning:person", args=[self.user_id]) + f"?month={label}"
        return reverse("early_warning:department", args=[self.department_id]) + f"?month={label}"

    @property
    def css(self) -> str:
        return COLOUR_CSS[self.level]
