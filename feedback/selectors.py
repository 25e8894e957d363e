"""Reads of the feedback app."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import roles
from feedback.models import DIMENSIONS, AuditLogEntry, DepartmentRating, Report


def is_inspector(user) -> bool:
    """Only members of the 纪检监察 group may see reports (superusers included only as members)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_feedback_is_inspector", None)
    if cached is None:
        cached = user.groups.filter(name=roles.INSPECTORS).exists()
        user._feedback_is_inspector = cached
    return cached


def inbox(*, filters: dict, user) -> QuerySet[Report]:  # noqa: F821
    qs = Report.objects.select_related("department", "handler")
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(
            Q(reference__iexact=q) | Q(description__icontains=q) | Q(accused_name__icontains=q)
        )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("department"):
        qs = qs.filter(department=filters["department"])
    handler = filters.get("handler")
    if handler == "me":
        qs = qs.filter(handler=user)
    elif handler == "none":
        qs = qs.filter(handler__isnull=True)
    elif handler:
        qs = qs.filter(handler_id=int(handler))
    if filters.get("overdue"):
        qs = qs.overdue()
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        start = datetime.datetime.combine(filters["date_from"], datetime.time.min, tzinfo=tz)
        qs = qs.filter(created_at__gte=start)
    if filters.get("date_to"):
        end = datetime.datetime.combine(
            filters["date_to"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        qs = qs.filter(created_at__lt=end)
    return qs


def report_audit_log(report: Report):
    return AuditLogEntry.objects.filter(report=report).order_by("-created_at", "-id")


def statistics(*, year: int) -> dict:
    """Counts by category, department and month for reports submitted in ``year``."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    qs = Report.objects.filter(created_at__gte=start, created_at__lt=end)
    by_category = list(qs.values("category").annotate(n=Count("id")).order_by("-n", "category"))
    by_department = list(
        qs.values("department__name").annotate(n=Count("id")).order_by("-n", "department__name")
    )
    by_month = list(
        qs.annotate(m=TruncMonth("created_at", tzinfo=tz))
        .values("m")
        .annotate(n=Count("id"))
        .order_by("m")
    )
    by_status = list(qs.values("status").annotate(n=Count("id")).order_by("status"))
    return {
        "year": year,
        "total": qs.count(),
        "overdue": qs.overdue().count(),
        "by_category": by_category,
        "by_department": by_department,
        "by_month": by_month,
        "by_status": by_status,
    }


def rating_months(limit: int = 24) -> list[datetime.date]:
    return list(
        DepartmentRating.objects.order_by("-month")
        .values_list("month", flat=True)
        .distinct()[:limit]
    )


def rating_results(*, month: datetime.date) -> list[dict]:
    """Averages and counts per department for one month, ranked by the overall average."""
    Department = apps.get_model("organization", "Department")
    rows = (
        DepartmentRating.objects.filter(month=month)
        .values("department")
        .annotate(count=Count("id"), **{d: Avg(d) for d in DIMENSIONS})
    )
    names = dict(
        Department.objects.filter(pk__in=[r["department"] for r in rows]).values_list("pk", "name")
    )
    results = []
    for row in rows:
        scores = {d: round(float(row[d]), 2) for d in DIMENSIONS}
        results.append(
            {
                "department_id": row["department"],
                "department": names.get(row["department"], ""),
                "count": row["count"],
                **scores,
                "overall": round(sum(scores.values()) / len(DIMENSIONS), 2),
            }
        )
    results.sort(key=lambda r: (-r["overall"], -r["count"], r["department"]))
    for rank, row in enumerate(results, start=1):
        row["rank"] = rank
        row["bar"] = round(row["overall"] / 5 * 100, 1)
    return results


def public_form_pages(site) -> list:
    """Live, public suggestion forms and contests of ``site`` (the /feedback/ landing)."""
    from wagtail.models import Page

    from feedback.models import ContestPage, FeedbackFormPage

    pages = Page.objects.live().public().type(FeedbackFormPage, ContestPage).order_by("path")
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return list(pages)
