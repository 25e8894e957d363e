"""Writes of the early-warning system. ``record_signal`` is the one entry point other apps call;
everything else here is used by this app's views and commands."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.months import add_months, month_index, month_label, month_of
from early_warning import engine
from early_warning.models import (
    SEVERITY_BY_NAME,
    Colour,
    EventAction,
    Kind,
    Level,
    Measure,
    MeasureEvent,
    MeasureKind,
    MeasureStatus,
    Notice,
    Rule,
    Scope,
    Severity,
    Signal,
    Source,
)
from organization.models import Department, RiskPoint, StaffProfile

logger = logging.getLogger(__name__)
User = get_user_model()

DEFAULT_SEVERITY = {
    Kind.TASK_LATE: Severity.LOW,
    Kind.TASK_OVERDUE: Severity.MEDIUM,
    Kind.SELFCHECK_ADMISSION: Severity.MEDIUM,
    Kind.COURSE_OVERDUE: Severity.MEDIUM,
    Kind.REPORT_SUBSTANTIATED: Severity.HIGH,
    Kind.POOR_RATING: Severity.MEDIUM,
}
# Apps whose pending facts ``evaluate_warnings`` pulls in first (dotted paths resolved at run
# time, so this app never imports them). Override with EARLY_WARNING_PENDING_DELIVERERS.
DEFAULT_DELIVERERS = (
    "learning.warnings.deliver_pending",
    "feedback.services.deliver_pending_signals",
)


class WarningError(Exception):
    """A request that breaks the rules of the ladder (shown to the user)."""


# =========================================================================== signals


def _severity(value, *, kind: str) -> int:
    if isinstance(value, int) and value in Severity.values:
        return value
    if isinstance(value, str) and value.strip().lower() in SEVERITY_BY_NAME:
        return SEVERITY_BY_NAME[value.strip().lower()]
    return DEFAULT_SEVERITY.get(kind, Severity.MEDIUM)


def _selfcheck_severity(detail: dict, fallback: int) -> int:
    """A self-check admission is as serious as the answer and the risk point: "yes" on a high
    risk is high; "yes" otherwise or "possibly" on a high risk is medium; the rest low."""
    answer = str(detail.get("answer", "")).lower()
    risk_id = detail.get("risk_point_id")
    risk_level = ""
    if risk_id:
        risk_level = (
            RiskPoint.objects.filter(pk=risk_id).values_list("level", flat=True).first() or ""
        )
    if not answer or not risk_level:
        return fallback
    if answer == "yes":
        return Severity.HIGH if risk_level == "high" else Severity.MEDIUM
    return Severity.MEDIUM if risk_level == "high" else Severity.LOW


def match_person(*, name: str, department_id: int | None) -> int | None:
    """The staff member a report names (exact name, in the department or below it), if there
    is exactly one; otherwise None (the signal then concerns the department)."""
    name = (name or "").strip()
    if not name or not department_id:
        return None
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        return None
    candidates = [
        user_id
        for user_id, last, first, username in StaffProfile.objects.filter(
            department_id__in=department.descendant_ids()
        ).values_list("user_id", "user__last_name", "user__first_name", "user__username")
        if (f"{last}{first}".strip() or username) == name
    ]
    return candidates[0] if len(candidates) == 1 else None


def _reference_key(source: str, reference: str) -> str:
    reference = (reference or "").strip()
    if not reference:
        return f"{source}:{uuid.uuid4().hex}"
    key = reference if reference.startswith(source) else f"{source}:{reference}"
    if len(key) > 100:
        key = f"{source}:sha1:{hashlib.sha1(key.encode()).hexdigest()}"
    return key


def _evidence_url(source: str, kind: str, detail: dict, month: dt.date) -> str:
    url = detail.get("url") or ""
    if isinstance(url, str) and url.startswith("/"):
        return url[:500]
    try:
        if source == Source.FEEDBACK and detail.get("report_id"):
            return reverse("feedback:desk_detail", args=[int(detail["report_id"])])
        if source == Source.LEARNING and kind == Kind.SELFCHECK_ADMISSION:
            return reverse("learning:supervision_selfchecks") + f"?month={month_label(month)}"
        if source == Source.LEARNING and kind in (Kind.TASK_OVERDUE, Kind.TASK_LATE):
            return reverse("learning:supervision_overdue") + f"?month={month_label(month)}"
        if source == Source.LEARNING and kind == Kind.COURSE_OVERDUE:
            return (
                reverse("learning:supervision")
                + f"?month={month_label(month)}&status=courses_overdue"
            )
    except (NoReverseMatch, TypeError, ValueError):
        return ""
    return ""


def _summary(detail: dict, person_name: str) -> str:
    parts = []
    if detail.get("prompt"):
        parts.append(str(detail["prompt"]))
    if detail.get("course_title"):
        course = str(detail["course_title"])
        if detail.get("due_date"):
            course = _("%(course)s (due %(date)s)") % {"course": course, "date": detail["due_date"]}
        parts.append(course)
    if person_name:
        parts.append(person_name)
    if detail.get("category"):
        parts.append(str(detail["category"]))
    return " · ".join(parts)[:255]


def record_signal(
    *,
    source: str,
    kind: str,
    user_id: int | None = None,
    department_id: int | None = None,
    month: dt.date | None = None,
    occurred_at: dt.datetime | None = None,
    severity: int | str | None = None,
    reference: str = "",
    detail: dict | None = None,
    summary: str = "",
    evidence_url: str = "",
    task: str = "",
    person_name: str = "",
    person_position: str = "",
    score: Decimal | float | None = None,
    created_by=None,
    evaluate: bool = True,
    **extra,
) -> Signal:
    """Record one warning signal (idempotent on ``source`` + ``reference``) and bring the
    subject's level up to date.

    The subject is ``user_id`` (a staff member; ``department_id`` is then their department) or,
    without it, ``department_id``. Feedback's ``person_name`` is matched to a staff member of
    the department when exactly one has that name. ``severity``: 1-3 or "low"/"medium"/"high";
    empty: a default per kind. Unknown keyword arguments are kept in ``detail``.
    """
    if source not in Source.values:
        raise ValueError(f"unknown signal source {source!r}")
    if not kind or len(kind) > 32:
        raise ValueError(f"invalid signal kind {kind!r}")
    detail = dict(detail or {})
    occurred_at = occurred_at or timezone.now()
    month = month_of(month) if month else month_of(timezone.localtime(occurred_at).date())
    key = _reference_key(source, reference)
    existing = Signal.objects.filter(reference=key).first()
    if existing is not None:
        return existing
    if task:
        detail.setdefault("task", task)
    if person_name:
        detail.setdefault("person_name", person_name)
    if person_position:
        detail.setdefault("person_position", person_position)
    if score is not None:
        detail.setdefault("score", str(score))
    for name, value in extra.items():
        detail.setdefault(name, value if isinstance(value, (int, float, str, bool)) else str(value))
    level = _severity(severity, kind=kind)
    if source == Source.LEARNING and kind == Kind.SELFCHECK_ADMISSION:
        level = _selfcheck_severity(detail, level)
    if user_id is None and person_name:
        user_id = match_person(name=person_name, department_id=department_id)
        if user_id:
            detail["matched_person"] = True
    if user_id is not None and department_id is None:
        department_id = (
            StaffProfile.objects.filter(user_id=user_id)
            .values_list("department_id", flat=True)
            .first()
        )
    if user_id is None and department_id is None:
        raise ValueError("a signal needs a staff member or a department")
    with transaction.atomic():
        try:
            with transaction.atomic():
                signal = Signal.objects.create(
                    source=source,
                    kind=kind,
                    user_id=user_id,
                    department_id=department_id,
                    month=month,
                    occurred_at=occurred_at,
                    severity=level,
                    summary=(summary or _summary(detail, person_name))[:255],
                    detail=detail,
                    evidence_url=(evidence_url or _evidence_url(source, kind, detail, month))[:500],
                    reference=key,
                    created_by=created_by,
                )
        except IntegrityError:
            return Signal.objects.get(reference=key)
        if evaluate:
            refresh_subject(
                user_id=user_id, department_id=department_id, month=month, actor=created_by
            )
    return signal


# =========================================================================== evaluation


@dataclass
class EvaluationResult:
    month: dt.date
    staff: dict[int, int] = field(default_factory=dict)  # level -> count
    departments: dict[int, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    reminders: int = 0
    overdue_flagged: int = 0
    delivered: int = 0


def _rule_specs() -> list[engine.RuleSpec]:
    return [engine.RuleSpec.from_rule(rule) for rule in Rule.objects.active()]


def _rows(month: dt.date, span: int, subject: Q | None = None) -> list[engine.Row]:
    first = add_months(month, -(span - 1))
    signals = Signal.objects.filter(month__gte=first, month__lte=month)
    if subject is not None:
        signals = signals.filter(subject)
    return [
        (pk, user_id, department_id, source, kind, severity, month_index(m))
        for pk, user_id, department_id, source, kind, severity, m in signals.values_list(
            "pk", "user_id", "department_id", "source", "kind", "severity", "month"
        ).iterator(chunk_size=5000)
    ]


def _chunks(items: list, size: int = 2000) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _names(user_ids: Iterable[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(sorted(set(user_ids))):
        for pk, last, first, username in User.objects.filter(pk__in=chunk).values_list(
            "pk", "last_name", "first_name", "username"
        ):
            names[pk] = f"{last}{first}".strip() or username
    return names


def _profile_departments(user_ids: Iterable[int] | None = None) -> dict[int, int]:
    profiles = StaffProfile.objects.filter(department__isnull=False)
    if user_ids is not None:
        profiles = profiles.filter(user_id__in=list(user_ids))
    return dict(profiles.values_list("user_id", "department_id"))


def _staff_departments(
    staff: dict[int, engine.Result], rows: list[engine.Row], user_ids: Iterable[int] | None = None
) -> dict[int, int | None]:
    """Each staff member's department: their profile's, else their latest signal's."""
    profile = _profile_departments(user_ids)
    from_signals: dict[int, tuple[int, int]] = {}
    for signal_id, user_id, department_id, *_rest, idx in rows:
        if user_id is not None and department_id is not None:
            current = from_signals.get(user_id)
            if current is None or (idx, signal_id) > current[1:]:
                from_signals[user_id] = (department_id, idx, signal_id)
    return {
        user_id: profile.get(user_id) or (from_signals.get(user_id) or (None,))[0]
        for user_id in staff
    }


