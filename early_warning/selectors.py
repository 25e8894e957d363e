"""Reads of the early-warning system: who may see what, the dashboard's figures, a person's
and a department's levels. Each function runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.months import add_months, month_label, month_of, month_range
from early_warning.models import (
    COLOUR_CSS,
    COLOUR_SHORT,
    SUGGESTED_MEASURE,
    Colour,
    Level,
    Measure,
    MeasureKind,
    MeasureStatus,
    Notice,
    Rule,
    Scope,
    Signal,
)
from organization import selectors as org
from organization.models import Department, StaffProfile

User = get_user_model()


# =========================================================================== access


@dataclass(frozen=True)
class Access:
    """What a user may see: everything (inspectors), some departments (their heads), or only
    their own level and measures (everyone logged in)."""

    user_id: int | None
    inspector: bool = False
    department_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def supervises(self) -> bool:
        return self.inspector or bool(self.department_ids)

    def sees_department(self, department_id: int | None) -> bool:
        return self.inspector or (
            department_id is not None and department_id in self.department_ids
        )

    def departments(self) -> QuerySet[Department]:
        departments = Department.objects.active().select_related("parent__parent")
        if not self.inspector:
            departments = departments.filter(pk__in=self.department_ids)
        return departments.order_by("parent_id", "sort_order", "name")

    def filter(self, queryset: QuerySet, lookup: str = "department_id") -> QuerySet:
        if self.inspector:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.department_ids})


def access_for(user) -> Access:
    if not getattr(user, "is_authenticated", False):
        return Access(user_id=None)
    if org.is_inspector(user):
        return Access(user_id=user.pk, inspector=True)
    return Access(user_id=user.pk, department_ids=frozenset(org.headed_department_ids(user)))


def person_department_id(user_id: int) -> int | None:
    return (
        StaffProfile.objects.filter(user_id=user_id).values_list("department_id", flat=True).first()
    )


def can_view_person(access: Access, user_id: int) -> bool:
    if access.user_id is None:
        return False
    if access.inspector or access.user_id == user_id:
        return True
    return access.sees_department(person_department_id(user_id))


def visible_measures(access: Access) -> QuerySet[Measure]:
    measures = Measure.objects.select_related("user", "department")
    if access.inspector:
        return measures
    own = Q(user_id=access.user_id)
    if access.department_ids:
        own |= Q(department_id__in=access.department_ids)
    return measures.filter(own)


def can_view_measure(access: Access, measure: Measure) -> bool:
    if access.user_id is None:
        return False
    return (
        access.inspector
        or measure.user_id == access.user_id
        or access.sees_department(measure.department_id)
    )


def can_report_on(user, measure: Measure) -> bool:
    """Whether ``user`` is the one who submits the rectification report."""
    if measure.user_id:
        return measure.user_id == user.pk
    return measure.department.heads.filter(pk=user.pk).exists()


# =========================================================================== helpers


def current_month() -> dt.date:
    return month_of(timezone.localdate())


def display_name(user) -> str:
    return f"{user.last_name}{user.first_name}".strip() or user.username


def explain(level: Level | None) -> dict:
    """A level's explanation with its signals and rules loaded (two queries)."""
    if level is None:
        return {"rules": [], "signals": {}, "inherited": None}
    data = level.explanation or {}
    matches = data.get("rules", [])
    ids = {sid for match in matches for sid in match.get("signals", [])}
    signals = {s.pk: s for s in Signal.objects.filter(pk__in=ids).select_related("user")}
    rules = {r.pk: r for r in Rule.objects.filter(pk__in=[m.get("rule") for m in matches])}
    rows = []
    for match in matches:
        rows.append(
            {
                **match,
                "css": COLOUR_CSS.get(match.get("level", 0), "green"),
                "label": Colour(match.get("level", 0)).label,
                "rule_obj": rules.get(match.get("rule")),
                "signal_objs": [signals[s] for s in match.get("signals", []) if s in signals],
            }
        )
    inherited = data.get("inherited")
    if inherited:
        inherited = {
            **inherited,
            "css": COLOUR_CSS.get(inherited.get("level", 0), "green"),
            "label": Colour(inherited.get("level", 0)).label,
            "people": [
                {**p, "css": COLOUR_CSS.get(p.get("level", 0), "green")}
                for p in inherited.get("people", [])
            ],
        }
    return {"rules": rows, "inherited": inherited}


# =========================================================================== staff area


@dataclass
class StaffSummary:
    month: dt.date
    level: int
    explanation: dict
    history: list[dict]
    open_measures: list[Measure]
    recent_measures: list[Measure]
    unread_notices: list[Notice]

    @property
    def css(self) -> str:
        return COLOUR_CSS[self.level]

    @property
    def label(self) -> str:
        return Colour(self.level).label


