"""The parser is pure Python: these tests need no database."""

import datetime as dt
import re
from pathlib import Path

import pytest

from regulations.parser import (
    ParseError,
    cn_to_int,
    decode_text,
    event_kind,
    int_to_cn,
    parse_body,
    parse_document,
    parse_filename,
)
from regulations.services import CORPUS_DIR

DATA = Path(__file__).parent / "data"
RAW = Path(__file__).parent / "data_raw"
CORPUS_FILES = sorted(CORPUS_DIR.rglob("*.md"))
CORPUS_FILES = [p for p in CORPUS_FILES if p.name not in ("README.md", "SOURCE.md")]
# An article starts a line: 第 + Chinese numeral + 条 (+ 之一) + a space or the end of the line.
ARTICLE_LINE = re.compile(
    r"^第[一二三四五六七八九十百千零〇]+条(之[一二三四五六七八九十]+)?([ \u3000]|$)"
)


def load(name: str):
    return parse_document(decode_text((DATA / name).read_bytes()))


def test_corpus_is_complete():
    assert len(CORPUS_FILES) == 40


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_every_corpus_file_parses_with_one_article_per_article_line(path):
    text = decode_text(path.read_bytes())
    body = text.split("<!-- INFO END -->", 1)[1]
    expected = sum(1 for line in body.splitlines() if ARTICLE_LINE.match(line.strip()))
    document = parse_document(text)
    assert document.title
    assert document.article_count == expected
    assert expected > 0
    anchors = [node.anchor for node in document.nodes]
    assert len(anchors) == len(set(anchors)), "anchors must be unique"
    assert all(event.date.year > 1900 for event in document.history)
    # Every article keeps some text.
    assert all(node.text for node in document.articles)


def test_corpus_naive_count_overcounts_paragraphs_that_start_with_di():
    """`^第.+条` also matches 第三人…本条… paragraphs: they are not articles."""
    path = CORPUS_DIR / "经济法" / "反不正当竞争法(2019-04-23).md"
    text = path.read_text(encoding="utf-8")
    naive = len(re.findall(r"^第.+条", text, flags=re.M))
    document = parse_document(text)
    assert document.article_count == 33
    assert naive > document.article_count


def test_supervision_law_2024_structure():
    document = parse_document(
        (CORPUS_DIR / "宪法相关法" / "监察法(2024-12-25).md").read_text("utf-8")
    )
    assert document.title == "中华人民共和国监察法"
    assert document.article_count == 78
    chapters = [n for n in document.nodes if n.kind == "chapter"]
    assert len(chapters) == 9
    assert chapters[0].heading == "第一章 总则"
    first = document.article("第一条")
    assert first.anchor == "art-1"
    assert first.path == "第一章 总则"
    assert [e.date for e in document.history] == [dt.date(2018, 3, 20), dt.date(2024, 12, 25)]
    assert document.history[1].kind == "amended"


def test_criminal_law_parts_chapters_sections_and_inserted_articles():
    document = parse_document((CORPUS_DIR / "刑法" / "刑法.md").read_text("utf-8"))
    assert document.article_count == 505
    kinds = [n.kind for n in document.nodes]
    assert kinds.count("part") == 2
    assert kinds.count("section") == 37
    inserted = document.article("第一百二十条之一")
    assert inserted.anchor == "art-120-1"
    assert inserted.number == 120 and inserted.sub_number == 1
    # Chapters restart in each part: anchors stay unique through the part prefix.
    assert any(n.anchor == "part-2-ch-1" for n in document.nodes)
    section = next(n for n in document.nodes if n.kind == "section")
    assert section.anchor == "part-1-ch-2-sec-1"
    assert section.path == "第一编 总则 / 第二章 犯罪"
    article = document.article("第十四条")
    assert article.path == "第一编 总则 / 第二章 犯罪 / 第一节 犯罪和刑事责任"
    # The unnumbered 附则 heading takes the level of the parts.
    assert document.article("第四百五十二条").path == "附则"
    assert len(document.history) == 16


def test_inverted_heading_levels_use_labels_not_hashes():
    """上海市信访条例 uses ### for chapters and ## for sections."""
    document = parse_document(
        (CORPUS_DIR / "地方性法规" / "上海市信访条例(2018-05-24).md").read_text("utf-8")
    )
    sections = [n for n in document.nodes if n.kind == "section"]
    assert len(sections) == 4
    assert sections[0].path == "第四章 受理和办理"
    assert sections[0].title == "一般规定"