def _insert(model, rows: list[dict], *, now: dt.datetime) -> None:
    """Insert many rows fast (executemany, no model instances). Each row maps field names to
    Python values; missing fields take their default (``now`` for auto timestamps). Date,
    datetime and JSON values are prepared for the database (once per distinct date)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prep_cache: dict = {}

    def prepare(model_field, value):
        if value is None:
            return None
        if isinstance(model_field, models.JSONField):
            return model_field.get_db_prep_save(value, connection)
        key = (model_field.get_internal_type(), value)
        if key not in prep_cache:
            prep_cache[key] = model_field.get_db_prep_save(value, connection)
        return prep_cache[key]

    base, needs, index = [], [], {}
    for position, model_field in enumerate(fields):
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            default = now
        else:
            default = model_field.get_default()
        needs_prep = isinstance(
            model_field, (models.DateField, models.JSONField, models.DecimalField)
        )
        base.append(prepare(model_field, default) if needs_prep else default)
        needs.append(model_field if needs_prep else None)
        index[model_field.attname] = position
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = []
    for row in rows:
        values = base.copy()
        for name, v in row.items():
            position = index[name]
            if needs[position] is not None:
                v = prepare(needs[position], v)
            elif isinstance(v, Enum):  # psycopg would store an enum's name
                v = v.value
            values[position] = v
        params.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # in-process: executemany is the fastest
            for chunk in _chunks(params, 2000):
                cursor.executemany(sql, chunk)
            return
        if connection.vendor == "postgresql":  # COPY: one round trip, no SQL to parse
            columns = ", ".join(quote(f.column) for f in fields)
            table = quote(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        for chunk in _chunks(params, 500):
            cursor.executemany(sql, chunk)


def _store(
    *,
    month: dt.date,
    scope: str,
    results: dict[int, engine.Result],
    departments_of: dict[int, int | None] | None,
    existing: list[tuple],
    result: EvaluationResult,
) -> None:
    """Bring the stored levels of ``scope`` in line with ``results``: create, update only what
    changed, delete what went back to green. ``existing``: (pk, key, level, explanation,
    signal_count, department_id) of the stored rows."""
    now = timezone.now()
    by_key = {row[1]: row for row in existing}
    to_create: list[dict] = []
    to_update: list[Level] = []
    for key, res in results.items():
        if res.level <= Colour.GREEN:
            continue
        explanation = res.explanation()
        department_id = departments_of.get(key) if departments_of is not None else key
        current = by_key.pop(key, None)
        if current is None:
            to_create.append(
                {
                    "scope": scope,
                    "user_id": key if scope == Scope.STAFF else None,
                    "department_id": department_id,
                    "month": month,
                    "level": res.level,
                    "explanation": explanation,
                    "signal_count": len(res.signal_ids),
                }
            )
        elif current[2:] != (res.level, explanation, len(res.signal_ids), department_id):
            to_update.append(
                Level(
                    pk=current[0],
                    level=res.level,
                    explanation=explanation,
                    signal_count=len(res.signal_ids),
                    department_id=department_id,
                    updated_at=now,
                )
            )
    stale = [row[0] for row in by_key.values()]
    for chunk in _chunks(stale):
        Level.objects.filter(pk__in=chunk).delete()
    _insert(Level, to_create, now=now)
    Level.objects.bulk_update(
        to_update,
        ["level", "explanation", "signal_count", "department_id", "updated_at"],
        batch_size=500,
    )
    result.created += len(to_create)
    result.updated += len(to_update)
    result.deleted += len(stale)


def _existing(levels) -> list[tuple]:
    return [
        (
            pk,
            user_id if scope == Scope.STAFF else department_id,
            level,
            explanation,
            count,
            department_id,
        )
        for pk, scope, user_id, department_id, level, explanation, count in levels.values_list(
            "pk", "scope", "user_id", "department_id", "level", "explanation", "signal_count"
        )
    ]


def _count(results: dict[int, engine.Result]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for res in results.values():
        if res.level > 0:
            counts[res.level] += 1
    return dict(counts)


@transaction.atomic
def evaluate_month(
    *, month: dt.date, today: dt.date | None = None, send_reminders: bool = True
) -> EvaluationResult:
    """Compute every staff member's and department's level for ``month`` from the active
    rules, store the changes and send the automatic reminders. Idempotent."""
    month = month_of(month)
    result = EvaluationResult(month=month)
    rules = _rule_specs()
    rows = _rows(month, engine.max_span(rules))
    staff, departments = engine.evaluate(rules, rows, month_index(month))
    staff = {k: v for k, v in staff.items() if v.level > 0}
    departments_of = _staff_departments(staff, rows)
    names = _names(staff)
    members: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for user_id, res in staff.items():
        department_id = departments_of.get(user_id)
        if department_id is not None:
            members[department_id].append((res.level, user_id, names.get(user_id, "")))
    departments = engine.inherit(departments, members)
    _store(
        month=month,
        scope=Scope.STAFF,
        results=staff,
        departments_of=departments_of,
        existing=_existing(Level.objects.filter(month=month, scope=Scope.STAFF)),
        result=result,
    )
    _store(
        month=month,
        scope=Scope.DEPARTMENT,
        results=departments,
        departments_of=None,
        existing=_existing(Level.objects.filter(month=month, scope=Scope.DEPARTMENT)),
        result=result,
    )
    result.staff = _count(staff)
    result.departments = _count(departments)
    if send_reminders:
        result.reminders = send_automatic_reminders(month=month)
    return result


def refresh_subject(
    *,
    user_id: int | None,
    department_id: int | None,
    month: dt.date,
    actor=None,
    send_reminders: bool = True,
) -> None:
    """Re-evaluate one staff member and their department(s) for ``month`` and the months after
    it that a rule window reaches (up to the current month)."""
    rules = _rule_specs()
    span = engine.max_span(rules)
    current = month_of(timezone.localdate())
    last = min(add_months(month, span - 1), max(current, month))
    department_ids = {d for d in (department_id,) if d}
    if user_id:
        profile_department = _profile_departments([user_id]).get(user_id)
        if profile_department:
            department_ids.add(profile_department)
    target = month
    while target <= last:
        _refresh_one(rules, span, target, user_id, department_ids, send_reminders)
        target = add_months(target, 1)


def _refresh_one(rules, span, month, user_id, department_ids, send_reminders) -> None:
    result = EvaluationResult(month=month)
    idx = month_index(month)
    subject = Q(pk__in=[])
    if user_id:
        subject |= Q(user_id=user_id)
    if department_ids:
        subject |= Q(department_id__in=department_ids)
    rows = _rows(month, span, subject)
    staff, departments = engine.evaluate(rules, rows, idx)
    staff = {k: v for k, v in staff.items() if k == user_id and v.level > 0}
    departments = {k: v for k, v in departments.items() if k in department_ids}
    if user_id:
        departments_of = _staff_departments(staff or {user_id: engine.Result()}, rows, [user_id])
        _store(
            month=month,
            scope=Scope.STAFF,
            results=staff,
            departments_of=departments_of,
            existing=_existing(
                Level.objects.filter(month=month, scope=Scope.STAFF, user_id=user_id)
            ),
            result=result,
        )
    if department_ids:
        members: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        staff_levels = list(
            Level.objects.filter(
                month=month, scope=Scope.STAFF, department_id__in=department_ids
            ).values_list("department_id", "level", "user_id")
        )
        names = _names(u for _d, _l, u in staff_levels)
        for dept, level, uid in staff_levels:
            members[dept].append((level, uid, names.get(uid, "")))
        departments = engine.inherit(departments, members)
        _store(
            month=month,
            scope=Scope.DEPARTMENT,
            results=departments,
            departments_of=None,
            existing=_existing(
                Level.objects.filter(
                    month=month, scope=Scope.DEPARTMENT, department_id__in=department_ids
                )
            ),
            result=result,
        )
    if send_reminders:
        send_automatic_reminders(
            month=month,
            user_ids=[user_id] if user_id else [],
            department_ids=sorted(department_ids),
        )


def deliver_pending_facts() -> int:
    """Pull facts the other apps recorded while this app could not take them (see
    DEFAULT_DELIVERERS). Returns how many were delivered."""
    from django.apps import apps

    delivered = 0
    for path in getattr(settings, "EARLY_WARNING_PENDING_DELIVERERS", DEFAULT_DELIVERERS):
        if not apps.is_installed(path.split(".")[0]):
            continue
        try:
            deliver = import_string(path)
        except ImportError:
            continue
        delivered += int(deliver() or 0)
    return delivered


# =========================================================================== notices


def _recipients(measure_or_subject) -> list[int]:
    """Who hears about a measure: the staff member, or the heads of the department."""
    if measure_or_subject.user_id:
        return [measure_or_subject.user_id]
    return list(
        Department.heads.through.objects.filter(
            department_id=measure_or_subject.department_id
        ).values_list("user_id", flat=True)
    )


def _email(notices: list[Notice]) -> None:
    if not notices:
        return
    user_ids = {n.user_id for n in notices}
    wants = dict(
        StaffProfile.objects.filter(user_id__in=list(user_ids)).values_list(
            "user_id", "notify_by_email"
        )
    )
    emails = dict(
        User.objects.filter(pk__in=list(user_ids)).exclude(email="").values_list("pk", "email")
    )
    messages, sent = [], []
    for notice in notices:
        if wants.get(notice.user_id, False) and notice.user_id in emails:
            messages.append(
                EmailMessage(
                    _("Integrity risk early warning"),
                    notice.message,
                    None,
                    [emails[notice.user_id]],
                )
            )
            sent.append(notice.pk)
    if not messages:
        return
    try:
        get_connection(fail_silently=True).send_messages(messages)
    except Exception:  # mail must never undo a measure
        logger.exception("Sending warning notices by e-mail failed")
        return
    for chunk in _chunks(sent):
        Notice.objects.filter(pk__in=chunk).update(emailed=True)


def _notice_text(measure: Measure, action: str) -> str:
    """The notice, in the site's language whatever the caller's (cron jobs, shells)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _notice_text_in_language(measure, action)


