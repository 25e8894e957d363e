"""Demo online school (网上廉政学校): a few open and staff-only courses with lessons, a
question bank of integrity-law questions and quizzes (one drawing at random from the bank).

Idempotent: a course or lesson is identified by its slug under its parent and left alone when it
exists (a quiz that is still empty is filled in); the bank by its title. Quiz questions have
fixed block ids, so answers recorded by the demo history keep pointing at them. Call
``ensure_courses()`` after the school index page exists; portal/demo/school_history.py adds
course assignments and the staff's learning history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from learning.quiz import QuestionBank
from learning.school import Audience, CoursePage, LessonPage
from portal.models import SchoolIndexPage

BLOCK_ID_NAMESPACE = uuid.UUID("5b0f6c2e-3d4a-4a7e-9a56-8d1f7c0e2b91")
BANK_TITLE = "党纪法规基础题库"
BANK_DESCRIPTION = (
    "党章党规、监察法、政务处分法和中央八项规定精神等基础知识，供各课程测验随机抽题。"
)

# Question tuples: (kind, prompt, ((answer, correct), ...), statement_true, explanation).
# "wrong" in BANK_DIFFICULTY: how often a demo staff member gets the question wrong.
BANK_QUESTIONS = (
    (
        "single",
        "根据《中华人民共和国监察法》，监察机关对哪些人员进行监察？",
        (
            ("所有行使公权力的公职人员", True),
            ("仅限党员领导干部", False),
            ("仅限行政机关公务员", False),
            ("仅限国有企业管理人员", False),
        ),
        None,
        "监察法规定，各级监察委员会对所有行使公权力的公职人员进行监察，实现国家监察全面覆盖。",
    ),
    (
        "single",
        "以下哪一项不属于《中国共产党纪律处分条例》规定的党纪处分种类？",
        (("警告", False), ("撤销党内职务", False), ("降级", True), ("留党察看", False)),
        None,
        "党纪处分分为警告、严重警告、撤销党内职务、留党察看、开除党籍五种；"
        "降级是《公职人员政务处分法》规定的政务处分。",
    ),
    (
        "single",
        "根据《公职人员政务处分法》，受到记大过处分的，处分期间为多长？",
        (("六个月", False), ("十二个月", False), ("十八个月", True), ("二十四个月", False)),
        None,
        "政务处分期间：警告六个月，记过十二个月，记大过十八个月，降级、撤职二十四个月。",
    ),
    (
        "single",
        "按照中央八项规定精神，公务接待中以下做法正确的是？",
        (
            ("按标准安排工作餐，不提供高档菜肴和香烟、高档酒水", True),
            ("安排到私人会所就餐，费用由下属单位承担", False),
            ("向来宾赠送当地土特产作为纪念", False),
            ("接待结束后安排到景区参观游览", False),
        ),
        None,
        "党政机关国内公务接待管理规定要求接待对象按规定标准安排工作餐，"
        "不得提供香烟和高档酒水，不得赠送纪念品、土特产，不得安排旅游和娱乐活动。",
    ),
    (
        "single",
        "党员干部收到管理服务对象寄来的购物卡，正确的处置方式是？",
        (
            ("先收下，等合适时机再退还", False),
            ("及时退还；确实无法退还的，按规定登记上交", True),
            ("转赠给单位困难职工", False),
            ("只要没有使用就不算违纪", False),
        ),
        None,
        "收受可能影响公正执行公务的礼品礼金、消费卡，违反廉洁纪律；"
        "无法退还的，应当在规定时间内登记上交。",
    ),
    (
        "single",
        "根据贪污贿赂刑事案件司法解释，贪污或者受贿数额在多少元以上，一般应当认定为“数额较大”？",
        (("一万元", False), ("三万元", True), ("五万元", False), ("十万元", False)),
        None,
        "两高《关于办理贪污贿赂刑事案件适用法律若干问题的解释》规定，"
        "贪污或者受贿数额在三万元以上不满二十万元的，应当认定为“数额较大”。",
    ),
    (
        "single",
        "全国统一的纪检监察举报电话是？",
        (("12345", False), ("12388", True), ("12315", False), ("12368", False)),
        None,
        "12388 是全国纪检监察机关统一的举报电话，也可以通过 12388 举报网站反映问题。",
    ),
    (
        "multiple",
        "中央八项规定精神重点纠治的“四风”是指哪些？",
        (
            ("形式主义", True),
            ("官僚主义", True),
            ("享乐主义", True),
            ("奢靡之风", True),
            ("本位主义", False),
        ),
        None,
        "“四风”即形式主义、官僚主义、享乐主义和奢靡之风。",
    ),
    (
        "multiple",
        "以下哪些属于领导干部应当报告的个人有关事项？",
        (
            ("本人婚姻变化情况", True),
            ("本人持有因私出入境证件情况", True),
            ("子女与外国人、港澳台居民通婚情况", True),
            ("本人日常生活消费明细", False),
        ),
        None,
        "《领导干部报告个人有关事项规定》要求报告婚姻变化、出入境证件、"
        "子女婚姻及配偶子女从业、投资等情况，日常消费不在报告范围。",
    ),
    (
        "multiple",
        "政府采购活动中，以下哪些行为属于廉政风险？",
        (
            ("以不合理的条件对供应商实行差别待遇", True),
            ("将应当公开招标的项目化整为零规避招标", True),
            ("与供应商恶意串通，泄露评审信息", True),
            ("依法在指定媒体公开采购信息", False),
        ),
        None,
        "政府采购法禁止以不合理条件限制、排斥供应商，禁止化整为零规避公开招标，"
        "禁止与供应商恶意串通。",
    ),
    (
        "multiple",
        "党员干部操办婚丧喜庆事宜，应当遵守哪些要求？",
        (
            ("不得大操大办、造成不良影响", True),
            ("不得借机敛财", True),
            ("按规定事前向组织报告", True),
            ("可以收受管理服务对象的礼金", False),
        ),
        None,
        "纪律处分条例规定，借用婚丧喜庆等名义大操大办、借机敛财的，属于违反廉洁纪律。",
    ),
    (
        "true_false",
        "党员受到严重警告处分一年半内，不得在党内提升职务。",
        (),
        True,
        "纪律处分条例规定：党员受到警告处分一年内、受到严重警告处分一年半内，"
        "不得在党内提升职务和向党外组织推荐担任高于其原任职务的党外职务。",
    ),
    (
        "true_false",
        "利用职权为亲属经营活动谋取利益，只要本人没有收受财物，就不构成违纪。",
        (),
        False,
        "利用职权或者职务上的影响为亲属和其他特定关系人经营活动谋取利益，"
        "本身就是违反廉洁纪律的行为，与本人是否收受财物无关。",
    ),
    (
        "true_false",
        "监察机关对涉嫌严重职务违法或者职务犯罪的被调查人，经依法审批可以采取留置措施。",
        (),
        True,
        "监察法规定，对涉嫌贪污贿赂、失职渎职等严重职务违法或者职务犯罪的被调查人，"
        "经依法审批可以将其留置在特定场所。",
    ),
    (
        "true_false",
        "八小时以外的社交、生活行为属于个人私事，不在纪律约束范围之内。",
        (),
        False,
        "党纪没有“八小时”之分，生活纪律同样是党的纪律，党员干部要慎独慎微、管好“八小时以外”。",
    ),
)
# How often demo staff answer each bank question wrongly (index in BANK_QUESTIONS).
BANK_DIFFICULTY = (0.1, 0.3, 0.55, 0.2, 0.15, 0.6, 0.05, 0.35, 0.45, 0.3, 0.25, 0.4, 0.2, 0.15, 0.1)
BANK_DRAW = 5

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
                (
                    (
                        "single",
                        "违反中央八项规定精神的行为，在纪律处分条例中主要归入哪类纪律？",
                        (("廉洁纪律", True), ("群众纪律", False), ("生活纪律", False)),
                        None,
                        "违规公款吃喝、违规收送礼品礼金等违反中央八项规定精神的行为，"
                        "主要在廉洁纪律中规定。",
                    ),
                    (
                        "true_false",
                        "工作纪律要求党员干部不得在工作中不负责任、搞形式主义。",
                        (),
                        True,
                        "工作中不负责任或者疏于管理、搞形式主义官僚主义，属于违反工作纪律。",
                    ),
                ),
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
        # The audience: these posts in every department (the demo assigns the course to them).
        "posts": ("行政审批岗", "财务管理岗", "执法检查岗", "综合办公岗"),
        "required": True,
        "minutes": 30,
        "tags": ("廉政风险防控",),
        "quiz": (
            (
                "single",
                "岗位廉政风险点一般按风险程度划分为哪几个等级？",
                (("高、中、低三级", True), ("红、黄两级", False), ("不分等级", False)),
                None,
                "风险点按发生概率和危害程度分为高、中、低三级，分级制定防控措施。",
            ),
            (
                "true_false",
                "每月按时完成岗位风险自查，是岗位廉政风险防控的日常要求。",
                (),
                True,
                "月度风险自查和工作小结是内控管理平台的常规任务，也是考核依据。",
            ),
        ),
        "bank_draw": BANK_DRAW,
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


def block_id(*parts: str) -> str:
    """A fixed StreamField block id for a demo question (stable across demo loads)."""
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, ":".join(parts)))


def question_value(kind, prompt, choices, statement_true, explanation) -> dict:
    return {
        "kind": kind,
        "prompt": prompt,
        "choices": [{"text": text, "correct": correct} for text, correct in choices],
        "statement_true": bool(statement_true),
        "explanation": explanation,
    }


def _questions_raw(key: str, questions) -> list[dict]:
    return [
        {"type": "question", "value": question_value(*question), "id": block_id(key, str(index))}
        for index, question in enumerate(questions)
    ]


def _quiz(key: str, questions, *, bank: QuestionBank | None = None, draw: int = 0) -> list:
    """A quiz's raw StreamField data: fixed questions, then a random draw from ``bank``."""
    raw = _questions_raw(key, questions)
    if bank is not None and draw:
        raw.append(
            {
                "type": "bank_draw",
                "value": {"bank": bank.pk, "count": draw},
                "id": block_id(key, "draw"),
            }
        )
    return raw


