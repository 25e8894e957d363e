"""Remove Wagtail's English default groups and workflow, replaced by the portal's roles.

Wagtail's own migrations create the groups "Editors" and "Moderators" and the workflow
"Moderators approval". The portal uses 编辑/审核 and 内容审核 instead (0002); keeping both
confuses administrators. Only unused rows are removed: a default group that has members, or the
default workflow when attached to a page, is left alone.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")
DEFAULT_WORKFLOW = "Moderators approval"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        if WorkflowPage.objects.filter(workflow=workflow).exists():
            continue
        if WorkflowState.objects.filter(workflow=workflow).exists():
            continue
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
        )
        WorkflowTask.objects.filter(workflow=workflow).delete()
        workflow.delete()
        for task in GroupApprovalTask.objects.filter(pk__in=task_ids):
            if not WorkflowTask.objects.filter(task_id=task.pk).exists():
                task.groups.clear()
                task.delete()

    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if group.user_set.exists():
            continue
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_roles_and_moderation"),
        ("wagtailcore", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