def _notice_text_in_language(measure: Measure, action: str) -> str:
    params = {
        "measure": measure.get_kind_display(),
        "month": month_label(measure.month),
        "level": measure.get_level_display(),
    }
    if action == EventAction.SENT:
        return _reminder_text(measure.month, measure.level)
    if measure.kind == MeasureKind.TALK and measure.scheduled_at:
        params["when"] = timezone.localtime(measure.scheduled_at).strftime("%Y-%m-%d %H:%M")
        params["where"] = measure.location or "—"
        return _("Admonishment talk scheduled: %(when)s, %(where)s.") % params
    if measure.kind == MeasureKind.RECTIFICATION and action == EventAction.CREATED:
        params["deadline"] = measure.deadline.isoformat() if measure.deadline else "—"
        return (
            _(
                "Rectification order (%(month)s): submit your rectification report in the "
                "staff area by %(deadline)s."
            )
            % params
        )
    labels = dict(EventAction.choices)
    params["action"] = labels.get(action, action)
    return _("%(measure)s (%(month)s): %(action)s.") % params


def _notify(measure: Measure, action: str) -> None:
    text = _notice_text(measure, action)
    notices = Notice.objects.bulk_create(
        [Notice(user_id=uid, measure=measure, message=text) for uid in _recipients(measure)]
    )
    transaction.on_commit(lambda: _email(notices))