def _stream(model, name: str, raw: list[dict]):
    return model._meta.get_field(name).stream_block.to_python(raw)


def ensure_question_bank() -> QuestionBank:
    """The demo question bank (created, or filled in when it has no questions)."""
    bank = QuestionBank.objects.filter(title=BANK_TITLE).first()
    if bank is None:
        bank = QuestionBank(title=BANK_TITLE, description=BANK_DESCRIPTION)
    elif len(bank.questions):
        return bank
    bank.questions = _stream(QuestionBank, "questions", _questions_raw("bank", BANK_QUESTIONS))
    bank.save()
    return bank


def _fill_in(page, *, quiz: list[dict], posts: list) -> bool:
    """Give an existing demo page its quiz and audience posts when it has none yet (demo
    databases from before they existed); one new revision when anything changed."""
    changed = False
    if quiz and not len(page.quiz):
        page.quiz = _stream(type(page), "quiz", quiz)
        changed = True
    if posts and isinstance(page, CoursePage) and not page.posts.exists():
        page.posts.set(posts)
        changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _posts(names) -> list:
    from organization.models import Post

    if not names:
        return []
    return list(Post.objects.filter(name__in=names).order_by("department__sort_order", "pk"))


def ensure_courses(
    *, school: SchoolIndexPage | None = None, log: Callable[[str], None] = lambda _msg: None
) -> int:
    """Create the demo courses and lessons that do not exist yet; returns how many pages."""
    school = school or SchoolIndexPage.objects.first()
    if school is None:
        log("school: no school index page, skipped")
        return 0
    bank = ensure_question_bank()
    created = 0
    for spec in COURSES:
        quiz = _quiz(spec["slug"], spec.get("quiz", ()), bank=bank, draw=spec.get("bank_draw", 0))
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
            course.quiz = _stream(CoursePage, "quiz", quiz)
            course.posts.set(_posts(spec.get("posts", ())))
            school.add_child(instance=course)
            created += 1
        else:
            _fill_in(course, quiz=quiz, posts=_posts(spec.get("posts", ())))
        lessons = {lesson.slug: lesson for lesson in LessonPage.objects.child_of(course)}
        for slug, title, text, video, *rest in spec["lessons"]:
            lesson_quiz = _quiz(f"{spec['slug']}/{slug}", rest[0]) if rest else []
            if slug in lessons:
                _fill_in(lessons[slug], quiz=lesson_quiz, posts=[])
                continue
            course.add_child(
                instance=LessonPage(
                    title=title,
                    slug=slug,
                    body=_paragraph(text),
                    video_url=f"{PLACEHOLDER_VIDEO}{video}" if video else "",
                    quiz=_stream(LessonPage, "quiz", lesson_quiz),
                )
            )
            created += 1
    log(f"school: {created} course and lesson pages created")
    return created
