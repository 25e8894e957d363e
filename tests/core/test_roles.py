"""Roles and moderation created by core/migrations/0002_roles_and_moderation."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
)
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core import roles
from portal.models import ColumnIndexPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("core.migrations.0002_roles_and_moderation")


def _user(username, *group_names):
    user = get_user_model().objects.create_user(username, password="pw-123456-x")
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor(db):
    return _user("editor", roles.EDITORS)


@pytest.fixture
def reviewer(db):
    return _user("reviewer", roles.REVIEWERS)


def test_every_role_group_exists():
    assert set(roles.ALL_GROUPS) <= set(Group.objects.values_list("name", flat=True))
    assert migration.GROUPS == roles.ALL_GROUPS  # the frozen copy matches the constants


def test_admin_access_by_role():
    for name, can in [
        (roles.EDITORS, True),
        (roles.REVIEWERS, True),
        (roles.INSPECTORS, True),
        (roles.DEPARTMENT_HEADS, True),
        (roles.STAFF, False),
    ]:
        user = _user(f"u-{len(name)}-{can}-{name.encode().hex()[:8]}", name)
        assert user.has_perm("wagtailadmin.access_admin") is can, name


def test_page_permissions_editors_cannot_publish(home_page, editor, reviewer):
    column = home_page.add_child(instance=ColumnIndexPage(title="廉政之窗", slug="lz"))
    editor_perms = column.permissions_for_user(editor)
    assert editor_perms.can_edit()
    assert editor_perms.can_add_subpage()
    assert not editor_perms.can_publish()
    assert not editor_perms.can_lock()
    reviewer_perms = column.permissions_for_user(reviewer)
    assert reviewer_perms.can_publish()
    assert reviewer_perms.can_lock()
    inspector = _user("inspector", roles.INSPECTORS)
    assert not column.permissions_for_user(inspector).can_edit()


def test_media_permissions(editor, reviewer):
    image_policy = policy_registry.get_by_type(get_image_model())
    document_policy = policy_registry.get_by_type(get_document_model())
    staff = _user("staff", roles.STAFF)
    for user in (editor, reviewer):
        assert image_policy.user_has_permission(user, "add")
        assert image_policy.user_has_permission(user, "choose")
        assert document_policy.user_has_permission(user, "add")
    assert not image_policy.user_has_permission(staff, "add")
    assert editor.has_perm("core.change_mainmenu")
    assert not editor.has_perm("core.change_sitesettings")
    assert reviewer.has_perm("core.change_sitesettings")


def test_the_review_workflow_covers_every_page(home_page):
    workflow = Workflow.objects.get(name=migration.WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    task = GroupApprovalTask.objects.get(name=migration.TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == [roles.REVIEWERS]
    assert home_page.get_workflow() == workflow
    column = home_page.add_child(instance=ColumnIndexPage(title="栏目", slug="c"))
    assert column.get_workflow() == workflow


def test_migration_is_idempotent():
    def snapshot():
        return (
            Group.objects.count(),
            Permission.objects.count(),
            GroupPagePermission.objects.count(),
            Collection.objects.get(depth=1).group_permissions.count(),
            Workflow.objects.count(),
            GroupApprovalTask.objects.count(),
            WorkflowPage.objects.count(),
        )

    before = snapshot()
    migration.create_roles(django_apps, None)
    assert snapshot() == before


def test_migration_reverses_and_reapplies():
    migration.remove_roles(django_apps, None)
    assert not Group.objects.filter(name__in=roles.ALL_GROUPS).exists()
    assert not Workflow.objects.filter(name=migration.WORKFLOW_NAME).exists()
    migration.create_roles(django_apps, None)
    assert Group.objects.filter(name__in=roles.ALL_GROUPS).count() == len(roles.ALL_GROUPS)
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == migration.WORKFLOW_NAME


def _edit_data(page, title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": rich_text("<p>栏目简介</p>"),
            "comments": inline_formset([]),
            **extra,
        }
    )


def _approve(client, page):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None, "nothing awaits review"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": "同意发布"})
    assert response.status_code in (200, 302)


def test_editor_submission_goes_live_only_after_review(client, home_page, editor, reviewer):
    column = home_page.add_child(instance=ColumnIndexPage(title="廉政之窗", slug="lz"))
    column.save_revision().publish()

    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(column.pk,))
    response = client.post(edit_url, _edit_data(column, "廉政之窗（新）", **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    column.refresh_from_db()
    assert column.title == "廉政之窗"  # the live version is untouched
    assert column.has_unpublished_changes
    assert column.workflow_in_progress
    assert "廉政之窗（新）" not in Client().get(column.url).content.decode()

    # An editor trying to publish directly does not publish either.
    client.post(edit_url, _edit_data(column, "编辑直接发布", **{"action-publish": "1"}))
    column.refresh_from_db()
    assert column.title == "廉政之窗"

    client.force_login(reviewer)
    _approve(client, column)
    column.refresh_from_db()
    assert column.live
    assert column.title in ("廉政之窗（新）", "编辑直接发布")
    assert not column.workflow_in_progress
    # Every step left a revision behind.
    assert Revision.page_revisions.filter(object_id=str(column.pk)).count() >= 2


def test_scheduled_publishing_waits_for_go_live_at(
    client, home_page, editor, reviewer, monkeypatch
):
    draft = home_page.add_child(
        instance=ColumnIndexPage(title="定时发布栏目", slug="scheduled", live=False)
    )
    draft.save_revision()
    go_live = timezone.localtime() + datetime.timedelta(days=3)

    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        _edit_data(
            draft,
            "定时发布栏目",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    client.force_login(reviewer)
    _approve(client, draft)
    draft.refresh_from_db()
    assert not draft.live  # approved, but scheduled
    revision = draft.revisions.exclude(approved_go_live_at=None).get()
    assert revision.approved_go_live_at > timezone.now()

    call_command("publish_scheduled", verbosity=0)
    draft.refresh_from_db()
    assert not draft.live  # still in the future

    # Four days later the scheduled run (cron) publishes it.
    later = timezone.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    draft.refresh_from_db()
    assert draft.live


def test_settings_screens_open_for_their_roles(client, home_page, editor, reviewer):
    site = home_page.get_site()
    menu_url = reverse("wagtailsettings:edit", args=("core", "mainmenu", site.pk))
    settings_url = reverse("wagtailsettings:edit", args=("core", "sitesettings", site.pk))
    client.force_login(editor)
    response = client.get(menu_url)
    assert response.status_code == 200
    assert "主菜单" in response.content.decode()
    assert client.get(settings_url).status_code in (302, 403)  # editors may not
    client.force_login(reviewer)
    response = client.get(settings_url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("网站名称", "举报电话", "举报渠道", "页脚链接", "ICP备案号"):
        assert label in html, label