# =========================================================================== measures


def reminders_due(month: dt.date, today: dt.date | None = None) -> bool:
    """Automatic reminders go out for recent months only (this month and the
    EARLY_WARNING_REMINDER_MONTHS - 1 before it; 0: any month), so that evaluating the past
    again does not send people reminders about it."""
    window = getattr(settings, "EARLY_WARNING_REMINDER_MONTHS", 2)
    if not window:
        return True
    current = month_of(today or timezone.localdate())
    return add_months(current, -(window - 1)) <= month <= current


def send_automatic_reminders(
    *,
    month: dt.date,
    user_ids: list[int] | None = None,
    department_ids: list[int] | None = None,
    today: dt.date | None = None,
) -> int:
    """A warning reminder (警示提醒) for every subject at yellow or above in ``month`` that has
    not had one for that month, with its history entry and a notice to the staff member (or
    the department's heads). Bulk: a fixed number of queries. Returns how many were sent."""
    if not reminders_due(month, today):
        return 0
    levels = Level.objects.filter(month=month, level__gte=Colour.YELLOW)
    if user_ids is not None or department_ids is not None:
        levels = levels.filter(
            Q(scope=Scope.STAFF, user_id__in=user_ids or [])
            | Q(scope=Scope.DEPARTMENT, department_id__in=department_ids or [])
        )
    wanted = list(levels.values_list("scope", "user_id", "department_id", "level"))
    if not wanted:
        return 0
    done_staff, done_departments = set(), set()
    for scope, user_id, department_id in Measure.objects.filter(
        month=month, automatic=True
    ).values_list("scope", "user_id", "department_id"):
        if scope == Scope.STAFF:
            done_staff.add(user_id)
        else:
            done_departments.add(department_id)
    new = [
        (scope, user_id if scope == Scope.STAFF else None, department_id, level)
        for scope, user_id, department_id, level in wanted
        if (scope == Scope.STAFF and user_id not in done_staff)
        or (scope == Scope.DEPARTMENT and department_id not in done_departments)
    ]
    if not new:
        return 0
    now = timezone.now()
    reason = _("Sent automatically for the level of %(month)s.") % {"month": month_label(month)}
    with transaction.atomic():
        _insert(
            Measure,
            [
                {
                    "kind": MeasureKind.REMINDER,
                    "scope": scope,
                    "user_id": user_id,
                    "department_id": department_id,
                    "month": month,
                    "level": level,
                    "status": MeasureStatus.CLOSED,
                    "automatic": True,
                    "reason": reason,
                    "closed_at": now,
                    "created_at": now,
                }
                for scope, user_id, department_id, level in new
            ],
            now=now,
        )
        subjects = {(scope, user_id, department_id) for scope, user_id, department_id, _l in new}
        created = [
            row
            for row in Measure.objects.filter(
                month=month, automatic=True, created_at=now
            ).values_list("pk", "scope", "user_id", "department_id", "level")
            if (row[1], row[2], row[3]) in subjects
        ]
        _insert(
            MeasureEvent,
            [
                {"measure_id": pk, "action": EventAction.SENT, "status_after": MeasureStatus.CLOSED}
                for pk, *_rest in created
            ],
            now=now,
        )
        heads: dict[int, list[int]] = defaultdict(list)
        dept_ids = [row[3] for row in created if row[1] == Scope.DEPARTMENT]
        if dept_ids:
            for dept, uid in Department.heads.through.objects.filter(
                department_id__in=dept_ids
            ).values_list("department_id", "user_id"):
                heads[dept].append(uid)
        texts: dict[int, str] = {}
        notices = []
        for pk, scope, user_id, department_id, level in created:
            if level not in texts:
                texts[level] = _reminder_text(month, level)
            recipients = [user_id] if scope == Scope.STAFF else heads.get(department_id, [])
            notices.extend(
                {"user_id": uid, "measure_id": pk, "message": texts[level], "created_at": now}
                for uid in recipients
            )
        _insert(Notice, notices, now=now)
    transaction.on_commit(lambda: _email_new_notices(created_at=now))
    return len(created)


