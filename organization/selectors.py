"""Read-side queries about the organisation. Other apps use these, not the models' internals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from core import roles
from organization.models import (
    Department,
    Post,
    PostAssignment,
    Procedure,
    ProcedureStep,
    RiskPoint,
    StaffProfile,
)


def department_choices() -> QuerySet[Department]:
    """Active departments, for choosers (feedback's department field etc.)."""
    return Department.objects.active().select_related("parent")


def profile_for(user) -> StaffProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return StaffProfile.objects.select_related("department").get(user=user)
    except StaffProfile.DoesNotExist:
        return None


def current_assignments(user, *, on: dt.date | None = None) -> QuerySet[PostAssignment]:
    return (
        PostAssignment.objects.current(on)
        .filter(user=user)
        .select_related("post__department")
        .order_by("start_date", "pk")
    )


def current_posts(user, *, on: dt.date | None = None) -> list[Post]:
    return [a.post for a in current_assignments(user, on=on)]


def user_departments(user, *, on: dt.date | None = None) -> list[Department]:
    """The departments a user works in: their profile's department first, then the
    departments of their current posts (no duplicates)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: dict[int, Department] = {}
    profile = profile_for(user)
    if profile and profile.department:
        found[profile.department.pk] = profile.department
    for post in current_posts(user, on=on):
        found.setdefault(post.department.pk, post.department)
    return list(found.values())


def headed_department_ids(user) -> set[int]:
    """Ids of the departments ``user`` heads, including every sub-department below them."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids: set[int] = set()
    for department in user.headed_departments.all():
        ids |= department.descendant_ids()
    return ids


def is_department_head(user, department: Department | None = None) -> bool:
    """Whether ``user`` heads ``department`` (or a department above it); with no department,
    whether they head any department."""
    if not getattr(user, "is_authenticated", False):
        return False
    if department is None:
        return user.headed_departments.exists()
    return department.pk in headed_department_ids(user)


def is_inspector(user) -> bool:
    """Inspectors (纪检监察) and superusers see every department."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=roles.INSPECTORS).exists()


def posts_with_content(posts: list[Post]) -> list[Post]:
    """The posts with their duties, risk points (+ regulation articles) and procedures."""
    return list(
        Post.objects.filter(pk__in=[p.pk for p in posts])
        .select_related("department")
        .prefetch_related(
            "duties",
            Prefetch(
                "risk_points",
                queryset=RiskPoint.objects.prefetch_related("regulation_articles__page"),
            ),
            Prefetch(
                "procedures",
                queryset=Procedure.objects.filter(is_active=True).prefetch_related(
                    Prefetch(
                        "steps", queryset=ProcedureStep.objects.select_related("handling_post")
                    )
                ),
            ),
        )
    )


def procedure_with_steps(pk: int) -> Procedure | None:
    return (
        Procedure.objects.filter(pk=pk, is_active=True)
        .select_related("department")
        .prefetch_related(
            Prefetch("steps", queryset=ProcedureStep.objects.select_related("handling_post"))
        )
        .first()
    )
