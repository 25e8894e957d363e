"""Inspectors (纪检监察) define the self-check questions and the months' deadlines."""

from django.db import migrations

PERMISSIONS = (
    "add_selfcheckquestion",
    "change_selfcheckquestion",
    "delete_selfcheckquestion",
    "view_selfcheckquestion",
    "change_checkinmonth",
    "view_checkinmonth",
)
INSPECTORS = "纪检监察"


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("learning"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSPECTORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="learning", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=INSPECTORS).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="learning"))


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("core", "0002_roles_and_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