def staff_summary(user, *, months: int = 6) -> StaffSummary | None:
    """The staff area's "key risk warnings": my current level (and the last months), my open
    measures and unread notices. Five queries."""
    if not getattr(user, "is_authenticated", False):
        return None
    month = current_month()
    first = add_months(month, -(months - 1))
    levels = {
        lv.month: lv
        for lv in Level.objects.filter(
            scope=Scope.STAFF, user=user, month__gte=first, month__lte=month
        )
    }
    current = levels.get(month)
    history = [
        {
            "month": m,
            "label": month_label(m),
            "level": levels[m].level if m in levels else Colour.GREEN,
            "css": COLOUR_CSS[levels[m].level if m in levels else 0],
            "name": Colour(levels[m].level if m in levels else 0).label,
        }
        for m in month_range(first, month)
    ]
    measures = list(Measure.objects.filter(user=user).order_by("-created_at", "-pk")[:20])
    return StaffSummary(
        month=month,
        level=current.level if current else Colour.GREEN,
        explanation=explain(current),
        history=history,
        open_measures=[m for m in measures if m.is_open],
        recent_measures=[m for m in measures if not m.is_open][:5],
        unread_notices=list(Notice.objects.filter(user=user, read_at__isnull=True)[:10]),
    )


# =========================================================================== dashboard


@dataclass
class Dashboard:
    months: list[dt.date]
    rows: list[dict]  # one per department: {"department", "cells": [{"level", "css"}]}
    distribution: list[dict]  # one per month: {"month", "counts": {level: n}}
    measures: list[dict]  # one per month: {"month", "opened", "closed", "by_kind"}
    overdue: list[Measure]
    overdue_count: int
    open_count: int
    current: dict  # colour counts of the last month
    staff_total: int
    top_people: list[Level]

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.months]

    def chart_data(self) -> dict:
        levels = [Colour.GREEN, Colour.YELLOW, Colour.ORANGE, Colour.RED]
        return {
            "months": self.month_labels,
            "levels": [
                {"level": int(lv), "name": str(Colour(lv).label), "css": COLOUR_CSS[lv]}
                for lv in levels
            ],
            "distribution": [
                [row["counts"].get(lv, 0) for row in self.distribution] for lv in levels
            ],
            "opened": [row["opened"] for row in self.measures],
            "closed": [row["closed"] for row in self.measures],
            "current": [self.current.get(lv, 0) for lv in levels],
            "labels": {"opened": str(_("measures opened")), "closed": str(_("measures closed"))},
        }


def dashboard(access: Access, *, end: dt.date | None = None, months: int = 12) -> Dashboard:
    """Departments × months coloured by level, the colour distribution of staff, measures
    opened and closed, overdue rectifications. Nine queries whatever the size."""
    end = month_of(end or current_month())
    months = max(1, min(months, 36))
    first = add_months(end, -(months - 1))
    month_list = month_range(first, end)
    departments = list(access.departments())
    grid: dict[tuple[int, dt.date], int] = {
        (dept, m): lv
        for dept, m, lv in access.filter(
            Level.objects.filter(scope=Scope.DEPARTMENT, month__gte=first, month__lte=end)
        ).values_list("department_id", "month", "level")
    }
    labels = [month_label(m) for m in month_list]
    short = {lv: str(COLOUR_SHORT[lv]) for lv in COLOUR_SHORT}
    rows = []
    for department in departments:
        url = reverse("early_warning:department", args=[department.pk])
        cells = []
        for m, label in zip(month_list, labels, strict=True):
            level = grid.get((department.pk, m), Colour.GREEN)
            cells.append(
                {
                    "month": m,
                    "label": label,
                    "level": level,
                    "css": COLOUR_CSS[level],
                    "short": short[level],
                    "url": f"{url}?month={label}",
                    "aria": f"{department.name} {label}: {short[level]}",
                }
            )
        rows.append(
            {
                "department": department,
                "url": url,
                "cells": cells,
                "worst": max(c["level"] for c in cells),
            }
        )
    staff_total = access.filter(StaffProfile.objects.monitored()).count()
    counts: dict[dt.date, dict[int, int]] = defaultdict(dict)
    for m, lv, n in (
        access.filter(Level.objects.filter(scope=Scope.STAFF, month__gte=first, month__lte=end))
        .values_list("month", "level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[m][lv] = n
    distribution = []
    for m in month_list:
        row = dict(counts.get(m, {}))
        row[Colour.GREEN] = max(staff_total - sum(row.values()), 0)
        distribution.append({"month": m, "counts": row})
    measures = access.filter(Measure.objects.all())
    opened: dict[dt.date, dict[str, int]] = defaultdict(dict)
    closed: dict[dt.date, int] = defaultdict(int)
    for m, kind, n, done in (
        measures.filter(month__gte=first, month__lte=end)
        .values_list("month", "kind")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=MeasureStatus.CLOSED)))
        .order_by()
    ):
        opened[m][kind] = n
        closed[m] += done
    measure_rows = [
        {
            "month": m,
            "opened": sum(opened.get(m, {}).values()),
            "closed": closed.get(m, 0),
            "by_kind": opened.get(m, {}),
        }
        for m in month_list
    ]
    overdue_qs = measures.overdue().select_related("user", "department").order_by("deadline")
    overdue = list(overdue_qs[:20])
    overdue_count = overdue_qs.count() if len(overdue) == 20 else len(overdue)
    open_count = measures.open().count()
    top_people = list(
        access.filter(Level.objects.filter(scope=Scope.STAFF, month=end, level__gte=Colour.ORANGE))
        .select_related("user", "department")
        .order_by("-level", "department__name", "user_id")[:20]
    )
    return Dashboard(
        months=month_list,
        rows=rows,
        distribution=distribution,
        measures=measure_rows,
        overdue=overdue,
        overdue_count=overdue_count,
        open_count=open_count,
        current=distribution[-1]["counts"],
        staff_total=staff_total,
        top_people=top_people,
    )


