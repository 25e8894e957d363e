"""Demo data for early warning: signals for a few demo staff and departments, the levels they
produce, some measures at each step of the ladder and a published bulletin.

Call ``build_warnings(home=home_page, today=builder.today)`` from the demo builder after the
organisation and staff exist. Idempotent: signals carry fixed references, measures and the
bulletin are only made once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.months import add_months, month_of
from early_warning import services
from early_warning.models import BulletinIndexPage, BulletinPage, Measure, MeasureKind
from organization.models import Department, RiskPoint

DEMO_TAG = "【演示】"


def _user(username: str):
    return (
        get_user_model().objects.filter(username=username).select_related("staff_profile").first()
    )


def _department_of(user) -> Department | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department if profile else None


@transaction.atomic
def build_warnings(*, home: Any, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    this_month = month_of(today)
    last_month = add_months(this_month, -1)
    occurred = timezone.now()
    signals = 0

    def record(reference: str, **kwargs) -> None:
        nonlocal signals
        services.record_signal(reference=f"demo:{reference}", occurred_at=occurred, **kwargs)
        signals += 1

    staff = {name: _user(name) for name in ("staff01", "staff02", "staff03", "staff04", "staff05")}
    if s := staff["staff01"]:  # overdue two months running: orange
        for month in (last_month, this_month):
            record(
                f"overdue:{s.pk}:{month:%Y%m}",
                source="learning",
                kind="task_overdue",
                user_id=s.pk,
                month=month,
                task="summary",
                severity="medium",
                detail={"deadline": month.replace(day=25).isoformat()},
            )
    if s := staff["staff02"]:  # one task done late, one overdue: yellow
        record(
            f"late:{s.pk}",
            source="learning",
            kind="task_late",
            user_id=s.pk,
            month=this_month,
            task="risks",
            severity="low",
        )
        record(
            f"overdue:{s.pk}",
            source="learning",
            kind="task_overdue",
            user_id=s.pk,
            month=this_month,
            task="selfcheck",
            severity="medium",
        )
    if s := staff["staff03"]:  # self-check "yes" on a high risk: orange
        risk = RiskPoint.objects.filter(level="high").order_by("pk").first()
        record(
            f"selfcheck:{s.pk}",
            source="learning",
            kind="selfcheck_admission",
            user_id=s.pk,
            month=this_month,
            task="selfcheck",
            severity="high",
            detail={
                "prompt": risk.title if risk else "是否存在违规审批问题？",
                "answer": "yes",
                "explanation": "曾在材料不全时先行审批，已补齐。",
                "risk_point_id": risk.pk if risk else None,
            },
        )
    if s := staff["staff04"]:  # an audit finding entered by an inspector: yellow
        record(
            f"audit:{s.pk}",
            source="inspector",
            kind="audit_finding",
            user_id=s.pk,
            month=last_month,
            severity="medium",
            summary="专项审计发现差旅费报销手续不全",
        )
    if s := staff["staff05"]:  # a substantiated report: red
        department = _department_of(s)
        record(
            f"report:{s.pk}",
            source="feedback",
            kind="report_substantiated",
            department_id=department.pk if department else None,
            person_name=f"{s.last_name}{s.first_name}",
            month=this_month,
            detail={"category": "作风问题", "outcome": "substantiated"},
        )
    rated = Department.objects.filter(name="市市场监督管理局").first()
    if rated:  # a poor rating: the department is yellow
        record(
            f"rating:{rated.pk}:{last_month:%Y%m}",
            source="feedback",
            kind="poor_rating",
            department_id=rated.pk,
            month=last_month,
            score="2.60",
            detail={"count": 14},
        )

    for month in (last_month, this_month):
        services.evaluate_month(month=month)

    inspector = _user("inspector")
    measures = 0
    if inspector and not Measure.objects.filter(reason__startswith=DEMO_TAG).exists():
        if s := staff["staff01"]:
            services.create_measure(
                kind=MeasureKind.TALK,
                actor=inspector,
                user=s,
                month=this_month,
                reason=f"{DEMO_TAG}连续两个月未按时完成月度任务。",
                scheduled_at=timezone.now() + dt.timedelta(days=3),
                location="纪检组谈话室",
            )
            measures += 1
        if s := staff["staff05"]:
            order = services.create_measure(
                kind=MeasureKind.RECTIFICATION,
                actor=inspector,
                user=s,
                month=this_month,
                reason=f"{DEMO_TAG}群众举报经核查属实，责令限期整改。",
                deadline=today + dt.timedelta(days=15),
            )
            services.submit_rectification_report(
                measure=order, user=s, text="已向当事群众道歉，并完善了窗口服务制度。"
            )
            measures += 1
        if s := staff["staff04"]:
            services.create_measure(
                kind=MeasureKind.RECTIFICATION,
                actor=inspector,
                user=s,
                month=last_month,
                reason=f"{DEMO_TAG}审计发现问题，责令整改。",
                deadline=today - dt.timedelta(days=2),
            )
            measures += 1
        services.flag_overdue(today=today)

    bulletin = _ensure_bulletin(home=home, month=last_month, actor=inspector)
    if bulletin and not home.bulletin_page_id:
        home.bulletin_page = bulletin
        home.save_revision().publish()
    return f"{signals} signals, {measures} measures, bulletin {bulletin.title if bulletin else '-'}"


def _ensure_bulletin(*, home: Any, month: dt.date, actor) -> BulletinPage | None:
    existing = BulletinPage.objects.filter(month=month).first()
    if existing:
        return existing
    if not BulletinIndexPage.objects.exists():
        home.add_child(
            instance=BulletinIndexPage(
                title="预警通报",
                slug="warning-bulletins",
                intro="<p>市纪委监委派驻纪检监察组按月发布廉政风险预警通报。</p>",
            )
        )
    page = services.draft_bulletin(month=month, actor=actor)
    page.audience = "public"
    page.requirements = "<p>各部门要认真对照通报问题，举一反三，于下月10日前报送整改情况。</p>"
    page.save_revision(user=actor).publish()
    return BulletinPage.objects.get(pk=page.pk)
