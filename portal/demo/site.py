"""Demo site furniture: images, sections, home page, site settings, main menu, accounts.

The city (临江市), its districts and everyone named here are invented.
"""

from core import roles
from portal.demo.schema import DemoImage, DemoUser, QuickEntry, Section

CITY = "临江市"
ORGANISATION = "中共临江市纪律检查委员会　临江市监察委员会"

IMAGES = (
    DemoImage("lotus", "演示图片：清莲", "淡黄色背景上一朵红色的莲花，下方是水面的涟漪"),
    DemoImage("mountains", "演示图片：远山朝阳", "层叠的青灰色远山，天边一轮红日"),
    DemoImage("bamboo", "演示图片：翠竹", "浅色背景上一排挺拔的青竹和竹叶"),
    DemoImage("rays", "演示图片：红色光芒", "深红色背景上金色的光芒从地平线升起"),
    DemoImage("scales", "演示图片：天平", "深蓝色背景上一架金色的天平，两端保持平衡"),
    DemoImage("waves", "演示图片：清波", "浅蓝色的水波纹，左上角一轮淡金色的太阳"),
    DemoImage("lanterns", "演示图片：红灯笼", "暗红色背景上错落悬挂的红色灯笼"),
    DemoImage("books", "演示图片：书卷", "米色背景上叠放的彩色书本和一本打开的书"),
)

# Top-level sections under the home page (besides the columns). Keys are used by quick
# entries and the main menu.
SECTIONS = (
    Section(
        "cases",
        "cases",
        "警示教育案例",
        "选取本市查处的典型违纪违法案例，剖析原因、警示教育。案例当事人均已匿名处理。",
    ),
    Section(
        "reading_room",
        "reading-room",
        "廉政书屋",
        "党章党规、纪法读本和廉洁文化读物，供党员干部在线阅读。",
    ),
    Section(
        "culture_hall",
        "culture-hall",
        "廉政文化馆",
        "廉洁主题的视频、歌曲、动画和公益广告，以及“廉政周末大舞台”现场活动。",
    ),
    Section(
        "school",
        "school",
        "网上廉政学校",
        "面向全市党员干部的在线廉政教育课程，课程上线后可在此学习并记录学时。",
    ),
    Section(
        "regulations",
        "regulations",
        "法规制度库",
        "收录与党风廉政建设相关的法律、行政法规、司法解释和地方性法规，支持全文检索。",
    ),
)

HOME_TITLE = "首页"
HOME_SEO_TITLE = "临江市廉政教育与风险预警平台"
HOME_INTRO = (
    "<p>临江市廉政教育与风险预警平台由临江市纪委监委主办，集廉政教育、内控管理、"
    "信访举报和风险预警于一体。欢迎广大党员干部在线学习纪法知识，"
    "也欢迎社会各界通过平台反映问题、提出意见建议。</p>"
)
HOME_BULLETIN_NOTICE = (
    "上月全市廉政风险预警情况：各单位月度内控任务完成率百分之九十六，"
    "黄色预警二个单位、橙色预警一个单位，已分别发出警示提醒函和诫勉纠错通知。"
    "详细通报请登录后查看。"
)
HIGHLIGHT_COLUMNS = ("lianzheng-zhichuang", "dangfeng-zhengfeng", "dangji-jiaoyu", "jingshi-jiaoyu")

# (entry, icon) — icons are portal.models.home.QuickLinkIcon values.
QUICK_ENTRIES = (
    (QuickEntry("网上廉政学校", "在线学习廉政课程，记录学习进度", "school"), "school"),
    (QuickEntry("廉政书屋", "阅读党章党规和廉洁文化读物", "reading_room"), "book"),
    (QuickEntry("警示教育案例", "以案为鉴，以案促改", "cases"), "case"),
    (QuickEntry("法规制度库", "检索法律法规和制度条文", "regulations"), "law"),
    (QuickEntry("信访举报", "反映问题、提出意见建议", "/feedback/"), "feedback"),
    (QuickEntry("我的廉政档案", "干部职工月度任务和学习记录", "/staff/"), "staff"),
)

SITE_SETTINGS = {
    "site_name": "廉政教育与风险预警平台",
    "organisation": ORGANISATION,
    "hotline": "12388",
    "address": "临江市江城区滨江大道188号临江市纪委监委机关",
    "postcode": "330188",
    "email": "jubao@ljjw.example.cn",
    "icp_number": "临ICP备00000000号（演示站点）",
    "copyright_line": "© 中共临江市纪律检查委员会 临江市监察委员会 版权所有（演示站点）",
}

