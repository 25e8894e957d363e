"""The default warning rules (editable afterwards) and the inspectors' permissions."""

from django.db import migrations

INSPECTORS = "纪检监察"
YELLOW, ORANGE, RED = 1, 2, 3
LOW, MEDIUM, HIGH = 1, 2, 3

# name, description, scope, source, kind, min_severity, window, threshold, consecutive, level
DEFAULT_RULES = [
    (
        "一项任务逾期未完成",
        "当月有一项签到任务逾期未完成：黄色预警。",
        "staff",
        "learning",
        "task_overdue",
        LOW,
        1,
        1,
        0,
        YELLOW,
    ),
    (
        "连续两个月任务逾期",
        "连续两个月都有逾期未完成的签到任务：橙色预警。",
        "staff",
        "learning",
        "task_overdue",
        LOW,
        1,
        1,
        2,
        ORANGE,
    ),
    (
        "自查承认存在中等风险问题",
        "风险自查回答“有”或对高风险回答“可能有”：黄色预警。",
        "staff",
        "learning",
        "selfcheck_admission",
        MEDIUM,
        1,
        1,
        0,
        YELLOW,
    ),
    (
        "自查承认存在高风险问题",
        "对高风险点的自查回答“有”：橙色预警。",
        "staff",
        "learning",
        "selfcheck_admission",
        HIGH,
        1,
        1,
        0,
        ORANGE,
    ),
    (
        "举报查实（个人）",
        "针对本人的信访举报经核查属实或部分属实：红色预警。",
        "staff",
        "feedback",
        "report_substantiated",
        LOW,
        1,
        1,
        0,
        RED,
    ),
    (
        "纪检监察录入的问题",
        "审计发现、个人事项迟报等由纪检监察人员录入的问题：黄色预警。",
        "staff",
        "inspector",
        "",
        LOW,
        1,
        1,
        0,
        YELLOW,
    ),
    (
        "纪检监察录入的严重问题",
        "纪检监察人员录入的高严重程度问题：橙色预警。",
        "staff",
        "inspector",
        "",
        HIGH,
        1,
        1,
        0,
        ORANGE,
    ),
    (
        "举报查实（部门）",
        "针对本部门的信访举报经核查属实或部分属实：红色预警。",
        "department",
        "feedback",
        "report_substantiated",
        LOW,
        1,
        1,
        0,
        RED,
    ),
    (
        "政风行风评议差评",
        "部门当月政风行风评议平均分低于警戒值：黄色预警。",
        "department",
        "feedback",
        "poor_rating",
        LOW,
        1,
        1,
        0,
        YELLOW,
    ),
    (
        "部门多人逾期",
        "部门当月逾期未完成的签到任务达到10项：黄色预警。",
        "department",
        "learning",
        "task_overdue",
        LOW,
        1,
        10,
        0,
        YELLOW,
    ),
]


def create_rules(apps, schema_editor):
    Rule = apps.get_model("early_warning", "Rule")
    if Rule.objects.exists():
        return
    Rule.objects.bulk_create(
        Rule(
            name=name,
            description=description,
            scope=scope,
            source=source,
            kind=kind,
            min_severity=severity,
            window_months=window,
            count_threshold=threshold,
            consecutive_months=consecutive,
            level=level,
            sort_order=index * 10,
        )
        for index, (
            name,
            description,
            scope,
            source,
            kind,
            severity,
            window,
            threshold,
            consecutive,
            level,
        ) in enumerate(DEFAULT_RULES)
    )


def delete_rules(apps, schema_editor):
    apps.get_model("early_warning", "Rule").objects.filter(
        name__in=[rule[0] for rule in DEFAULT_RULES]
    ).delete()


MODEL_ACTIONS = {
    "rule": ("add", "change", "delete", "view"),
    "signal": ("view",),
    "level": ("view",),
    "measure": ("view",),
}


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("early_warning"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSPECTORS)
    codenames = [f"{a}_{model}" for model, actions in MODEL_ACTIONS.items() for a in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="early_warning", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=INSPECTORS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="early_warning")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("early_warning", "0001_initial"),
        ("core", "0002_roles_and_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_rules, delete_rules),
        migrations.RunPython(grant, revoke),
    ]
