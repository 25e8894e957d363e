"""The demo organisation (portal/demo/organisation.py): attach_to_organisation and the staff
generator are idempotent."""

import pytest
from django.contrib.auth.models import Group

from core import roles
from learning.models import Checkin
from organization.models import Department, Post, PostAssignment, RiskPoint, StaffProfile
from portal.demo import organisation, site
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_users(count=8):
    pairs = []
    for spec in [*site.USERS, *site.staff_users(count)]:
        user = UserFactory(username=spec.username)
        if spec.group:
            user.groups.add(Group.objects.get(name=spec.group))
        pairs.append((user, spec))
    return pairs


def counts():
    return (
        Department.objects.count(),
        Post.objects.count(),
        RiskPoint.objects.count(),
        StaffProfile.objects.count(),
        PostAssignment.objects.count(),
        Checkin.objects.count(),
    )


def test_attach_builds_the_organisation_once(home_page):
    users = demo_users()
    organisation.attach(users)
    first = counts()
    organisation.attach(users)
    assert counts() == first
    staff01 = StaffProfile.objects.get(user__username="staff01")
    assert staff01.department.name == site.STAFF_DEPARTMENTS[0] and staff01.is_monitored
    assert PostAssignment.objects.filter(user=staff01.user).count() == 1
    editor = StaffProfile.objects.get(user__username="editor")
    assert not editor.is_monitored
    head = StaffProfile.objects.get(user__username="depthead")
    assert head.department.heads.filter(username="depthead").exists()
    # every monitored person has this month's check-in
    monitored = StaffProfile.objects.filter(is_monitored=True).count()
    assert Checkin.objects.count() == monitored == 8 + 1
    assert not StaffProfile.objects.filter(user__username="admin").exists()
    assert Group.objects.filter(name=roles.STAFF).exists()


def test_generate_staff_is_idempotent(db):
    units = organisation.generate_staff(60, departments=4, big_department=30)
    assert StaffProfile.objects.filter(department=units[0]).count() == 30
    organisation.generate_staff(60, departments=4, big_department=30)
    assert StaffProfile.objects.count() == 60 and PostAssignment.objects.count() == 60
