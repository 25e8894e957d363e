"""A default rule for the online school: a required course not completed by its deadline gives
a yellow warning (inspectors may edit or delete it like the others)."""

from django.db import migrations

NAME = "必修课程逾期未完成"


def create_rule(apps, schema_editor):
    Rule = apps.get_model("early_warning", "Rule")
    if Rule.objects.filter(name=NAME).exists():
        return
    last = Rule.objects.order_by("-sort_order").values_list("sort_order", flat=True).first()
    Rule.objects.create(
        name=NAME,
        description="指定的必修课程超过截止日期仍未完成学习：黄色预警。",
        scope="staff",
        source="learning",
        kind="course_overdue",
        min_severity=1,
        window_months=1,
        count_threshold=1,
        consecutive_months=0,
        level=1,
        sort_order=(last or 0) + 10,
    )


def delete_rule(apps, schema_editor):
    apps.get_model("early_warning", "Rule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("early_warning", "0004_course_overdue_kind")]

    operations = [migrations.RunPython(create_rule, delete_rule)]