def test_headings_broken_over_two_lines_are_joined():
    document = parse_document(
        (CORPUS_DIR / "宪法相关法" / "各级人民代表大会常务委员会监督法(2006-08-27).md").read_text(
            "utf-8"
        )
    )
    chapter = next(n for n in document.nodes if n.label == "第二章")
    assert chapter.title == "听取和审议人民政府、人民法院和人民检察院的专项工作报告"
    assert not [n for n in document.nodes if n.kind == "paragraph"]
    assert len(document.history) == 1  # the title repeated in two broken lines is dropped


def test_full_width_spaces_in_headings_and_after_article_numbers():
    document = load("全角空格条例(2020-01-02).md")
    assert [n.heading for n in document.nodes if n.kind == "chapter"] == [
        "第一章 总则",
        "第二章 附则",
    ]
    assert document.article_count == 3
    assert document.article("第二条").text == "本条例适用于测试。"
    assert document.history[0].text.startswith("某市人民代表大会")


def test_inserted_articles_paragraphs_and_items():
    document = load("之一条例(2021-05-06).md")
    assert [a.label for a in document.articles] == [
        "第一条",
        "第二条",
        "第二条之一",
        "第二条之二",
        "第三条",
    ]
    assert [a.anchor for a in document.articles] == [
        "art-1",
        "art-2",
        "art-2-1",
        "art-2-2",
        "art-3",
    ]
    second = document.article("第二条")
    assert second.paragraphs == [
        "第二条的内容。",
        "前款所称内容，包括：",
        "（一）第一项；",
        "（二）第二项。",
    ]


def test_document_without_articles_keeps_paragraphs():
    document = load("无条文通知.md")
    assert document.article_count == 0
    assert [n.kind for n in document.nodes] == ["paragraph"] * 3
    assert [n.anchor for n in document.nodes] == ["p-1", "p-2", "p-3"]
    assert document.history[0].kind == "promulgated"


def test_numbered_sections_without_articles():
    document = load("编号段落意见(2023-04-05).md")
    assert document.article_count == 0
    blocks = [n for n in document.nodes if n.label]
    assert [b.label for b in blocks] == ["一、", "二、", "三、"]
    assert [b.anchor for b in blocks] == ["s-1", "s-2", "s-3"]
    assert blocks[1].paragraphs == ["主要措施", "（一）严格接待标准；", "（二）加强监督检查。"]
    assert document.nodes[0].kind == "paragraph" and not document.nodes[0].label


def test_subtitle():
    document = load("民法典人格权编(2020-05-28).md")
    assert document.title == "中华人民共和国民法典"
    assert document.subtitle == "人格权编"
    assert document.article("第九百八十九条").number == 989


def test_missing_history():
    document = load("无沿革规定.md")
    assert document.history == []
    assert document.article_count == 2


def test_broken_header_lines():
    document = load("断行表头法(2006-08-27).md")
    assert [e.date for e in document.history] == [
        dt.date(2006, 8, 27),
        dt.date(2007, 1, 1),
        dt.date(2015, 8, 26),
    ]
    first = document.history[0]
    assert first.text.endswith("<中华人民共和国计量法>的决定》修正")  # continued on the next line
    assert first.kind == "amended"
    assert document.history[1].kind == "effective"
    assert document.history[2].kind == "revised"
    assert not document.history[2].text.endswith("）")  # stray closing bracket removed
    # The title repeated at the top of the body is not kept as a paragraph.
    assert [n.kind for n in document.nodes] == ["chapter", "article"]
    assert document.nodes[0].title == "听取和审议人民政府、人民法院和人民检察院的专项工作报告"


def test_header_without_info_end_marker():
    document = load("无标记头.md")
    assert [e.kind for e in document.history] == ["promulgated", "effective"]
    assert document.article_count == 2


def test_parts_chapters_sections_nesting_and_appendix():
    document = load("编章节法(2019-01-01).md")
    by_label = {a.label: a for a in document.articles}
    assert by_label["第二条"].path == "第一编 总则 / 第二章 犯罪 / 第一节 犯罪和刑事责任"
    assert by_label["第三条"].path == "第一编 总则 / 第二章 犯罪 / 第二节 共同犯罪"
    assert by_label["第四条"].path == "第二编 分则 / 第一章 危害国家安全罪"
    assert by_label["第五条"].path == "附则"
    appendix = document.nodes[-1]
    assert appendix.kind == "paragraph" and appendix.path == "附件一"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("空文件.md", "empty"),
        ("空白文件.md", "empty"),
        ("二进制.md.bin", "binary"),
        ("GBK编码条例(2020-01-01).md.gbk", "encoding"),
    ],
)
def test_undecodable_files(name, code):
    path = RAW / name if name.endswith((".bin", ".gbk")) else DATA / name
    with pytest.raises(ParseError) as info:
        decode_text(path.read_bytes())
    assert info.value.code == code