# =========================================================================== drill-down


def department_detail(department: Department, *, month: dt.date, months: int = 12) -> dict:
    first = add_months(month, -(months - 1))
    level = Level.objects.filter(scope=Scope.DEPARTMENT, department=department, month=month).first()
    history = dict(
        Level.objects.filter(
            scope=Scope.DEPARTMENT, department=department, month__gte=first, month__lte=month
        ).values_list("month", "level")
    )
    staff_levels = list(
        Level.objects.filter(scope=Scope.STAFF, department=department, month=month)
        .select_related("user")
        .order_by("-level", "user__last_name", "user__first_name", "user_id")
    )
    signals = list(
        Signal.objects.filter(department=department, month=month)
        .select_related("user")
        .order_by("-occurred_at")[:200]
    )
    measures = list(
        Measure.objects.filter(department=department)
        .select_related("user")
        .order_by("-created_at")[:100]
    )
    level_value = level.level if level else Colour.GREEN
    return {
        "level": level_value,
        "level_css": COLOUR_CSS[level_value],
        "level_label": Colour(level_value).label,
        "explanation": explain(level),
        "history": [
            {
                "month": m,
                "label": month_label(m),
                "css": COLOUR_CSS[history.get(m, 0)],
                "name": Colour(history.get(m, 0)).label,
            }
            for m in month_range(first, month)
        ],
        "staff_levels": staff_levels,
        "signals": signals,
        "measures": measures,
        "suggested": SUGGESTED_MEASURE.get(level_value),
    }


def person_detail(user, *, month: dt.date, months: int = 12) -> dict:
    first = add_months(month, -(months - 1))
    levels = {
        lv.month: lv
        for lv in Level.objects.filter(
            scope=Scope.STAFF, user=user, month__gte=first, month__lte=month
        )
    }
    level = levels.get(month)
    level_value = level.level if level else Colour.GREEN
    return {
        "level": level_value,
        "level_css": COLOUR_CSS[level_value],
        "level_label": Colour(level_value).label,
        "explanation": explain(level),
        "history": [
            {
                "month": m,
                "label": month_label(m),
                "css": COLOUR_CSS[levels[m].level if m in levels else 0],
                "name": Colour(levels[m].level if m in levels else 0).label,
            }
            for m in month_range(first, month)
        ],
        "signals": list(
            Signal.objects.filter(user=user, month__gte=first, month__lte=month).order_by(
                "-month", "-occurred_at"
            )[:200]
        ),
        "measures": list(Measure.objects.filter(user=user).order_by("-created_at")[:100]),
        "suggested": SUGGESTED_MEASURE.get(level_value),
        "profile": StaffProfile.objects.filter(user=user).select_related("department").first(),
    }


def month_report(*, month: dt.date) -> dict:
    """A month's figures for a bulletin: levels by department, measures taken and closed, the
    most frequent kinds of signal (typical problems)."""
    levels = list(
        Level.objects.filter(scope=Scope.DEPARTMENT, month=month, level__gte=Colour.YELLOW)
        .select_related("department")
        .order_by("-level", "department__name")
    )
    staff_counts = dict(
        Level.objects.filter(scope=Scope.STAFF, month=month)
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    opened, closed = {}, {}
    for kind, n, done in (
        Measure.objects.filter(month=month)
        .values_list("kind")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=MeasureStatus.CLOSED)))
        .order_by()
    ):
        opened[kind], closed[kind] = n, done
    kinds = list(
        Signal.objects.filter(month=month)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")[:8]
    )
    from early_warning.models import Kind

    kind_labels = dict(Kind.choices)
    measure_labels = dict(MeasureKind.choices)
    return {
        "month": month_label(month),
        "departments": [
            {
                "name": lv.department.full_name if lv.department else "",
                "level": lv.level,
                "css": COLOUR_CSS[lv.level],
                "label": str(Colour(lv.level).label),
            }
            for lv in levels
        ],
        "staff": {
            str(Colour(lv).label): staff_counts.get(lv, 0)
            for lv in (Colour.YELLOW, Colour.ORANGE, Colour.RED)
        },
        "measures": [
            {
                "kind": str(measure_labels[kind]),
                "opened": opened.get(kind, 0),
                "closed": closed.get(kind, 0),
            }
            for kind in MeasureKind.values
        ],
        "problems": [{"kind": str(kind_labels.get(k, k)), "count": n} for k, n in kinds],
    }