def _reminder_text(month: dt.date, level: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Warning reminder: your integrity risk level for %(month)s is %(level)s. "
            "Please review the signals behind it and correct the problems."
        ) % {"month": month_label(month), "level": str(Colour(level).label)}


def _email_new_notices(*, created_at: dt.datetime) -> None:
    _email(list(Notice.objects.filter(created_at=created_at, emailed=False)))


def _event(measure: Measure, action: str, actor=None, note: str = "") -> MeasureEvent:
    return MeasureEvent.objects.create(
        measure=measure, action=action, actor=actor, note=note, status_after=measure.status
    )


def _subject_month_level(*, user_id: int | None, department_id: int | None, month: dt.date) -> int:
    levels = Level.objects.filter(month=month)
    if user_id:
        levels = levels.filter(scope=Scope.STAFF, user_id=user_id)
    else:
        levels = levels.filter(scope=Scope.DEPARTMENT, department_id=department_id)
    return levels.values_list("level", flat=True).first() or Colour.GREEN


@transaction.atomic
def create_measure(
    *,
    kind: str,
    actor,
    user=None,
    department: Department | None = None,
    month: dt.date | None = None,
    reason: str = "",
    scheduled_at: dt.datetime | None = None,
    location: str = "",
    deadline: dt.date | None = None,
    escalated_from: Measure | None = None,
) -> Measure:
    """An inspector opens a measure for a staff member or a department; its subject is told."""
    if kind not in MeasureKind.values:
        raise WarningError(_("Unknown measure."))
    if (user is None) == (department is None):
        raise WarningError(_("Choose either a staff member or a department."))
    if kind == MeasureKind.RECTIFICATION and deadline is None:
        raise WarningError(_("A rectification order needs a deadline."))
    if kind == MeasureKind.TALK and scheduled_at is None:
        raise WarningError(_("Schedule the talk: enter its date and time."))
    month = month_of(month or timezone.localdate())
    if user is not None and department is None:
        profile_department = _profile_departments([user.pk]).get(user.pk)
        department_id = profile_department
    else:
        department_id = department.pk if department else None
    measure = Measure.objects.create(
        kind=kind,
        scope=Scope.STAFF if user is not None else Scope.DEPARTMENT,
        user=user,
        department_id=department_id,
        month=month,
        level=_subject_month_level(
            user_id=user.pk if user else None, department_id=department_id, month=month
        ),
        status=MeasureStatus.CLOSED if kind == MeasureKind.REMINDER else MeasureStatus.OPEN,
        reason=reason,
        scheduled_at=scheduled_at,
        location=location,
        deadline=deadline,
        escalated_from=escalated_from,
        created_by=actor,
        closed_at=timezone.now() if kind == MeasureKind.REMINDER else None,
        closed_by=actor if kind == MeasureKind.REMINDER else None,
    )
    action = {
        MeasureKind.REMINDER: EventAction.SENT,
        MeasureKind.TALK: EventAction.SCHEDULED,
    }.get(kind, EventAction.CREATED)
    _event(measure, action, actor, reason)
    _notify(measure, action)
    return measure


