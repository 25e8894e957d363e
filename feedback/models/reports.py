"""Reports (信访举报), their messages, attachments and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from feedback.attachments import private_storage

DESCRIPTION_MAX = 10000
MESSAGE_MAX_LENGTH = 5000


class Category(models.TextChoices):
    POLITICAL = "political", _("Violation of political discipline")
    INTEGRITY = "integrity", _("Violation of integrity discipline")
    MASS = "mass", _("Violation of mass discipline")
    WORK = "work", _("Violation of work discipline")
    LIFE = "life", _("Violation of life discipline")
    CONDUCT = "conduct", _("Work style problem")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    INVESTIGATING = "investigating", _("Investigating")
    CONCLUDED = "concluded", _("Concluded")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    TRANSFERRED = "transferred", _("Transferred to the competent body")


OPEN_STATUSES = (Status.REGISTERED, Status.ACCEPTED, Status.INVESTIGATING)
CLOSED_STATUSES = (Status.CONCLUDED, Status.NOT_ACCEPTED, Status.TRANSFERRED)

# The status workflow: from -> allowed next statuses.
TRANSITIONS = {
    Status.REGISTERED: (Status.ACCEPTED, Status.NOT_ACCEPTED, Status.TRANSFERRED),
    Status.ACCEPTED: (Status.INVESTIGATING, Status.CONCLUDED, Status.TRANSFERRED),
    Status.INVESTIGATING: (Status.CONCLUDED, Status.TRANSFERRED),
    Status.CONCLUDED: (),
    Status.NOT_ACCEPTED: (),
    Status.TRANSFERRED: (),
}


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(
            models.Q(status=Status.REGISTERED, acknowledge_due__lt=now)
            | models.Q(status__in=OPEN_STATUSES, conclude_due__lt=now)
        )


class Report(models.Model):
    reference = models.CharField(
        pgettext_lazy("feedback", "reference"), max_length=20, unique=True, editable=False
    )
    lookup_key = models.CharField(max_length=64, unique=True, editable=False)
    receipt_hash = models.CharField(max_length=256, editable=False)

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_reports",
    )
    accused_name = models.CharField(_("person concerned"), max_length=50, blank=True)
    accused_position = models.CharField(
        pgettext_lazy("feedback", "position"), max_length=100, blank=True
    )
    description = models.TextField(
        pgettext_lazy("feedback", "what happened"), max_length=DESCRIPTION_MAX
    )
    occurred_when = models.CharField(_("when"), max_length=100, blank=True)
    occurred_where = models.CharField(_("where"), max_length=200, blank=True)

    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_name = models.CharField(pgettext_lazy("feedback", "name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email"), max_length=254, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    acknowledge_due = models.DateTimeField(_("acknowledge by"))
    conclude_due = models.DateTimeField(_("conclude by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("feedback", "closed at"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)
    total_attachment_bytes = models.PositiveBigIntegerField(default=0, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def acknowledge_overdue(self, now=None) -> bool:
        return self.status == Status.REGISTERED and (now or timezone.now()) > self.acknowledge_due

    def conclude_overdue(self, now=None) -> bool:
        return self.status in OPEN_STATUSES and (now or timezone.now()) > self.conclude_due

    @property
    def is_overdue(self) -> bool:
        now = timezone.now()
        return self.acknowledge_overdue(now) or self.conclude_overdue(now)

    def allowed_transitions(self) -> tuple[str, ...]:
        return tuple(TRANSITIONS[Status(self.status)])


class MessageKind(models.TextChoices):
    FOLLOWUP = "followup", _("Additional information from the reporter")
    REPLY = "reply", _("Reply to the reporter")
    NOTE = "note", _("Internal note")


class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(pgettext_lazy("feedback", "text"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(pgettext_lazy("feedback", "created at"), default=timezone.now)

    class Meta:
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.kind}"

    @property
    def visible_to_reporter(self) -> bool:
        return self.kind in (MessageKind.FOLLOWUP, MessageKind.REPLY)


def attachment_path(instance, filename: str) -> str:
    # Random, meaningless names on disk; the original name is kept in the row.
    import secrets

    return f"feedback/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AuditAction(models.TextChoices):
    CREATED = "created", _("Report submitted")
    VIEWED = "viewed", _("Viewed by an inspector")
    REPORTER_VIEWED = "reporter_viewed", _("Viewed by the reporter with the receipt")
    FOLLOWUP = "followup", _("Reporter added information")
    ASSIGNED = "assigned", _("Handler assigned")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Internal note added")
    REPLY = "reply", _("Reply sent to the reporter")
    DOWNLOADED = "downloaded", _("Attachment downloaded")
    REMINDER = "reminder", _("Reminder sent")
    EXPORTED = "exported", _("Statistics exported")


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")


class AuditLogEntry(models.Model):
    """Who did what to which report, when. Rows are only ever inserted.

    The ORM refuses updates and deletes; a database trigger (migration 0002) refuses UPDATE on
    every database and DELETE on PostgreSQL.
    """

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")
