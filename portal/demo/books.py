"""Demo reading-room items (廉政书屋).

Three are real, widely published Party documents (their summaries and chapter notes are written
for this demo); the other seven are invented readings of the fictional 临江市.
"""

from portal.demo.schema import Book, Chapter

BOOKS = (
    Book(
        slug="zhongguo-gongchandang-zhangcheng",
        title="中国共产党章程",
        author="中国共产党全国代表大会",
        publisher="人民出版社",
        year=2022,
        kind="reading",
        summary=(
            "党章是党的根本大法，是全党必须遵循的总规矩。本读本收录党的二十大部分修改后的党章全文。"
            "学习党章，重点把握总纲中关于党的性质、宗旨和指导思想的论述，"
            "以及党员的义务和权利、党的纪律、党的纪律检查机关等章节。"
        ),
        chapters=(
            Chapter("总纲", "阐明党的性质、宗旨、指导思想、奋斗目标和党的建设的基本要求。"),
            Chapter("第一章 党员", "规定党员的条件、义务和权利，以及入党和预备期的程序。"),
            Chapter(
                "第七章 党的纪律",
                "明确党的纪律是党的各级组织和全体党员必须遵守的行为规则，列出纪律处分的种类。",
            ),
            Chapter(
                "第八章 党的纪律检查机关",
                "规定各级纪律检查委员会的产生、领导体制和主要任务，以及派驻和巡视制度。",
            ),
        ),
        tags=("党内法规", "纪律教育"),
        image="rays",
        days_ago=300,
    ),
    Book(
        slug="jilv-chufen-tiaoli",
        title="中国共产党纪律处分条例",
        author="中共中央",
        publisher="人民出版社",
        year=2024,
        kind="reading",
        summary=(
            "条例是规范党组织和党员行为、维护党的纪律的基础性党内法规。"
            "它以“六项纪律”为主线，列明违纪行为及相应处分，既是党员的“负面清单”，"
            "也是纪检监察机关执纪的基本依据。建议党员干部通读全文，重点学习分则各章。"
        ),
        chapters=(
            Chapter("第一编 总则", "规定指导思想、原则和适用范围，纪律处分的种类、运用规则等。"),
            Chapter(
                "第二编 分则",
                "分六章列明违反政治、组织、廉洁、群众、工作、生活纪律的行为及其处分。",
            ),
            Chapter("第三编 附则", "规定条例的解释机关、施行日期以及与其他规定的衔接。"),
        ),
        tags=("党内法规", "纪律教育"),
        days_ago=260,
    ),
    Book(
        slug="lianjie-zilv-zhunze",
        title="中国共产党廉洁自律准则",
        author="中共中央",
        publisher="人民出版社",
        year=2015,
        kind="reading",
        summary=(
            "准则篇幅简短，从正面为全体党员和党员领导干部树立了看得见、够得着的廉洁高标准，"
            "与纪律处分条例一正一反、相辅相成。适合作为党员干部日常自省的对照清单。"
        ),
        chapters=(
            Chapter("党员廉洁自律规范", "面向全体党员，从公私、崇廉、尚俭、奉献四个方面提出要求。"),
            Chapter(
                "党员领导干部廉洁自律规范",
                "面向党员领导干部，强调廉洁从政、廉洁用权、廉洁修身、廉洁齐家。",
            ),
        ),
        tags=("党内法规", "廉洁自律"),
        days_ago=240,
    ),
    Book(
        slug="lianjie-congzheng-shier-jiang",
        title="廉洁从政十二讲",
        author="临江市委党校廉政教研室 编",
        publisher="临江市委党校（内部教材）",
        year=2023,
        kind="book",
        summary=(
            "本书是临江市委党校主体班次的廉政教育教材，共十二讲，"
            "从理想信念、权力观、纪律规矩、家风建设等角度，结合本地案例讲清“为什么要廉、怎样做到廉”。"
            "每讲附有思考题，便于组织专题学习和研讨。"
        ),
        chapters=(
            Chapter("第一讲 理想信念是廉洁从政的“总开关”", "从信仰缺失入手，分析腐败的思想根源。"),
            Chapter(
                "第四讲 正确行使手中的权力", "讲清权力的来源和边界，以及用权公开和监督的要求。"
            ),
            Chapter("第八讲 警惕“围猎”与“被围猎”", "梳理常见的“围猎”手法和防范办法。"),
            Chapter("第十二讲 把廉洁融入日常", "从小事小节入手，养成廉洁习惯。"),
        ),
        tags=("廉洁自律", "纪律教育"),
        image="books",
        days_ago=120,
    ),
    Book(
        slug="shenbian-de-jingzhong",
        title="身边的警钟——临江市违纪违法典型案例选编",
        author="临江市纪委监委 编",
        publisher="临江市纪委监委（内部学习资料）",
        year=2024,
        kind="book",
        summary=(
            "选编本市近年查处的二十起典型案例，涵盖贪污贿赂、违反中央八项规定精神、"
            "形式主义官僚主义、群众身边腐败等类型。每个案例由“案情回顾”“忏悔摘录”“案件点评”三部分组成，"
            "当事人均作匿名处理。"
        ),
        chapters=(
            Chapter("第一部分 “关键少数”失守之鉴", "收录领导干部滥用权力、利益输送的案例。"),
            Chapter("第二部分 “四风”问题之鉴", "收录违规吃喝、违规收送礼品礼金等案例。"),
            Chapter("第三部分 群众身边腐败之鉴", "收录基层干部侵害群众利益的案例。"),
        ),
        tags=("警示教育", "以案促改"),
        image="mountains",
        days_ago=45,
    ),
    Book(
        slug="qingfeng-chuanjia",
        title="清风传家——中华家规家训选读",
        author="临江市纪委监委、临江市妇联 编",
        publisher="临江市纪委监委（内部学习资料）",
        year=2023,
        kind="book",
        summary=(
            "本书从历代家规家训中选取五十则与廉洁修身、勤俭持家相关的篇章，"
            "配以白话解读和当代家风故事，引导党员干部以好家风涵养好作风。"
        ),
        chapters=(
            Chapter("修身篇", "讲“静以修身，俭以养德”，重在个人品行。"),
            Chapter("治家篇", "讲勤俭持家、教子有方，重在家庭教育。"),
            Chapter("为官篇", "讲清白为官、不徇私情，重在公私分明。"),
            Chapter("当代家风故事", "收录本市“最美廉洁家庭”的十个故事。"),
        ),
        tags=("家风建设", "廉洁文化"),
        image="lotus",
        days_ago=200,
    ),
    Book(
        slug="lidai-qingguan-gushi",
        title="临江历代清官廉吏故事",
        author="临江市地方志办公室 编",
        publisher="临江市地方志办公室（内部资料）",
        year=2022,
        kind="book",
        summary=(
            "依据地方志和碑刻记载，整理临江地区历史上三十余位为官清廉、勤政爱民人物的事迹。"
            "文字通俗，适合作为廉洁文化进社区、进校园的读物。"
        ),
        chapters=(
            Chapter("一 拒金守节", "记述古代地方官拒收馈赠、自守清贫的故事。"),
            Chapter("二 兴修水利", "记述主持修堤筑坝、造福一方的地方官员。"),
            Chapter("三 秉公断案", "记述不畏权势、公正办案的故事。"),
        ),
        tags=("廉洁文化",),
        image="bamboo",
        days_ago=330,
    ),
    Book(
        slug="xiaowei-quanli-yunxing-shouce",
        title="村（社区）小微权力运行手册",
        author="临江市纪委监委 编",
        publisher="临江市纪委监委（内部学习资料）",
        year=2024,
        kind="reading",
        summary=(
            "手册列出村（社区）干部常见的三十项小微权力事项，逐项配有运行流程图、"
            "公开要求和廉政风险提示，供村（社区）干部和村务监督委员会成员对照使用。"
        ),
        chapters=(
            Chapter("一 集体资产资源管理", "集体资产租赁、发包和处置的程序与公开要求。"),
            Chapter("二 惠民资金发放", "低保、补贴等资金的申报、评议、公示和发放流程。"),
            Chapter("三 村级工程项目", "小型工程的决策、招标、验收和结算要求。"),
            Chapter("四 廉政风险提示", "逐项列出风险点和防控措施。"),
        ),
        tags=("基层监督", "群众身边腐败"),
        days_ago=75,
    ),
    Book(
        slug="jifa-zhishi-yibai-wen",
        title="纪法知识一百问",
        author="临江市纪委监委案件审理室 编",
        publisher="临江市纪委监委（内部学习资料）",
        year=2024,
        kind="reading",
        summary=(
            "以问答形式解答党员干部和公职人员最关心的一百个纪法问题，"
            "如收受礼品礼金的界限、兼职取酬的规定、党纪处分与政务处分的区别等，语言简明，便于查阅。"
        ),
        chapters=(
            Chapter("一 党纪篇", "第一至四十问：党纪处分的种类、适用和影响。"),
            Chapter("二 政务处分篇", "第四十一至七十问：政务处分的对象、种类和程序。"),
            Chapter("三 廉洁从业篇", "第七十一至一百问：日常工作生活中的廉洁要求。"),
        ),
        tags=("纪律教育", "政务处分", "党内法规"),
        image="scales",
        days_ago=20,
    ),
    Book(
        slug="xinshidai-lianjie-wenhua-duben",
        title="新时代廉洁文化建设读本",
        author="临江市委党校 编",
        publisher="临江市委党校（内部教材）",
        year=2023,
        kind="book",
        summary=(
            "本书介绍廉洁文化的内涵、历史渊源和当代价值，总结各地廉洁文化建设的经验做法，"
            "并提供廉洁文化进机关、进家庭、进校园等活动的组织指南。"
        ),
        chapters=(
            Chapter("第一章 廉洁文化的内涵", "从传统文化和党的优良传统两方面阐述廉洁文化。"),
            Chapter("第二章 廉洁文化与政治生态", "分析廉洁文化对涵养风清气正政治生态的作用。"),
            Chapter("第三章 实践与案例", "介绍基层开展廉洁文化建设的经验和做法。"),
        ),
        tags=("廉洁文化", "理论研究"),
        image="waves",
        days_ago=160,
    ),
)