def _locked(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().get(pk=measure.pk)


@transaction.atomic
def record_talk(
    *, measure: Measure, actor, held_at: dt.datetime, attendees: str, record: str
) -> Measure:
    """The admonishment talk took place: when, who attended, what was said. Closes it."""
    measure = _locked(measure)
    if measure.kind != MeasureKind.TALK or not measure.is_open:
        raise WarningError(_("Only an open admonishment talk can be recorded."))
    if not attendees.strip() or not record.strip():
        raise WarningError(_("Enter who attended and the record of the talk."))
    measure.held_at = held_at
    measure.attendees = attendees.strip()
    measure.record = record.strip()
    measure.status = MeasureStatus.CLOSED
    measure.closed_at = timezone.now()
    measure.closed_by = actor
    measure.save()
    _event(measure, EventAction.HELD, actor, record.strip()[:500])
    _notify(measure, EventAction.HELD)
    return measure


@transaction.atomic
def reschedule_talk(
    *, measure: Measure, actor, scheduled_at: dt.datetime, location: str = ""
) -> Measure:
    measure = _locked(measure)
    if measure.kind != MeasureKind.TALK or not measure.is_open:
        raise WarningError(_("Only an open admonishment talk can be rescheduled."))
    measure.scheduled_at = scheduled_at
    measure.location = location
    measure.save()
    _event(measure, EventAction.SCHEDULED, actor)
    _notify(measure, EventAction.SCHEDULED)
    return measure


@transaction.atomic
def submit_rectification_report(*, measure: Measure, user, text: str) -> Measure:
    """The subject (the staff member, or a head of the department) reports what was put right."""
    measure = _locked(measure)
    if measure.kind != MeasureKind.RECTIFICATION or measure.status != MeasureStatus.OPEN:
        raise WarningError(_("This rectification order does not take a report now."))
    if user.pk not in _recipients(measure):
        raise WarningError(_("Only the subject of the order can submit its report."))
    text = (text or "").strip()
    if len(text) < 5:
        raise WarningError(_("Describe the rectification (at least 5 characters)."))
    if len(text) > 10000:
        raise WarningError(_("The report is too long (at most 10000 characters)."))
    measure.report_text = text
    measure.report_submitted_at = timezone.now()
    measure.status = MeasureStatus.SUBMITTED
    measure.save()
    _event(measure, EventAction.SUBMITTED, user)
    return measure


@transaction.atomic
def verify_rectification(*, measure: Measure, actor, accept: bool, note: str = "") -> Measure:
    """An inspector accepts the report (closing the order) or returns it for more work."""
    measure = _locked(measure)
    if measure.kind != MeasureKind.RECTIFICATION or measure.status != MeasureStatus.SUBMITTED:
        raise WarningError(_("Only a submitted rectification report can be verified."))
    if accept:
        measure.status = MeasureStatus.CLOSED
        measure.closed_at = timezone.now()
        measure.closed_by = actor
        measure.decision = note.strip()
        action = EventAction.VERIFIED
    else:
        if not note.strip():
            raise WarningError(_("Say what is still missing."))
        measure.status = MeasureStatus.OPEN
        action = EventAction.RETURNED
    measure.save()
    _event(measure, action, actor, note.strip())
    _notify(measure, action)
    return measure


@transaction.atomic
def record_decision(*, measure: Measure, actor, decision: str) -> Measure:
    """The accountability decision (责任追究) is recorded; this closes the measure."""
    measure = _locked(measure)
    if measure.kind != MeasureKind.ACCOUNTABILITY or not measure.is_open:
        raise WarningError(_("Only an open accountability measure takes a decision."))
    if not decision.strip():
        raise WarningError(_("Enter the decision."))
    measure.decision = decision.strip()
    measure.status = MeasureStatus.CLOSED
    measure.closed_at = timezone.now()
    measure.closed_by = actor
    measure.save()
    _event(measure, EventAction.DECIDED, actor, decision.strip()[:500])
    _notify(measure, EventAction.DECIDED)
    return measure


@transaction.atomic
def cancel_measure(*, measure: Measure, actor, note: str) -> Measure:
    measure = _locked(measure)
    if not measure.is_open:
        raise WarningError(_("Only an open measure can be cancelled."))
    if not note.strip():
        raise WarningError(_("Give the reason for cancelling."))
    measure.status = MeasureStatus.CANCELLED
    measure.closed_at = timezone.now()
    measure.closed_by = actor
    measure.save()
    _event(measure, EventAction.CANCELLED, actor, note.strip())
    _notify(measure, EventAction.CANCELLED)
    return measure


@transaction.atomic
def escalate(*, measure: Measure, actor, **kwargs) -> Measure:
    """Open the next measure of the ladder for the same subject."""
    from early_warning.models import LADDER

    position = LADDER.index(MeasureKind(measure.kind))
    if position + 1 >= len(LADDER):
        raise WarningError(_("Accountability is the last step of the ladder."))
    kind = kwargs.pop("kind", LADDER[position + 1])
    return create_measure(
        kind=kind,
        actor=actor,
        user=measure.user,
        department=measure.department if measure.user_id is None else None,
        month=measure.month,
        escalated_from=measure,
        **kwargs,
    )


@transaction.atomic
def flag_overdue(*, today: dt.date | None = None) -> int:
    """Flag open rectification orders past their deadline (once) and propose escalation to
    accountability in their history. Returns how many were newly flagged."""
    today = today or timezone.localdate()
    overdue = list(Measure.objects.overdue(today).filter(overdue_flagged_at__isnull=True))
    if not overdue:
        return 0
    now = timezone.now()
    Measure.objects.filter(pk__in=[m.pk for m in overdue]).update(overdue_flagged_at=now)
    note = _("The deadline has passed; escalation to accountability is proposed.")
    MeasureEvent.objects.bulk_create(
        MeasureEvent(
            measure=m, action=EventAction.OVERDUE, note=note, status_after=m.status, at=now
        )
        for m in overdue
    )
    for measure in overdue:
        _notify(measure, EventAction.OVERDUE)
    return len(overdue)


@transaction.atomic
def mark_notices_read(*, user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# =========================================================================== bulletins


@transaction.atomic
def draft_bulletin(*, month: dt.date, actor=None):
    """A draft (unpublished) warning bulletin for ``month`` with the month's figures, under the
    bulletin list (created below the site's home page if there is none yet). Inspectors edit
    and publish it in the admin."""
    from django.utils.html import escape
    from wagtail.models import Site

    from early_warning import selectors
    from early_warning.models import BulletinIndexPage, BulletinPage

    month = month_of(month)
    index = BulletinIndexPage.objects.first()
    if index is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise WarningError(_("There is no site to publish the bulletin on."))
        index = site.root_page.specific.add_child(
            instance=BulletinIndexPage(title=_("Warning bulletins"), slug="warning-bulletins")
        )
    figures = selectors.month_report(month=month)
    count = BulletinPage.objects.filter(month__year=month.year).count() + 1
    params = {
        "year": month.year,
        "month": month.month,
        "departments": len(figures["departments"]),
        "people": sum(figures["staff"].values()),
    }
    intro = (
        _(
            "In %(month)s/%(year)s, %(departments)s departments and %(people)s staff members "
            "were at a warning level (yellow or above)."
        )
        % params
    )
    problems = "".join(f"<li>{escape(p['kind'])}: {p['count']}</li>" for p in figures["problems"])
    page = BulletinPage(
        title=_("Warning bulletin %(year)s-%(month)02d") % params,
        slug=f"bulletin-{month_label(month)}-{uuid.uuid4().hex[:6]}",
        month=month,
        number=_("%(year)s, no. %(count)s") % {"year": month.year, "count": count},
        intro=f"<p>{escape(intro)}</p>",
        typical_problems=f"<ul>{problems}</ul>" if problems else "",
        data=figures,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor, log_action=True)
    return page
