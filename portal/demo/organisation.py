"""Demo organisation: departments, posts with duties and risk points, work procedures, staff
profiles and post assignments for the demo users, self-check questions and the current month's
check-in. Invented but realistic data for the fictional 临江市. Idempotent and bulk (fast for
thousands of staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core import roles

# Departments: every department a demo user names, plus the commission's own offices.
DEPARTMENTS = (
    "市住房和城乡建设局",
    "市人力资源和社会保障局",
    "市市场监督管理局",
    "市财政局",
    "市卫生健康委员会",
    "江城区城市管理局",
    "宣传部",
    "党风政风监督室",
)


@dataclass(frozen=True)
class PostSpec:
    name: str
    duties: tuple[str, ...]
    risks: tuple[
        tuple[str, str, str, str, str], ...
    ]  # title, description, category, level, measures


POSTS = (
    PostSpec(
        "行政审批岗",
        (
            "受理行政许可申请，一次性告知申请人需补正的材料。",
            "按照法定条件和程序审查申请材料，提出审查意见。",
            "在承诺时限内办结审批事项，并及时公开办理结果。",
        ),
        (
            (
                "违规审批或变相审批",
                "对不符合条件的申请予以批准，或以“绿色通道”为名降低审批标准。",
                "duties",
                "high",
                "实行受理、审查、决定三分离，重大事项集体研究，审批结果网上公开接受监督。",
            ),
            (
                "吃拿卡要、故意拖延",
                "利用审批权向申请人索取好处，或无正当理由拖延办理。",
                "morality",
                "medium",
                "推行网上办理和限时办结，设置办事评价器，畅通投诉渠道。",
            ),
        ),
    ),
    PostSpec(
        "财务管理岗",
        (
            "编制部门预算和决算，严格执行预算管理规定。",
            "审核报销单据，办理资金支付和会计核算。",
            "管理国有资产台账，定期开展资产清查。",
        ),
        (
            (
                "违规报销或虚列支出",
                "以虚假票据报销、超标准列支公务接待、差旅费用。",
                "systems",
                "high",
                "严格执行财务审批“一支笔”和会签制度，公务卡结算，每季度开展内部审计。",
            ),
            (
                "私设“小金库”",
                "将应纳入预算管理的收入转移账外使用。",
                "process",
                "medium",
                "收支两条线管理，银行账户集中管控，纪检部门定期抽查。",
            ),
        ),
    ),
    PostSpec(
        "执法检查岗",
        (
            "依法开展日常监督检查，如实记录检查情况。",
            "对违法行为立案调查，按照裁量基准提出处罚意见。",
            "跟踪整改落实，按规定公开执法信息。",
        ),
        (
            (
                "选择性执法、随意裁量",
                "对检查对象区别对待，处罚畸轻畸重，或以罚代管。",
                "duties",
                "high",
                "执行行政处罚裁量基准，推行“双随机、一公开”，重大处罚法制审核和集体讨论。",
            ),
            (
                "接受管理服务对象宴请",
                "在检查期间接受被检查单位安排的宴请、娱乐活动或礼品礼金。",
                "external",
                "medium",
                "检查人员签订廉洁承诺书，执法全过程记录，被检查单位廉政回访。",
            ),
        ),
    ),
    PostSpec(
        "综合办公岗",
        (
            "负责公文处理、会议组织和信息报送。",
            "负责公务用车、办公用品采购等后勤保障工作。",
        ),
        (
            (
                "公车私用",
                "违规使用公务用车办理私事或节假日私自使用。",
                "morality",
                "low",
                "公务用车统一调度、定点停放，安装卫星定位，节假日封存。",
            ),
            (
                "采购中优亲厚友",
                "办公用品采购中指定供应商或拆分采购规避招标。",
                "process",
                "medium",
                "执行政府采购目录和限额标准，三人以上询价比价，采购结果公示。",
            ),
        ),
    ),
)

PROCEDURES = (
    (
        "行政许可办理流程",
        "适用于本部门实施的各类行政许可事项。",
        ("行政审批岗",),
        (
            (
                "受理申请",
                "行政审批岗",
                "即时",
                "审查材料是否齐全、符合法定形式，一次性告知补正内容。",
                "受理登记全部录入系统，不得体外循环。",
                "12345 政务服务热线",
            ),
            (
                "审查",
                "行政审批岗",
                "5个工作日",
                "对申请材料进行实质审查，需现场核查的两人以上进行。",
                "审查意见须有依据，超时系统自动预警。",
                "",
            ),
            (
                "集体研究决定",
                "",
                "3个工作日",
                "重大、复杂事项提交局务会集体研究。",
                "纪检监察人员列席，会议记录存档。",
                "",
            ),
            (
                "送达与公开",
                "综合办公岗",
                "2个工作日",
                "制作决定书并送达申请人，结果在门户网站公开。",
                "公开信息接受社会监督。",
                "12388 纪检监察举报电话",
            ),
        ),
    ),
    (
        "财务报销审批流程",
        "适用于本部门各类经费报销。",
        ("财务管理岗",),
        (
            (
                "经办人提交",
                "",
                "支出发生后30日内",
                "据实填写报销单，附合规票据和审批依据。",
                "",
                "",
            ),
            (
                "财务审核",
                "财务管理岗",
                "3个工作日",
                "审核票据真实性、合规性和预算额度。",
                "超标准支出一律退回。",
                "",
            ),
            (
                "领导审批",
                "",
                "2个工作日",
                "按照权限分级审批，大额支出会签。",
                "执行“一支笔”审批，审批留痕。",
                "",
            ),
            (
                "支付入账",
                "财务管理岗",
                "2个工作日",
                "通过公务卡或转账支付，及时记账。",
                "禁止大额现金支付。",
                "12388 纪检监察举报电话",
            ),
        ),
    ),
)

SELF_CHECK_QUESTIONS = (
    "本月是否存在违规收受礼品礼金、参加可能影响公正执行公务的宴请等情况？",
    "本月是否存在本人或亲属经商办企业、与管理服务对象发生经济往来等需要报告的情况？",
)


def _ensure_departments() -> dict[str, Any]:
    from organization.models import Department

    existing = {d.name: d for d in Department.objects.filter(parent__isnull=True)}
    missing = [
        Department(name=name, sort_order=index)
        for index, name in enumerate(DEPARTMENTS)
        if name not in existing
    ]
    Department.objects.bulk_create(missing, ignore_conflicts=True)
    return {d.name: d for d in Department.objects.filter(parent__isnull=True)}


def _ensure_posts(departments: dict[str, Any]) -> dict[tuple[int, str], Any]:
    from organization.models import Duty, Post, RiskPoint

    monitored = [departments[name] for name in DEPARTMENTS[:6]]
    Post.objects.bulk_create(
        [
            Post(department=d, name=spec.name, sort_order=index)
            for d in monitored
            for index, spec in enumerate(POSTS)
        ],
        ignore_conflicts=True,
    )
    posts = {
        (p.department_id, p.name): p
        for p in Post.objects.filter(department__in=monitored, name__in=[s.name for s in POSTS])
    }
    with_duties = set(
        Duty.objects.filter(post__in=posts.values()).values_list("post_id", flat=True)
    )
    with_risks = set(
        RiskPoint.objects.filter(post__in=posts.values()).values_list("post_id", flat=True)
    )
    specs = {spec.name: spec for spec in POSTS}
    duties, risks = [], []
    for (_department_id, name), post in posts.items():
        spec = specs[name]
        if post.pk not in with_duties:
            duties += [Duty(post=post, text=t, sort_order=i) for i, t in enumerate(spec.duties)]
        if post.pk not in with_risks:
            risks += [
                RiskPoint(
                    post=post,
                    title=title,
                    description=description,
                    category=category,
                    level=level,
                    prevention_measures=measures,
                    sort_order=i,
                )
                for i, (title, description, category, level, measures) in enumerate(spec.risks)
            ]
    Duty.objects.bulk_create(duties)
    RiskPoint.objects.bulk_create(risks)
    _ensure_procedures(monitored, posts)
    return posts


def _ensure_procedures(departments: list[Any], posts: dict[tuple[int, str], Any]) -> None:
    from organization.models import Procedure, ProcedureStep

    for department in departments:
        for title, description, post_names, steps in PROCEDURES:
            procedure, created = Procedure.objects.get_or_create(
                department=department, title=title, defaults={"description": description}
            )
            if not created:
                continue
            procedure.posts.set([posts[(department.pk, n)] for n in post_names])
            ProcedureStep.objects.bulk_create(
                [
                    ProcedureStep(
                        procedure=procedure,
                        sort_order=index,
                        title=step_title,
                        handling_post=posts.get((department.pk, handling)) if handling else None,
                        time_limit=limit,
                        duty_requirement=requirement,
                        supervision_checkpoint=checkpoint,
                        complaint_channel=channel,
                    )
                    for index, (
                        step_title,
                        handling,
                        limit,
                        requirement,
                        checkpoint,
                        channel,
                    ) in enumerate(steps)
                ]
            )


def attach(users: list[tuple[Any, Any]], *, today: dt.date | None = None) -> None:
    """Give the demo users profiles, departments and posts; make ``depthead`` head of their
    department; open the current month's check-in."""
    from learning.models import SelfCheckQuestion
    from learning.services import open_month
    from organization.models import PostAssignment, StaffProfile

    departments = _ensure_departments()
    posts = _ensure_posts(departments)
    monitored_groups = {roles.STAFF, roles.DEPARTMENT_HEADS}
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user__in=[u for u, _ in users])}
    new_profiles, changed_profiles = [], []
    for user, spec in users:
        if not spec.department:
            continue
        department = departments[spec.department]
        wanted_monitored = spec.group in monitored_groups
        profile = profiles.get(user.pk)
        if profile is None:
            new_profiles.append(
                StaffProfile(user=user, department=department, is_monitored=wanted_monitored)
            )
        elif (profile.department_id, profile.is_monitored) != (department.pk, wanted_monitored):
            profile.department, profile.is_monitored = department, wanted_monitored
            changed_profiles.append(profile)
    StaffProfile.objects.bulk_create(new_profiles, ignore_conflicts=True, batch_size=1000)
    StaffProfile.objects.bulk_update(
        changed_profiles, ["department", "is_monitored"], batch_size=1000
    )

    # One post per staff member, round robin over the department's posts.
    assigned = set(
        PostAssignment.objects.filter(user__in=[u for u, _ in users]).values_list(
            "user_id", flat=True
        )
    )
    start = dt.date(2024, 1, 1)
    new_assignments = []
    for index, (user, spec) in enumerate(users):
        if user.pk in assigned or spec.group not in monitored_groups or not spec.department:
            continue
        department = departments[spec.department]
        spec_post = POSTS[index % len(POSTS)]
        post = posts.get((department.pk, spec_post.name))
        if post is not None:
            new_assignments.append(PostAssignment(user=user, post=post, start_date=start))
    PostAssignment.objects.bulk_create(new_assignments, batch_size=1000)

    for user, spec in users:
        if spec.group == roles.DEPARTMENT_HEADS and spec.department:
            departments[spec.department].heads.add(user)
    for index, text in enumerate(SELF_CHECK_QUESTIONS):
        SelfCheckQuestion.objects.get_or_create(text=text, defaults={"sort_order": index})
    from django.utils import timezone

    open_month(month=(today or timezone.localdate()).replace(day=1))


