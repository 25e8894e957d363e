"""Writes of the feedback app. Views and commands stay thin and call these."""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import conf, receipts, warning_seam
from feedback.models import (
    DIMENSIONS,
    AuditAction,
    AuditLogEntry,
    DepartmentRating,
    MessageKind,
    Outcome,
    Report,
    ReportAttachment,
    ReportMessage,
    SignalKind,
    Status,
)

logger = logging.getLogger(__name__)


class TransitionError(Exception):
    pass


@dataclass(frozen=True)
class SubmittedReport:
    report: Report
    receipt_code: str  # shown once to the reporter, never stored


def _actor_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.get_username())[:150]


def audit(*, report: Report | None, action: str, user=None, detail: str = "") -> AuditLogEntry:
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    return AuditLogEntry.objects.create(
        report=report,
        actor=actor,
        actor_name=_actor_name(user),
        action=action,
        detail=detail[:500],
    )


@contextmanager
def _files_removed_on_error():
    """Collect the names of files written inside the block; delete them if the block fails
    (the database rows roll back with the transaction, the files must go too)."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            ReportAttachment.file.field.storage.delete(name)
        raise


def _save_attachments(
    *, report: Report, files, written: list[str], message: ReportMessage | None = None
) -> int:
    total = 0
    for upload, meta in files:
        attachment = ReportAttachment(report=report, message=message, **meta)
        attachment.file.save("upload", upload, save=False)
        written.append(attachment.file.name)
        attachment.save()
        total += meta["size"]
    return total


@transaction.atomic
def report_submit(
    *,
    category: str,
    description: str,
    department=None,
    accused_name: str = "",
    accused_position: str = "",
    occurred_when: str = "",
    occurred_where: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    files=(),
) -> SubmittedReport:
    """Store a report and its files; return it with its one-time receipt code.

    Nothing about the client (IP address, user agent, user account) is stored.
    """
    now = timezone.now()
    code = receipts.generate_code()
    normalised = receipts.normalise(code)
    report = Report(
        lookup_key=receipts.lookup_key(normalised),
        receipt_hash=receipts.hash_code(normalised),
        category=category,
        department=department,
        accused_name=accused_name,
        accused_position=accused_position,
        description=description,
        occurred_when=occurred_when,
        occurred_where=occurred_where,
        is_anonymous=not (contact_name or contact_phone or contact_email),
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        created_at=now,
        acknowledge_due=now + datetime.timedelta(days=conf.get("FEEDBACK_ACKNOWLEDGE_DAYS")),
        conclude_due=now + datetime.timedelta(days=conf.get("FEEDBACK_CONCLUDE_DAYS")),
        reference=f"tmp-{receipts.lookup_key(normalised)[:16]}",
    )
    with _files_removed_on_error() as written:
        report.save()
        # The reference is derived from the primary key: unique without a counter table.
        report.reference = f"JB{timezone.localtime(now):%Y}{report.pk:06d}"
        total = _save_attachments(report=report, files=files, written=written)
        report.total_attachment_bytes = total
        report.save(update_fields=["reference", "total_attachment_bytes"])
        audit(
            report=report, action=AuditAction.CREATED, detail=_("%(n)s file(s)") % {"n": len(files)}
        )
    return SubmittedReport(report=report, receipt_code=code)


def report_find_by_receipt(*, code: str) -> Report | None:
    """The report for a receipt code, or None. Costs one slow hash check either way."""
    normalised = receipts.normalise(code)
    if normalised is None:
        receipts.burn_time("0" * receipts.CODE_LENGTH)
        return None
    report = Report.objects.filter(lookup_key=receipts.lookup_key(normalised)).first()
    if report is None:
        receipts.burn_time(normalised)
        return None
    if not receipts.verify(normalised, report.receipt_hash):
        return None
    return report


@transaction.atomic
def report_add_followup(*, report: Report, body: str, files=()) -> ReportMessage | None:
    report = Report.objects.select_for_update().get(pk=report.pk)
    size = sum(meta["size"] for _u, meta in files)
    if report.total_attachment_bytes + size > conf.get("FEEDBACK_MAX_REPORT_SIZE"):
        raise ValueError("attachment quota exceeded")
    with _files_removed_on_error() as written:
        message = ReportMessage.objects.create(
            report=report, kind=MessageKind.FOLLOWUP, body=body.strip()
        )
        _save_attachments(report=report, files=files, message=message, written=written)
        Report.objects.filter(pk=report.pk).update(
            total_attachment_bytes=F("total_attachment_bytes") + size, updated_at=timezone.now()
        )
        audit(
            report=report,
            action=AuditAction.FOLLOWUP,
            detail=_("%(n)s file(s)") % {"n": len(files)},
        )
    return message


@transaction.atomic
def report_assign(*, report: Report, handler, user) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.handler = handler
    report.save(update_fields=["handler", "updated_at"])
    audit(
        report=report,
        action=AuditAction.ASSIGNED,
        user=user,
        detail=_actor_name(handler) or "-",
    )
    return report


@transaction.atomic
def report_change_status(
    *, report: Report, status: str, user, outcome: str = "", comment: str = ""
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if status not in report.allowed_transitions():
        raise TransitionError(f"{report.status} -> {status} is not allowed")
    if status == Status.CONCLUDED and outcome not in Outcome.values:
        raise TransitionError("an outcome is required to conclude")
    previous = report.status
    now = timezone.now()
    report.status = status
    if report.acknowledged_at is None:
        report.acknowledged_at = now
    if status in (Status.CONCLUDED, Status.NOT_ACCEPTED, Status.TRANSFERRED):
        report.closed_at = now
    report.outcome = outcome if status == Status.CONCLUDED else ""
    report.save()
    detail = f"{Status(previous).label} → {Status(status).label}"
    if report.outcome:
        detail += f" ({Outcome(report.outcome).label})"
    if comment:
        detail += f": {comment}"
    audit(report=report, action=AuditAction.STATUS, user=user, detail=detail)
    if status == Status.CONCLUDED and outcome in (Outcome.SUBSTANTIATED, Outcome.PARTLY):
        warning_seam.record_warning_signal(
            kind=SignalKind.REPORT_SUBSTANTIATED,
            department_id=report.department_id,
            person_name=report.accused_name,
            person_position=report.accused_position,
            report=report,
            month=timezone.localdate(now).replace(day=1),
            detail={"category": report.category, "outcome": outcome, "report_id": report.pk},
        )
    return report


@transaction.atomic
def report_add_message(*, report: Report, kind: str, body: str, user) -> ReportMessage:
    if kind not in (MessageKind.NOTE, MessageKind.REPLY):
        raise ValueError(kind)
    message = ReportMessage.objects.create(report=report, kind=kind, author=user, body=body)
    audit(
        report=report,
        action=AuditAction.NOTE if kind == MessageKind.NOTE else AuditAction.REPLY,
        user=user,
    )
    return message


# --------------------------------------------------------------------- ratings


class AlreadyRated(Exception):
    pass


def month_start(day: datetime.date | None = None) -> datetime.date:
    return (day or timezone.localdate()).replace(day=1)


@transaction.atomic
def rating_submit(
    *, department, scores: dict[str, int], comment: str = "", user=None
) -> DepartmentRating:
    month = month_start()
    rating = DepartmentRating(
        department=department,
        month=month,
        comment=comment,
        user=user if user is not None and user.is_authenticated else None,
        **{d: int(scores[d]) for d in DIMENSIONS},
    )
    rating.full_clean(exclude=["user", "department"])
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise AlreadyRated from exc
    _check_poor_rating(department=department, month=month)
    return rating


def _check_poor_rating(*, department, month: datetime.date) -> None:
    figures = DepartmentRating.objects.filter(department=department, month=month).aggregate(
        count=Count("id"), **{d: Avg(d) for d in DIMENSIONS}
    )
    if figures["count"] < conf.get("FEEDBACK_POOR_RATING_MIN_COUNT"):
        return
    overall = sum(float(figures[d]) for d in DIMENSIONS) / len(DIMENSIONS)
    if overall >= float(conf.get("FEEDBACK_POOR_RATING_THRESHOLD")):
        return
    warning_seam.record_warning_signal(
        kind=SignalKind.POOR_RATING,
        department_id=department.pk,
        month=month,
        score=Decimal(f"{overall:.2f}"),
        detail={"count": figures["count"], **{d: round(float(figures[d]), 2) for d in DIMENSIONS}},
    )


# ------------------------------------------------------------------- reminders


def send_report_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail the handler (or every inspector when unassigned) about reports that are overdue or
    due within FEEDBACK_REMINDER_LEAD_DAYS. At most one reminder per report per 20 hours.
    The e-mail carries the reference and a link only, never the report's content."""
    from feedback.forms import inspectors_queryset

    now = now or timezone.now()
    lead = datetime.timedelta(days=conf.get("FEEDBACK_REMINDER_LEAD_DAYS"))
    quiet_since = now - datetime.timedelta(hours=20)
    from django.db.models import Q

    due = (
        Report.objects.open()
        .filter(
            Q(status=Status.REGISTERED, acknowledge_due__lte=now + lead)
            | Q(conclude_due__lte=now + lead)
        )
        .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lt=quiet_since))
        .select_related("handler")
    )
    inspectors = None
    sent = 0
    base = conf_base_url()
    for report in due:
        if report.handler and report.handler.email and report.handler.is_active:
            recipients = [report.handler.email]
        else:
            if inspectors is None:
                inspectors = [u.email for u in inspectors_queryset() if u.email]
            recipients = inspectors
        if not recipients:
            continue
        overdue = report.is_overdue
        subject = (_("[Overdue] Report %(ref)s") if overdue else _("[Due soon] Report %(ref)s")) % {
            "ref": report.reference
        }
        deadline = (
            report.acknowledge_due if report.status == Status.REGISTERED else (report.conclude_due)
        )
        body = _(
            "Report %(ref)s (status: %(status)s) is due by %(due)s.\n\nOpen it in the triage "
            "desk: %(url)s"
        ) % {
            "ref": report.reference,
            "status": report.get_status_display(),
            "due": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
            "url": base + reverse("feedback:desk_detail", args=[report.pk]),
        }
        send_mail(subject, body, None, recipients)
        with transaction.atomic():
            Report.objects.filter(pk=report.pk).update(last_reminder_at=now)
            audit(report=report, action=AuditAction.REMINDER, detail=", ".join(recipients)[:500])
        sent += 1
    return sent


def conf_base_url() -> str:
    from django.conf import settings

    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def deliver_pending_signals() -> int:
    return warning_seam.deliver_pending_signals()
