"""Demo culture hall (廉政文化馆): media items and live classes (廉政周末大舞台).

No embeds or media files: the demo must render without network access, so each item carries a
description (and a cover image) only. Editors attach real video or audio later.
"""

from portal.demo.schema import LiveClass, MediaItem

MEDIA_TYPES = ("视频", "歌曲", "动画", "公益广告")

# A media item needs an address or an uploaded file. The demo gives each one a placeholder
# address on the reserved example.com domain: no embed provider matches it, so nothing is
# fetched and the page shows a plain link next to the description.
PLACEHOLDER_MEDIA_BASE = "https://media.example.com/lianzheng/"

MEDIA_ITEMS = (
    MediaItem(
        slug="jingshi-pian-mitu",
        title="警示教育片《迷途》",
        media_type="视频",
        duration="32:15",
        credits="出品：临江市纪委监委",
        days_ago=235,
        tags=("警示教育", "以案促改"),
        image="mountains",
        description=(
            (
                "p",
                "本片选取临江市近年查处的四起典型案例，通过当事人现身说法、办案人员讲述和专家点评，"
                "揭示权力失控的过程和教训。适合各级党组织在专题组织生活会上集中观看。",
            ),
            (
                "p",
                "观看建议：观看后请结合本单位、本岗位的廉政风险点开展讨论。",
            ),
        ),
    ),
    MediaItem(
        slug="weidianying-yiwan-qingtang",
        title="廉洁微电影《一碗清汤》",
        media_type="视频",
        duration="12:40",
        credits="出品：临江市纪委监委、临江市融媒体中心",
        days_ago=120,
        tags=("家风建设", "廉洁文化"),
        image="waves",
        description=(
            (
                "p",
                "新上任的镇长回到老家，母亲没有摆酒席，只端出一碗清汤。"
                "影片以母子之间的一次对话，讲述家风对一名干部的深远影响。",
            ),
            (
                "p",
                "本片获全市廉洁文化微电影征集活动一等奖。",
            ),
        ),
    ),
    MediaItem(
        slug="gequ-qingfeng-yao",
        title="廉洁歌曲《清风谣》",
        media_type="歌曲",
        duration="04:05",
        credits="词：何晓岚  曲：苏明远  演唱：临江市少年合唱团",
        days_ago=95,
        tags=("廉洁文化",),
        image="bamboo",
        description=(
            (
                "p",
                "歌曲以江南民歌为基调，借清风、翠竹、明月等意象，唱出清白做人、干净做事的朴素情怀。"
                "曲调明快，适合在机关和校园传唱。",
            ),
        ),
    ),
    MediaItem(
        slug="gequ-lianxin",
        title="原创歌曲《莲心》",
        media_type="歌曲",
        duration="03:48",
        credits="词曲：林一帆  演唱：临江市文艺志愿者",
        days_ago=280,
        tags=("廉洁文化", "廉洁自律"),
        image="lotus",
        description=(
            (
                "p",
                "“出淤泥而不染，濯清涟而不妖。”歌曲化用古人咏莲的意境，"
                "表达党员干部守住初心、洁身自好的追求。",
            ),
        ),
    ),
    MediaItem(
        slug="donghua-xiaolian-shuoji-hongbao",
        title="《小廉说纪》第一集：红包里的“陷阱”",
        media_type="动画",
        duration="05:20",
        credits="出品：临江市纪委监委宣传部",
        days_ago=40,
        tags=("纪律教育", "中央八项规定精神"),
        image="rays",
        description=(
            (
                "p",
                "动画主人公“小廉”是一名刚参加工作的年轻干部。"
                "本集讲述他在节日期间收到管理服务对象发来的电子红包后，如何判断和处理。",
            ),
            (
                "p",
                "片尾附有纪律小贴士：无法当场拒绝的礼金、红包，应当及时登记上交。",
            ),
        ),
    ),
    MediaItem(
        slug="donghua-baxiang-guiding",
        title="《小廉说纪》第二集：八项规定记心间",
        media_type="动画",
        duration="06:05",
        credits="出品：临江市纪委监委宣传部",
        days_ago=10,
        tags=("中央八项规定精神", "纪律教育"),
        description=(
            (
                "p",
                "本集用轻松的漫画形式，逐条讲解中央八项规定的主要内容，"
                "并通过公务接待、公车使用等常见场景，帮助干部分清“能”与“不能”。",
            ),
        ),
    ),
    MediaItem(
        slug="gongyi-guanggao-yifen-yili",
        title="公益广告《一分一厘总关情》",
        media_type="公益广告",
        duration="01:00",
        credits="出品：临江市纪委监委、临江市融媒体中心",
        days_ago=150,
        tags=("群众身边腐败", "廉洁文化"),
        image="scales",
        description=(
            (
                "p",
                "六十秒的画面里，一笔惠民资金从财政账户出发，经过层层审核，最终送到困难群众手中。"
                "广告提醒每一位经手人：群众的钱，一分一厘都不能少。",
            ),
        ),
    ),
    MediaItem(
        slug="gongyi-guanggao-jiafeng",
        title="公益广告《家风》",
        media_type="公益广告",
        duration="00:45",
        credits="出品：临江市纪委监委、临江市妇联",
        days_ago=310,
        tags=("家风建设",),
        description=(
            (
                "p",
                "广告以一张全家福为线索，展现三代人的家训传承，传递“家风正则作风正”的理念。",
            ),
        ),
    ),
)

