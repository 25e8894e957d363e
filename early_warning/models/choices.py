"""Choices shared by the early-warning models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Colour(models.IntegerChoices):
    """The four-colour warning level (绿 黄 橙 红)."""

    GREEN = 0, _("Green (safe)")
    YELLOW = 1, _("Yellow (not very safe)")
    ORANGE = 2, _("Orange (fairly dangerous)")
    RED = 3, _("Red (very dangerous)")


COLOUR_CSS = {0: "green", 1: "yellow", 2: "orange", 3: "red"}
COLOUR_HEX = {0: "#2e7d32", 1: "#f2c200", 2: "#ef6c00", 3: "#c62828"}


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


SEVERITY_BY_NAME = {"low": 1, "medium": 2, "high": 3}


class Source(models.TextChoices):
    LEARNING = "learning", _("Monthly check-in and self-check")
    FEEDBACK = "feedback", _("Reports and ratings")
    INSPECTOR = "inspector", _("Entered by an inspector")


class Kind(models.TextChoices):
    TASK_OVERDUE = "task_overdue", _("Task not done by the deadline")
    TASK_LATE = "task_late", _("Task done late")
    SELFCHECK_ADMISSION = "selfcheck_admission", _("Self-check admission")
    COURSE_OVERDUE = "course_overdue", _("Required course not completed by its deadline")
    REPORT_SUBSTANTIATED = "report_substantiated", _("Report concluded as substantiated")
    POOR_RATING = "poor_rating", _("Poor department rating")
    AUDIT_FINDING = "audit_finding", _("Audit finding")
    LATE_PERSONAL_REPORT = "late_personal_report", _("Personal matters reported late")
    OTHER = "other", _("Other problem")


class Scope(models.TextChoices):
    STAFF = "staff", _("Staff member")
    DEPARTMENT = "department", _("Department")


class MeasureKind(models.TextChoices):
    """The ladder of measures, mildest first."""

    REMINDER = "reminder", _("Warning reminder")
    TALK = "talk", _("Admonishment talk")
    RECTIFICATION = "rectification", _("Rectification order")
    ACCOUNTABILITY = "accountability", _("Accountability")


LADDER = [
    MeasureKind.REMINDER,
    MeasureKind.TALK,
    MeasureKind.RECTIFICATION,
    MeasureKind.ACCOUNTABILITY,
]
# The measure suggested for a level (yellow: reminder ... red: rectification).
SUGGESTED_MEASURE = {
    Colour.YELLOW: MeasureKind.REMINDER,
    Colour.ORANGE: MeasureKind.TALK,
    Colour.RED: MeasureKind.RECTIFICATION,
}


class MeasureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Rectification report submitted")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Measure withdrawn")


class EventAction(models.TextChoices):
    CREATED = "created", _("Measure opened")
    SENT = "sent", _("Sent")
    SCHEDULED = "scheduled", _("Talk scheduled")
    HELD = "held", _("Talk held and recorded")
    SUBMITTED = "submitted", _("Rectification report submitted")
    RETURNED = "returned", _("Returned for more work")
    VERIFIED = "verified", _("Verified and closed")
    OVERDUE = "overdue", _("Overdue: escalation proposed")
    DECIDED = "decided", _("Decision recorded")
    CANCELLED = "cancelled", _("Measure withdrawn")
    NOTE = "note", _("Note")


COLOUR_SHORT = {
    0: pgettext_lazy("warning level", "Green"),
    1: pgettext_lazy("warning level", "Yellow"),
    2: pgettext_lazy("warning level", "Orange"),
    3: pgettext_lazy("warning level", "Red"),
}

# The monthly check-in's tasks (learning.models.Task values), for describing its signals.
TASK_LABELS = {
    "duties": _("Read my post duties"),
    "risks": _("Read my post risks"),
    "procedures": _("Read the work procedures"),
    "regulations": _("Read the applicable regulations"),
    "selfcheck": _("Risk self-check"),
    "summary": _("Monthly work summary"),
}