REPORTING_CHANNELS = (
    {
        "name": "电话举报",
        "description": "全国纪检监察举报电话，工作日 8:30—17:30 受理。",
        "phone": "12388",
        "url": "",
    },
    {
        "name": "网络举报",
        "description": "通过本平台“信访举报”栏目在线提交，可凭查询码查看办理进度。",
        "phone": "",
        "url": "/feedback/",
    },
    {
        "name": "来信举报",
        "description": "邮寄至临江市江城区滨江大道188号临江市纪委监委信访室（邮编330188）。",
        "phone": "",
        "url": "",
    },
    {
        "name": "来访举报",
        "description": "临江市纪委监委信访接待室（滨江大道188号东门），工作日 8:30—17:00 接待。",
        "phone": "",
        "url": "",
    },
)

FOOTER_LINKS = (
    {"label": "中央纪委国家监委网站", "url": "https://www.ccdi.gov.cn/"},
    {"label": "12388 全国纪检监察举报网站", "url": "https://www.12388.gov.cn/"},
    {"label": "国家法律法规数据库", "url": "https://flk.npc.gov.cn/"},
)

# The main menu. Each entry: (label, target) where target is "home", "columns" (a
# dropdown of every column), a section key, or an absolute path.
MAIN_MENU = (
    ("首页", "home"),
    ("专栏", "columns"),
    ("警示教育案例", "cases"),
    ("廉政书屋", "reading_room"),
    ("廉政文化馆", "culture_hall"),
    ("网上廉政学校", "school"),
    ("法规制度库", "regulations"),
    ("信访举报", "/feedback/"),
    ("我的廉政档案", "/staff/"),
)

# ----------------------------------------------------------------------------- accounts
# DEV-ONLY passwords: the demo is for local development and demonstrations. Never load the
# demo on a server reachable from the internet, or change these passwords first.
STAFF_PASSWORD = "staff12345"
DEFAULT_STAFF = 20

USERS = (
    DemoUser(
        "admin",
        "admin12345",
        "管",
        "理员",
        "admin@ljjw.example.cn",
        None,
        is_superuser=True,
        note="超级管理员：Wagtail 后台全部权限",
    ),
    DemoUser(
        "editor",
        "editor12345",
        "陈",
        "思远",
        "editor@ljjw.example.cn",
        roles.EDITORS,
        department="宣传部",
        note="编辑：撰写内容并提交审核",
    ),
    DemoUser(
        "reviewer",
        "reviewer12345",
        "林",
        "文静",
        "reviewer@ljjw.example.cn",
        roles.REVIEWERS,
        department="宣传部",
        note="审核：审批并发布内容",
    ),
    DemoUser(
        "inspector",
        "inspector12345",
        "郑",
        "明哲",
        "inspector@ljjw.example.cn",
        roles.INSPECTORS,
        department="党风政风监督室",
        note="纪检监察：处理信访举报、运行预警",
    ),
    DemoUser(
        "depthead",
        "depthead12345",
        "宋",
        "立诚",
        "depthead@ljjw.example.cn",
        roles.DEPARTMENT_HEADS,
        department="市住房和城乡建设局",
        note="部门负责人：查看本部门情况",
    ),
)

# Invented names for the generated staff accounts (staff01, staff02, ...).
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁"
_GIVEN = (
    "建华",
    "秀英",
    "志强",
    "丽娟",
    "海涛",
    "晓燕",
    "国庆",
    "红梅",
    "子涵",
    "雨欣",
    "浩然",
    "思琪",
    "文博",
    "嘉怡",
    "俊杰",
    "雅静",
    "明轩",
    "欣怡",
    "宇航",
    "梦瑶",
    "晨阳",
    "佳慧",
    "天佑",
    "若曦",
    "一鸣",
    "静怡",
    "泽宇",
    "诗涵",
    "家豪",
    "婉清",
)
STAFF_DEPARTMENTS = (
    "市住房和城乡建设局",
    "市人力资源和社会保障局",
    "市市场监督管理局",
    "市财政局",
    "市卫生健康委员会",
    "江城区城市管理局",
)


def staff_users(count: int) -> list[DemoUser]:
    """The generated staff accounts, deterministic for a given count."""
    users = []
    for i in range(1, count + 1):
        surname = _SURNAMES[(i * 7) % len(_SURNAMES)]
        given = _GIVEN[(i * 11) % len(_GIVEN)]
        username = f"staff{i:02d}"
        users.append(
            DemoUser(
                username,
                STAFF_PASSWORD,
                surname,
                given,
                f"{username}@ljjw.example.cn",
                roles.STAFF,
                department=STAFF_DEPARTMENTS[(i - 1) % len(STAFF_DEPARTMENTS)],
                note="干部职工：月度内控任务和在线学习",
            )
        )
    return users


# username -> (DEV-ONLY password, role) — copy this table into the README.
DEMO_ACCOUNTS = {
    **{user.username: (user.password, user.note) for user in USERS},
    "staff01 … staffNN": (STAFF_PASSWORD, "干部职工（数量由 --staff N 决定，默认 20）"),
}
