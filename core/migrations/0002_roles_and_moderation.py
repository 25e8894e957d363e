"""Create the portal's role groups with their permissions and the moderation workflow.

Idempotent (every row is fetched or created) and reversible. Works on an empty database:
permissions that Django normally creates after all migrations (post_migrate) are created here
when missing. Group names are frozen copies of the constants in core/roles.py.
"""

from django.db import migrations

EDITORS = "编辑"
REVIEWERS = "审核"
INSPECTORS = "纪检监察"
DEPARTMENT_HEADS = "部门负责人"
STAFF = "干部职工"
GROUPS = (EDITORS, REVIEWERS, INSPECTORS, DEPARTMENT_HEADS, STAFF)

WORKFLOW_NAME = "内容审核"
TASK_NAME = "审核组审批"

ADMIN_GROUPS = (EDITORS, REVIEWERS, INSPECTORS, DEPARTMENT_HEADS)
PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    REVIEWERS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
COLLECTION_PERMISSIONS = {
    EDITORS: (
        ("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
        ("wagtaildocs", "document", ("add_document", "change_document", "choose_document")),
    ),
    REVIEWERS: (
        ("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
        ("wagtaildocs", "document", ("add_document", "change_document", "choose_document")),
    ),
}
MODEL_PERMISSIONS = {
    EDITORS: (("core", "mainmenu", "change_mainmenu"),),
    REVIEWERS: (
        ("core", "mainmenu", "change_mainmenu"),
        ("core", "sitesettings", "change_sitesettings"),
    ),
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action = codename.split("_", 1)[0]
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    for name in ADMIN_GROUPS:
        groups[name].permissions.add(access_admin)

    for name, perms in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(
            *(_permission(apps, app, model, codename) for app, model, codename in perms)
        )

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for name, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for name, entries in COLLECTION_PERMISSIONS.items():
            for app_label, model, codenames in entries:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[name],
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, codename),
                    )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(groups[REVIEWERS])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        # The root page can carry one workflow: ours replaces Wagtail's default one.
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        default = Workflow.objects.exclude(pk=workflow.pk).filter(active=True).first()
        root_page = Page.objects.filter(depth=1).order_by("path").first()
        if default is not None and root_page is not None:
            WorkflowPage.objects.filter(page=root_page, workflow=workflow).update(
                workflow=default
            )
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