def test_gbk_error_names_the_encoding():
    with pytest.raises(ParseError, match="GBK"):
        decode_text((RAW / "GBK编码条例(2020-01-01).md.gbk").read_bytes())


def test_no_title():
    with pytest.raises(ParseError) as info:
        load("无标题.md")
    assert info.value.code == "no_title"
    assert info.value.line == 1


def test_text_without_title_is_accepted_when_not_required():
    document = parse_document("第一章 总则\n第一条　正文。\n第二条 正文二。", require_title=False)
    assert document.title == ""
    assert [n.kind for n in document.nodes] == ["chapter", "article", "article"]


def test_bare_chapter_lines_without_hashes_are_headings_but_sentences_are_not():
    nodes = parse_body(["第一章　总　则", "第一条 见第二章规定。", "第二章 其他", "第二条 内容。"])
    assert [n.kind for n in nodes] == ["chapter", "article", "chapter", "article"]
    nodes = parse_body(["第一条 内容。", "第二章规定的情形，依照本条处理。"])
    assert [n.kind for n in nodes] == ["article"]
    assert nodes[0].paragraphs[1].startswith("第二章规定")


def test_utf8_bom_and_crlf():
    text = decode_text("\ufeff# 标题\r\n\r\n<!-- INFO END -->\r\n第一条 内容。\r\n".encode())
    document = parse_document(text)
    assert document.title == "标题"
    assert document.article("第一条").text == "内容。"


def test_article_label_alone_on_its_line():
    nodes = parse_body(["第一条", "内容在下一行。"])
    assert nodes[0].label == "第一条" and nodes[0].text == "内容在下一行。"


def test_duplicate_article_numbers_get_unique_anchors():
    nodes = parse_body(["第一条 甲。", "第一条 乙。"])
    assert [n.anchor for n in nodes] == ["art-1", "art-1-2"]


def test_invalid_history_date_is_a_warning_not_a_crash():
    document = parse_document("# 标题\n2020年2月30日 通过\n<!-- INFO END -->\n第一条 内容。")
    assert document.history == []
    assert any("invalid date" in w for w in document.warnings)


def test_overlong_line_is_rejected():
    with pytest.raises(ParseError) as info:
        parse_document("# 标题\n<!-- INFO END -->\n第一条 " + "很" * 200_001)
    assert info.value.code == "line_too_long"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零三", 103),
        ("一百一十", 110),
        ("四百五十二", 452),
        ("一千零一", 1001),
        ("两百", 200),
        ("12", 12),
        ("１２", 12),
        ("二〇二四", 2024),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


def test_int_to_cn_round_trips():
    for value in range(1, 1200):
        assert cn_to_int(int_to_cn(value)) == value
    assert int_to_cn(12) == "十二"
    assert int_to_cn(103) == "一百零三"


def test_cn_to_int_rejects_garbage():
    with pytest.raises(ValueError):
        cn_to_int("三人")


@pytest.mark.parametrize(
    ("name", "stem", "date"),
    [
        ("监察法(2024-12-25).md", "监察法", dt.date(2024, 12, 25)),
        ("监察法（2024-12-25）.md", "监察法", dt.date(2024, 12, 25)),
        ("刑法.md", "刑法", None),
        ("关于(试行)的规定.md", "关于(试行)的规定", None),
    ],
)
def test_parse_filename(name, stem, date):
    assert parse_filename(name) == (stem, date)


def test_parse_filename_rejects_impossible_dates():
    with pytest.raises(ParseError) as info:
        parse_filename("日期错误(2024-13-45).md")
    assert info.value.code == "filename_date"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("第十三届全国人民代表大会第一次会议通过", "adopted"),
        ("中华人民共和国国务院令第431号公布", "promulgated"),
        ("国务院第100次常务会议修订通过", "revised"),
        ("《关于修改〈中华人民共和国监察法〉的决定》修正", "amended"),
        ("通过的《中华人民共和国刑法修正案（十二）》", "amended"),
        ("施行", "effective"),
        ("山东省第十届人民代表大会常务委员会第十二次会议批准", "approved"),
        ("某种说明", "other"),
    ],
)
def test_event_kind(text, kind):
    assert event_kind(text) == kind
