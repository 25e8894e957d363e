"""Demo data for the feedback app (信访举报): the suggestion form (意见建议), the integrity SMS
contest (廉政短信征集) with published entries, and department ratings (政风行风评议) over the
last months so the public results page has a ranking and a chart.

Call ``build_feedback(builder, home)`` from the demo builder after the organisation exists
(the ratings are for its departments). Idempotent: the pages go through the builder's
``upsert_page`` (slug under the home page), contest entries are keyed by their text, ratings by
department, month and submission time. Everything is invented.

Ratings of past months cannot go through ``feedback.services.rating_submit`` (it always rates
the current month), so they are created directly: anonymous rows (no user), every score between
3 and 5, so no department falls under the poor-rating threshold that would have produced an
early-warning signal.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from feedback.models import (
    DIMENSIONS,
    ContestEntry,
    ContestFormField,
    ContestPage,
    DepartmentRating,
    EntryStatus,
    FeedbackFormField,
    FeedbackFormPage,
)
from organization.models import Department


@dataclass(frozen=True)
class FieldSpec:
    label: str
    field_type: str  # a wagtail.contrib.forms field type
    required: bool = False
    help_text: str = ""
    choices: str = ""  # one per line


@dataclass(frozen=True)
class EntrySpec:
    text: str
    author: str
    days_ago: int  # submitted this many days before the demo's day
    approved: bool = True


# ---------------------------------------------------------------------------- 意见建议

SUGGESTION_SLUG = "yijian-jianyi"
SUGGESTION_TITLE = "意见建议"
SUGGESTION_DESCRIPTION = "对党风廉政建设、政风行风和本平台的意见建议，欢迎留言。"
SUGGESTION_INTRO = (
    "<p>欢迎您对本市党风廉政建设和反腐败工作、机关作风和政风行风建设，以及本平台的内容和使用"
    "提出意见建议。姓名和联系方式可以不填；留下联系方式的，我们会在十五个工作日内答复。</p>"
    '<p>反映党员干部违纪违法问题，请使用“信访举报”栏目的<a href="/feedback/report/">'
    "在线举报</a>，可凭查询码跟踪办理进度。</p>"
)
SUGGESTION_THANKS = (
    "<p>感谢您的意见建议！我们已经收到，将认真研究、及时转交相关部门办理。</p>"
    "<p>留下联系方式的，我们会在十五个工作日内与您联系。</p>"
)
SUGGESTION_FIELDS = (
    FieldSpec("姓名", "singleline", help_text="可不填。"),
    FieldSpec("联系方式", "singleline", help_text="电话或电子邮箱，便于我们答复；可不填。"),
    FieldSpec(
        "建议类别",
        "dropdown",
        required=True,
        choices="党风廉政建设\n政风行风\n网站与平台\n其他",
    ),
    FieldSpec("建议内容", "multiline", required=True, help_text="请写明具体事项和您的建议。"),
)

# ---------------------------------------------------------------------------- 廉政短信征集

CONTEST_SLUG = "lianzheng-duanxin-zhengji"
CONTEST_TITLE = "廉政短信征集"
CONTEST_DESCRIPTION = "以廉为题，创作原创廉政短信，优秀作品在平台展示。"
CONTEST_INTRO = (
    "<p>为营造崇廉尚洁的良好氛围，市纪委监委面向全市党员干部和社会各界征集原创廉政短信。"
    "作品要求主题鲜明、语言精炼、积极向上，每条不超过七十字，每人限投三条。</p>"
    "<p>来稿经审核后择优在本页展示，年底评选优秀作品并通知作者。联系电话仅用于获奖通知，"
    "不会公开。</p>"
)
CONTEST_THANKS = "<p>感谢您的投稿！作品经审核后择优展示，可在本页“查看入选作品”中浏览。</p>"
CONTEST_ENTRY_FIELD = "短信内容"
CONTEST_AUTHOR_FIELD = "署名"
CONTEST_FIELDS = (
    FieldSpec(CONTEST_ENTRY_FIELD, "multiline", required=True, help_text="原创作品，七十字以内。"),
    FieldSpec(
        CONTEST_AUTHOR_FIELD, "singleline", help_text="随作品公开展示，如“市财政局 李某”；可不填。"
    ),
    FieldSpec("联系电话", "singleline", help_text="仅用于获奖通知，不公开；可不填。"),
)
CONTEST_ENTRIES = (
    EntrySpec(
        "清风拂面守初心，廉洁自律显本色。节日期间，拒收一份礼，多得一份心安。",
        "市财政局 李某",
        48,
    ),
    EntrySpec(
        "一张购物卡，换不来一生的安宁；一顿违规宴，吃掉的是党员的本色。过廉洁节，享清朗福。",
        "市住房和城乡建设局 王某",
        44,
    ),
    EntrySpec(
        "管住小节，守住大节。廉洁一阵子容易，廉洁一辈子可贵，愿您一生清白、一身正气。",
        "江城区城市管理局 张某",
        39,
    ),
    EntrySpec(
        "家是最小国，国是千万家。廉洁齐家，莫让亲情成为被“围猎”的缺口。",
        "市卫生健康委员会 陈某",
        33,
    ),
    EntrySpec("公款姓公，一分一厘都不能乱花；权力为民，一时一刻都不能懈怠。", "", 27),
    # Waiting for moderation: not shown on the entries page.
    EntrySpec(
        "清白做人，干净做事，踏实干活。守住底线，才能行稳致远。",
        "市市场监督管理局 刘某",
        3,
        approved=False,
    ),
)
MODERATION_DELAY_DAYS = 5

# ---------------------------------------------------------------------------- ratings

# The departments the public rates (organisation.DEPARTMENTS[:6]): base overall score and a
# per-dimension nudge, so the ranking and the table have some shape.
RATING_PROFILES = {
    "市住房和城乡建设局": (3.7, {"efficiency": -0.3, "transparency": 0.1}),
    "市人力资源和社会保障局": (4.3, {"attitude": 0.2}),
    "市市场监督管理局": (4.0, {"integrity": 0.2, "efficiency": -0.1}),
    "市财政局": (4.1, {"transparency": -0.3, "integrity": 0.2}),
    "市卫生健康委员会": (3.9, {"attitude": -0.2, "efficiency": 0.2}),
    "江城区城市管理局": (3.6, {"attitude": -0.3, "transparency": 0.2}),
}
RATING_MONTHS = 6  # the demo day's month and the five before it
RATING_COMMENTS = (
    "办事流程清楚，窗口工作人员态度热情。",
    "材料一次性告知，少跑了好几趟。",
    "希望进一步公开办理进度。",
    "网上办理方便，答复及时。",
    "个别环节等待时间较长，建议优化。",
)


# ---------------------------------------------------------------------------- helpers


def _form_fields(model, specs: tuple[FieldSpec, ...]) -> list:
    return [
        model(
            label=spec.label,
            field_type=spec.field_type,
            required=spec.required,
            help_text=spec.help_text,
            choices=spec.choices,
            sort_order=index,
        )
        for index, spec in enumerate(specs)
    ]


def _field_key(field) -> tuple:
    return (
        field.label,
        field.field_type,
        field.required,
        field.help_text,
        field.choices,
        field.default_value,
    )


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _previous_month(month: dt.date) -> dt.date:
    return _month_start(month - dt.timedelta(days=1))


# ---------------------------------------------------------------------------- builders


def build_feedback(builder: Any, home: Any) -> None:
    """The suggestion form and the contest under the home page, the contest's entries and the
    ratings. ``builder`` is the DemoBuilder (its upsert_page, report and today)."""
    # Fresh from the database: the first load renames the home page's slug and fixes its
    # url_path only when the home page is published, after the caller loaded ``home``.
    home = type(home).objects.get(pk=home.pk)
    builder.upsert_page(
        home,
        FeedbackFormPage,
        slug=SUGGESTION_SLUG,
        fields={
            "title": SUGGESTION_TITLE,
            "search_description": SUGGESTION_DESCRIPTION,
            "intro": SUGGESTION_INTRO,
            "thank_you_text": SUGGESTION_THANKS,
            "subject": f"平台{SUGGESTION_TITLE}",
        },
        children={"form_fields": (_form_fields(FeedbackFormField, SUGGESTION_FIELDS), _field_key)},
        tally="feedback pages",
    )
    contest = builder.upsert_page(
        home,
        ContestPage,
        slug=CONTEST_SLUG,
        fields={
            "title": CONTEST_TITLE,
            "search_description": CONTEST_DESCRIPTION,
            "intro": CONTEST_INTRO,
            "thank_you_text": CONTEST_THANKS,
            "entry_field_label": CONTEST_ENTRY_FIELD,
            "author_field_label": CONTEST_AUTHOR_FIELD,
            "accepting_entries": True,
            "subject": f"{CONTEST_TITLE}投稿",
        },
        children={"form_fields": (_form_fields(ContestFormField, CONTEST_FIELDS), _field_key)},
        tally="feedback pages",
    )
    ensure_contest_entries(builder, contest)
    ensure_ratings(builder)


def ensure_contest_entries(builder: Any, contest: ContestPage) -> None:
    names = dict(ContestFormField.objects.filter(page=contest).values_list("label", "clean_name"))
    text_key, author_key = names[CONTEST_ENTRY_FIELD], names[CONTEST_AUTHOR_FIELD]
    existing = {
        str(entry.form_data.get(text_key, "")): entry
        for entry in ContestEntry.objects.filter(page=contest).order_by("pk")
    }
    tally = builder.report.tally("contest entries")
    for spec in CONTEST_ENTRIES:
        submitted = _aware(builder.date(spec.days_ago), 10)
        wanted = {
            "form_data": {text_key: spec.text, author_key: spec.author},
            "status": EntryStatus.APPROVED if spec.approved else EntryStatus.PENDING,
            "moderated_at": (
                submitted + dt.timedelta(days=MODERATION_DELAY_DAYS, hours=6)
                if spec.approved
                else None
            ),
        }
        entry = existing.get(spec.text)
        if entry is None:
            entry = ContestEntry(page=contest, **wanted)
            entry.save()
            status = "created"
        elif any(getattr(entry, name) != value for name, value in wanted.items()) or (
            entry.submit_time != submitted
        ):
            for name, value in wanted.items():
                setattr(entry, name, value)
            entry.save()
            status = "updated"
        else:
            tally.add("unchanged")
            continue
        # submit_time is auto_now_add: set the demo's date afterwards.
        ContestEntry.objects.filter(pk=entry.pk).update(submit_time=submitted)
        tally.add(status)


def rating_rows(today: dt.date, departments: dict[str, Department]) -> list[DepartmentRating]:
    """The demo ratings for the RATING_MONTHS months up to ``today``'s month, all submitted
    before ``today``. Deterministic for a given day (seeded by department and month)."""
    months = []
    month = _month_start(today)
    for _i in range(RATING_MONTHS):
        months.append(month)
        month = _previous_month(month)
    rows = []
    for age, month in enumerate(reversed(months)):  # oldest first, improving a little
        if month == _month_start(today):
            last_day = today.day - 1  # only days already past
        else:
            last_day = (_month_start(month + dt.timedelta(days=32)) - dt.timedelta(days=1)).day
        if last_day < 1:
            continue
        for index, (name, (base, nudges)) in enumerate(RATING_PROFILES.items()):
            department = departments.get(name)
            if department is None:
                continue
            rng = random.Random(f"{name}|{month:%Y-%m}")
            count = 4 + rng.randrange(4)
            for i in range(count):
                scores = {
                    dim: min(
                        5,
                        max(
                            3,
                            round(
                                base + 0.04 * age + nudges.get(dim, 0.0) + rng.uniform(-0.8, 0.8)
                            ),
                        ),
                    )
                    for dim in DIMENSIONS
                }
                day = month.replace(day=1 + (i * 5 + index) % last_day)
                rows.append(
                    DepartmentRating(
                        department=department,
                        month=month,
                        comment=RATING_COMMENTS[(i + index + age) % len(RATING_COMMENTS)]
                        if (i + age) % 3 == 0
                        else "",
                        created_at=_aware(day, 8 + (i * 3 + index) % 10, (i * 17) % 60),
                        **scores,
                    )
                )
    return rows


def ensure_ratings(builder: Any) -> None:
    departments = {
        d.name: d
        for d in Department.objects.filter(parent__isnull=True, name__in=list(RATING_PROFILES))
    }
    wanted = rating_rows(builder.today, departments)
    existing = set(
        DepartmentRating.objects.filter(
            user__isnull=True,
            department__in=list(departments.values()),
            month__in={row.month for row in wanted},
        ).values_list("department_id", "month", "created_at")
    )
    missing = [
        row for row in wanted if (row.department_id, row.month, row.created_at) not in existing
    ]
    DepartmentRating.objects.bulk_create(missing)
    tally = builder.report.tally("ratings")
    tally.created += len(missing)
    tally.unchanged += len(wanted) - len(missing)