LIVE_CLASSES = (
    LiveClass(
        slug="zhoumo-dawutai-jiafeng",
        title="廉政周末大舞台·好家风涵养好作风",
        speaker="临江市委党校 何晓岚 副教授",
        venue="临江市文化中心小剧场",
        days_from_now=-24,
        start_hour=14,
        start_minute=30,
        duration_minutes=90,
        image="lanterns",
        replay_url="https://media.example.com/lianzheng/replay/jiafeng",
        replay_note="本期活动回放已上线，欢迎各单位组织党员干部点播学习。",
        description=(
            (
                "p",
                "本期大舞台以“家风”为主题，由何晓岚副教授主讲家规家训中的廉洁智慧，"
                "并邀请三户“最美廉洁家庭”代表讲述自家的家风故事。",
            ),
            (
                "p",
                "活动穿插诗朗诵《清白传家》和情景剧《一碗清汤》片段，现场观众三百余人。",
            ),
        ),
    ),
    LiveClass(
        slug="zhoumo-dawutai-jifa-xiaojuchang",
        title="廉政周末大舞台·纪法小剧场",
        speaker="临江市纪委监委案件审理室",
        venue="临江市文化中心小剧场",
        days_from_now=-3,
        start_hour=15,
        start_minute=0,
        duration_minutes=60,
        image="lanterns",
        replay_note="回放正在剪辑整理，上线后将在本页公布。",
        description=(
            (
                "p",
                "以情景剧的形式再现三个常见违纪场景：节日收红包、酒桌上的“人情”、亲属借名办事，"
                "每个场景后由审理室干部现场点评，讲清纪律界限。",
            ),
        ),
    ),
    LiveClass(
        slug="zhoumo-dawutai-lianyun-xiqu",
        title="廉政周末大舞台·廉韵戏曲专场",
        speaker="临江市戏曲研究院",
        venue="临江市文化中心大剧场",
        days_from_now=12,
        start_hour=19,
        start_minute=30,
        duration_minutes=120,
        image="lanterns",
        description=(
            (
                "p",
                "戏曲专场将上演《铡美案》选段、新编廉政戏《清江月》等剧目，"
                "以传统艺术讲述清正廉洁的故事。",
            ),
            (
                "p",
                "届时将进行网络直播，直播地址在开演前一天于本页发布。现场观演请凭单位发放的入场券入场。",
            ),
        ),
    ),
)
