"""An organisation with one department (and a sub-department), a staff member holding a post
with two risk points, a department head, an inspector and an editor."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from core import roles
from learning.models import SelfCheckQuestion
from tests.factories import (
    DepartmentFactory,
    DutyFactory,
    PostAssignmentFactory,
    PostFactory,
    ProcedureFactory,
    ProcedureStepFactory,
    RiskPointFactory,
    StaffProfileFactory,
    UserFactory,
)

MONTH = dt.date(2026, 11, 1)


def in_group(user, name):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def org(db, home_page):
    department = DepartmentFactory(name="市财政局")
    sub = DepartmentFactory(name="国库科", parent=department)
    other = DepartmentFactory(name="市卫生健康委员会")
    post = PostFactory(department=department, name="财务管理岗")
    DutyFactory(post=post, text="审核报销单据，办理资金支付。")
    risk_a = RiskPointFactory(post=post, title="违规报销", level="high")
    risk_b = RiskPointFactory(post=post, title="私设小金库", level="medium")
    procedure = ProcedureFactory(department=department, title="财务报销审批流程")
    procedure.posts.add(post)
    ProcedureStepFactory(procedure=procedure, title="经办人提交", sort_order=0)
    ProcedureStepFactory(procedure=procedure, title="财务审核", sort_order=1, handling_post=post)
    SelfCheckQuestion.objects.create(text="本月是否收受礼品礼金？")

    staff = in_group(
        StaffProfileFactory(user__username="staff", department=department).user, roles.STAFF
    )
    PostAssignmentFactory(user=staff, post=post)
    colleague = in_group(
        StaffProfileFactory(user__username="colleague", department=sub).user, roles.STAFF
    )
    outsider = in_group(
        StaffProfileFactory(user__username="outsider", department=other).user, roles.STAFF
    )
    head = in_group(
        StaffProfileFactory(user__username="head", department=department).user,
        roles.DEPARTMENT_HEADS,
    )
    department.heads.add(head)
    inspector = in_group(UserFactory(username="inspector"), roles.INSPECTORS)
    editor = in_group(UserFactory(username="editor"), roles.EDITORS)
    return {
        "department": department,
        "sub": sub,
        "other": other,
        "post": post,
        "risks": [risk_a, risk_b],
        "procedure": procedure,
        "staff": staff,
        "colleague": colleague,
        "outsider": outsider,
        "head": head,
        "inspector": inspector,
        "editor": editor,
    }
