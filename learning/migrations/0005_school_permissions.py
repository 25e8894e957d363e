"""Who manages the online school in the admin.

Editors (编辑) write the question banks. Inspectors (纪检监察) assign courses and read the
attempts and completions (personal data); they also see the banks. Department heads see
nothing here: their view of the school is the supervision pages.
"""

from django.db import migrations

EDITORS = "编辑"
INSPECTORS = "纪检监察"
GRANTS = {
    EDITORS: (
        "add_questionbank",
        "change_questionbank",
        "delete_questionbank",
        "view_questionbank",
    ),
    INSPECTORS: (
        "view_questionbank",
        "add_courseassignment",
        "change_courseassignment",
        "delete_courseassignment",
        "view_courseassignment",
        "view_quizattempt",
        "view_coursecompletion",
    ),
}


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("learning"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="learning", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="learning", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_school_banks_completions_assignments"),
        ("learning", "0002_inspector_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