def generate_staff(
    count: int, *, departments: int = 20, big_department: int = 500, prefix: str = "gen"
) -> list[Any]:
    """Bulk-generate ``count`` monitored staff (users ``gen00001`` ...) with profiles and one
    post each, spread over ``departments`` generated departments; the first department gets
    ``big_department`` people. For benchmarks and large demos. Idempotent."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from organization.models import Department, Post, PostAssignment, StaffProfile

    User = get_user_model()
    Department.objects.bulk_create(
        [Department(name=f"生成单位{i:03d}", sort_order=100 + i) for i in range(departments)],
        ignore_conflicts=True,
    )
    units = list(Department.objects.filter(name__startswith="生成单位").order_by("name"))
    Post.objects.bulk_create(
        [Post(department=d, name=spec.name) for d in units for spec in POSTS], ignore_conflicts=True
    )
    posts_by_department: dict[int, list[Any]] = {}
    for post in Post.objects.filter(department__in=units).order_by("pk"):
        posts_by_department.setdefault(post.department_id, []).append(post)
    password = make_password("staff12345", salt="generatedstaff")
    usernames = [f"{prefix}{i:05d}" for i in range(1, count + 1)]
    User.objects.bulk_create(
        [
            User(username=name, password=password, last_name="王", first_name=f"{i:05d}")
            for i, name in enumerate(usernames, start=1)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    users = list(User.objects.filter(username__in=usernames).order_by("username"))

    def unit_for(index: int):
        if index < big_department:
            return units[0]
        return units[1 + (index - big_department) % (len(units) - 1)]

    StaffProfile.objects.bulk_create(
        [StaffProfile(user=u, department=unit_for(i)) for i, u in enumerate(users)],
        ignore_conflicts=True,
        batch_size=2000,
    )
    assigned = set(PostAssignment.objects.filter(user__in=users).values_list("user_id", flat=True))
    PostAssignment.objects.bulk_create(
        [
            PostAssignment(
                user=u,
                post=posts_by_department[unit_for(i).pk][i % len(POSTS)],
                start_date=dt.date(2024, 1, 1),
            )
            for i, u in enumerate(users)
            if u.pk not in assigned
        ],
        batch_size=2000,
    )
    return units


# Risk points link to the articles that forbid or govern them (resolved against the imported
# corpus; a citation that is not in the library is skipped).
RISK_CITATIONS: dict[str, tuple[str, ...]] = {
    "违规审批或变相审批": ("《中华人民共和国行政许可法》第七十四条",),
    "吃拿卡要、故意拖延": (
        "《中华人民共和国行政许可法》第七十二条",
        "《中华人民共和国公职人员政务处分法》第三十三条",
    ),
    "违规报销或虚列支出": (
        "《中华人民共和国公职人员政务处分法》第三十五条",
        "《中华人民共和国会计法》第四十条",
    ),
    "私设“小金库”": ("《中华人民共和国会计法》第十六条",),
    "选择性执法、随意裁量": ("《中华人民共和国行政处罚法》第五条",),
    "接受管理服务对象宴请": ("《中华人民共和国公职人员政务处分法》第三十四条",),
    "公车私用": ("《中华人民共和国公职人员政务处分法》第三十五条",),
    "采购中优亲厚友": (
        "《中华人民共和国政府采购法》第二十五条",
        "《中华人民共和国招标投标法》第四条",
    ),
}


def link_risks_to_regulations() -> int:
    """Link the demo risk points to regulation articles (after the corpus import). Idempotent:
    only missing links are added. Returns the number of links created."""
    from organization.models import RiskPoint, RiskPointArticle
    from portal.demo.citations import resolve_citations

    articles_by_title = {}
    for title, citations in RISK_CITATIONS.items():
        resolution = resolve_citations(citations)
        articles_by_title[title] = [ref.article for ref in resolution.references if ref.article]
    existing = set(RiskPointArticle.objects.values_list("risk_point_id", "article_id"))
    links = []
    for risk in RiskPoint.objects.filter(title__in=list(RISK_CITATIONS)):
        for order, article in enumerate(articles_by_title.get(risk.title, [])):
            if (risk.pk, article.pk) not in existing:
                links.append(RiskPointArticle(risk_point=risk, article=article, sort_order=order))
    RiskPointArticle.objects.bulk_create(links)
    return len(links)
