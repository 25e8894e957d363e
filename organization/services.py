"""Writes for the organisation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from organization.models import Post, PostAssignment, StaffProfile


@transaction.atomic
def update_notification_preferences(
    *, profile: StaffProfile, by_email: bool, in_app: bool
) -> StaffProfile:
    profile.notify_by_email = by_email
    profile.notify_in_app = in_app
    profile.save(update_fields=["notify_by_email", "notify_in_app"])
    return profile


@transaction.atomic
def assign_post(
    *, user, post: Post, start: dt.date | None = None, note: str = ""
) -> PostAssignment:
    """Give ``user`` the post (a person may hold several posts); history is kept."""
    start = start or timezone.localdate()
    existing = PostAssignment.objects.current(start).filter(user=user, post=post).first()
    if existing:
        return existing
    return PostAssignment.objects.create(user=user, post=post, start_date=start, note=note)


@transaction.atomic
def end_assignment(*, assignment: PostAssignment, end: dt.date | None = None) -> PostAssignment:
    """End an assignment; the row stays as history."""
    end = end or timezone.localdate()
    assignment.end_date = max(end, assignment.start_date)
    assignment.save(update_fields=["end_date"])
    return assignment
