"""Demo online school (网上廉政学校): a few open and staff-only courses with lessons.

Idempotent: a course or lesson is identified by its slug under its parent and left alone when it
exists. Call ``ensure_courses()`` after the school index page exists.
"""

from __future__ import annotations

from collections.abc import Callable

from learning.school import Audience, CoursePage, LessonPage
from portal.models import SchoolIndexPage

# No network in the demo: the reserved example.com domain matches no embed provider, so the
# lesson shows a plain link to the video instead of a player.
PLACEHOLDER_VIDEO = "https://media.example.com/lianzheng/school/"

COURSES = (
    {
        "slug": "dangji-chufen-tiaoli",
        "title": "《中国共产党纪律处分条例》学习导读",
        "summary": "逐章解读党纪处分条例的主要内容，帮助党员干部明纪知戒、守住底线。",
        "audience": Audience.EVERYONE,
        "required": True,
        "minutes": 45,
        "tags": ("党纪教育", "纪律处分条例"),
        "quiz": (
            (
                "single",
                "党员收受可能影响公正执行公务的礼品礼金，违反的是哪项纪律？",
                (("政治纪律", False), ("廉洁纪律", True), ("群众纪律", False)),
                None,
                "收受礼品礼金属于违反廉洁纪律的行为。",
            ),
            (
                "multiple",
                "以下哪些属于党的六大纪律？",
                (("政治纪律", True), ("组织纪律", True), ("考勤纪律", False)),
                None,
                "",
            ),
            ("true_false", "纪严于法、纪在法前。", (), True, "党纪要求比法律更严格。"),
        ),
        "lessons": (
            (
                "zongze",
                "第一课 总则与基本原则",
                "条例坚持党要管党、全面从严治党，坚持纪严于法、纪在法前，"
                "把纪律挺在前面。本课介绍条例的指导思想、适用范围和处分种类。",
                "",
            ),
            (
                "liujida-jilv",
                "第二课 六大纪律",
                "政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律是党员必须遵守的行为规范。"
                "本课结合典型案例逐一讲解。",
                "dangji-liujida",
            ),
            (
                "yian-cugai",
                "第三课 以案促改",
                "通过剖析近年查处的典型案例，查找制度漏洞和风险点，推动以案促改、以案促治。",
                "",
            ),
        ),
    },
    {
        "slug": "lianjie-congye",
        "title": "廉洁从业与岗位风险防控",
        "summary": "面向重点岗位干部职工，讲解岗位廉政风险识别、防控措施和月度自查要求。",
        "audience": Audience.POSTS,
        "required": True,
        "minutes": 30,
        "tags": ("廉政风险防控",),
        "lessons": (
            (
                "fengxian-shibie",
                "第一课 岗位廉政风险识别",
                "从权力运行的关键环节入手，梳理岗位职责中的廉政风险点，明确风险等级。",
                "",
            ),
            (
                "fangkong-cuoshi",
                "第二课 防控措施与自查",
                "针对高、中、低三级风险点制定防控措施，每月按时完成风险自查和工作小结。",
                "",
            ),
        ),
    },
    {
        "slug": "lianjie-jiafeng",
        "title": "清廉家风建设",
        "summary": "讲述优秀家风故事，引导党员干部管好家属子女，筑牢家庭廉洁防线。",
        "audience": Audience.EVERYONE,
        "required": False,
        "minutes": 20,
        "tags": ("家风建设",),
        "lessons": (
            (
                "jiafeng-gushi",
                "家风故事",
                "古往今来，良好家风是立身之本。本课讲述几则清廉家风的历史故事，"
                "并讨论新时代家庭助廉的做法。",
                "",
            ),
        ),
    },
)


def _paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def _quiz(questions) -> list:
    return [
        (
            "question",
            {
                "kind": kind,
                "prompt": prompt,
                "choices": [{"text": text, "correct": correct} for text, correct in choices],
                "statement_true": bool(statement_true),
                "explanation": explanation,
            },
        )
        for kind, prompt, choices, statement_true, explanation in questions
    ]


def ensure_courses(
    *, school: SchoolIndexPage | None = None, log: Callable[[str], None] = lambda _msg: None
) -> int:
    """Create the demo courses and lessons that do not exist yet; returns how many pages."""
    school = school or SchoolIndexPage.objects.first()
    if school is None:
        log("school: no school index page, skipped")
        return 0
    created = 0
    for spec in COURSES:
        course = CoursePage.objects.child_of(school).filter(slug=spec["slug"]).first()
        if course is None:
            course = CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                audience=spec["audience"],
                required=spec["required"],
                estimated_minutes=spec["minutes"],
            )
            course.tags.add(*spec["tags"])
            course.quiz = _quiz(spec.get("quiz", ()))
            school.add_child(instance=course)
            created += 1
        existing = set(LessonPage.objects.child_of(course).values_list("slug", flat=True))
        for slug, title, text, video in spec["lessons"]:
            if slug in existing:
                continue
            course.add_child(
                instance=LessonPage(
                    title=title,
                    slug=slug,
                    body=_paragraph(text),
                    video_url=f"{PLACEHOLDER_VIDEO}{video}" if video else "",
                )
            )
            created += 1
    log(f"school: {created} course and lesson pages created")
    return created
