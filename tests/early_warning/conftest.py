"""Two departments (one with a sub-department), staff, a department head, an inspector, an
editor and an administrator; a helper to record signals."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from core import roles
from early_warning import services
from tests.factories import DepartmentFactory, RiskPointFactory, StaffProfileFactory, UserFactory

MARCH = dt.date(2025, 3, 1)
APRIL = dt.date(2025, 4, 1)
MAY = dt.date(2025, 5, 1)


def in_group(user, name):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture(autouse=True)
def _reminders_for_any_month(settings):
    """The tests use fixed months in the past: let reminders go out for them."""
    settings.EARLY_WARNING_REMINDER_MONTHS = 0


class Org:
    pass


@pytest.fixture
def org(db):
    o = Org()
    o.department = DepartmentFactory(name="市财政局")
    o.sub = DepartmentFactory(name="国库科", parent=o.department)
    o.other = DepartmentFactory(name="市卫生健康委员会")
    o.staff = in_group(
        StaffProfileFactory(
            user__username="staff",
            user__last_name="李",
            user__first_name="明",
            department=o.department,
        ).user,
        roles.STAFF,
    )
    o.colleague = in_group(
        StaffProfileFactory(user__username="colleague", department=o.sub).user, roles.STAFF
    )
    o.outsider = in_group(
        StaffProfileFactory(user__username="outsider", department=o.other).user, roles.STAFF
    )
    o.head = in_group(
        StaffProfileFactory(user__username="head", department=o.department).user,
        roles.DEPARTMENT_HEADS,
    )
    o.department.heads.add(o.head)
    o.inspector = in_group(UserFactory(username="inspector"), roles.INSPECTORS)
    o.editor = in_group(UserFactory(username="editor"), roles.EDITORS)
    o.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    o.high_risk = RiskPointFactory(level="high")
    o.low_risk = RiskPointFactory(level="low")
    return o


_counter = {"n": 0}


def signal(*, source="learning", kind="task_overdue", reference=None, **kwargs):
    _counter["n"] += 1
    return services.record_signal(
        source=source,
        kind=kind,
        reference=reference or f"test:{_counter['n']}",
        **kwargs,
    )
