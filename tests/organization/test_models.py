import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from organization import selectors, services
from organization.models import Department, PostAssignment
from tests.factories import (
    DepartmentFactory,
    PostAssignmentFactory,
    PostFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_department_tree_and_names():
    city = DepartmentFactory(name="市财政局")
    office = DepartmentFactory(name="办公室", parent=city)
    deep = DepartmentFactory(name="文秘组", parent=office)
    other = DepartmentFactory(name="市卫健委")
    DepartmentFactory(name="办公室", parent=other)  # same name under another parent is fine
    assert deep.full_name == "市财政局 / 办公室 / 文秘组"
    assert city.descendant_ids() == {city.pk, office.pk, deep.pk}
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(name="办公室", parent=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(name="市财政局")


def test_department_code_unique_when_set():
    DepartmentFactory(code="")
    DepartmentFactory(code="")
    DepartmentFactory(code="CZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentFactory(code="CZ")


def test_assignment_history_and_current_posts():
    user = UserFactory()
    old = PostAssignmentFactory(user=user, start_date=dt.date(2020, 1, 1))
    new = PostAssignmentFactory(user=user, start_date=dt.date(2024, 1, 1))
    second = PostAssignmentFactory(user=user, start_date=dt.date(2024, 6, 1))
    services.end_assignment(assignment=old, end=dt.date(2023, 12, 31))
    assert set(selectors.current_posts(user)) == {new.post, second.post}
    assert PostAssignment.objects.filter(user=user).count() == 3  # history kept
    assert selectors.current_posts(user, on=dt.date(2021, 1, 1)) == [old.post]
    with pytest.raises(IntegrityError), transaction.atomic():
        PostAssignment.objects.create(
            user=user, post=new.post, start_date=dt.date(2024, 1, 1), end_date=dt.date(2023, 1, 1)
        )


def test_assign_post_is_idempotent():
    user = UserFactory()
    post = PostFactory()
    first = services.assign_post(user=user, post=post, start=dt.date(2025, 1, 1))
    again = services.assign_post(user=user, post=post, start=dt.date(2025, 2, 1))
    assert first == again


def test_user_departments_and_heads(django_user_model):
    city = DepartmentFactory(name="市财政局")
    office = DepartmentFactory(name="办公室", parent=city)
    elsewhere = DepartmentFactory(name="市卫健委")
    profile = StaffProfileFactory(department=office)
    PostAssignmentFactory(user=profile.user, post=PostFactory(department=elsewhere))
    assert selectors.user_departments(profile.user) == [office, elsewhere]
    head = UserFactory()
    city.heads.add(head)
    assert selectors.is_department_head(head)
    assert selectors.is_department_head(head, office)  # heads the department above
    assert not selectors.is_department_head(head, elsewhere)
    assert not selectors.is_department_head(profile.user)
    assert selectors.headed_department_ids(head) == {city.pk, office.pk}


def test_anonymous_selectors():
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert selectors.user_departments(anon) == []
    assert not selectors.is_department_head(anon)
    assert not selectors.is_inspector(anon)
    assert selectors.profile_for(anon) is None


def test_department_choices_only_active():
    DepartmentFactory(name="启用")
    DepartmentFactory(name="停用", is_active=False)
    assert [d.name for d in selectors.department_choices()] == ["启用"]
