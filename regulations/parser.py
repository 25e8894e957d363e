"""Parse Chinese regulation texts into a header (title, subtitle, history) and a structure.

Pure Python, no Django: the import service, the admin (paste a text, re-derive the structure on
save) and the tests all use it. The input format is the corpus format (see
``regulations/data/corpus/README.md``), but the parser is deliberately lenient so that texts
pasted from elsewhere also work:

* headings are recognised by their label (第一编 / 第一分编 / 第一章 / 第一节), not by the number of
  ``#``; unnumbered ``#`` headings (附则, 附件一) take the level of the numbered headings seen
  at the same markdown depth;
* an article starts a line with ``第…条`` (or ``第…条之一``) followed by white space (ASCII or
  full-width) or the end of the line; the following lines are its paragraphs (款) and items (项);
* documents without articles keep their paragraphs; ``一、`` numbered blocks become addressable;
* the header may lack the ``<!-- INFO END -->`` marker, history lines may be broken over two lines,
  two events may share a line and the title may be repeated in broken lines.

Errors that make a file unusable raise :class:`ParseError` with a stable ``code``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class ParseError(ValueError):
    """A file that cannot be imported. ``code`` is stable; ``message`` is for people."""

    def __init__(self, code: str, message: str, *, line: int | None = None) -> None:
        self.code = code
        self.message = message
        self.line = line
        super().__init__(f"{message} (line {line})" if line else message)


# --------------------------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10000}
NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "0123456789０１２３４５６７８９"


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic, or full-width) numeral: 一百二十 -> 120, 二〇二四 -> 2024."""
    text = unicodedata.normalize("NFKC", text.strip())
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    number = 0
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
        elif ch.isdigit():
            number = number * 10 + int(ch)
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + number


def int_to_cn(value: int) -> str:
    """Convert a positive integer below 10000 to a Chinese numeral: 120 -> 一百二十."""
    if value <= 0 or value >= 10000:
        return str(value)
    digits = "零一二三四五六七八九"
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = []
    zero_pending = False
    started = False
    for unit_value, unit_name in units:
        digit = (value // unit_value) % 10
        if digit == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if not (digit == 1 and unit_value == 10 and not started):
            out.append(digits[digit])
        out.append(unit_name)
        started = True
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

# Event kinds in history lines, tested in this order (first match wins).
EVENT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("repealed", ("废止",)),
    ("amended", ("修正案", "修正", "修改")),
    ("revised", ("修订",)),
    ("effective", ("施行", "生效")),
    ("promulgated", ("公布", "发布", "印发", "颁布")),
    ("approved", ("批准", "审议批准")),
    ("adopted", ("通过",)),
)


@dataclass(frozen=True)
class HistoryEvent:
    date: dt.date
    kind: str  # adopted, approved, promulgated, amended, revised, effective, repealed, other
    text: str

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "kind": self.kind, "text": self.text}


@dataclass
class Node:
    """One block of the structure, in document order.

    kind: ``part`` (编), ``subpart`` (分编), ``chapter`` (章), ``section`` (节), ``heading``
    (an unnumbered heading such as 附则 or 附件一), ``article`` (条) or ``paragraph`` (text outside
    any article; in documents without articles, ``一、`` numbered blocks).
    """

    kind: str
    label: str  # 第十二条, 第一章, 一、 or "" for a plain paragraph
    title: str  # heading title (总则); "" for articles and paragraphs
    anchor: str
    text: str = ""  # articles and paragraphs: paragraphs joined by "\n" (label not included)
    path: str = ""  # headings enclosing this node: "第一编 总则 / 第二章 犯罪"
    number: int | None = None  # 12 for 第十二条
    sub_number: int | None = None  # 1 for 第十二条之一
    line: int = 0  # 1-based line in the source

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n") if p] if self.text else []

    @property
    def heading(self) -> str:
        """Label and title as displayed: 第一章 总则."""
        return " ".join(part for part in (self.label, self.title) if part)

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS


@dataclass
class ParsedDocument:
    title: str
    subtitle: str = ""
    history: list[HistoryEvent] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "article"]

    @property
    def article_count(self) -> int:
        return sum(1 for n in self.nodes if n.kind == "article")

    @property
    def has_articles(self) -> bool:
        return any(n.kind == "article" for n in self.nodes)

    def article(self, label: str) -> Node | None:
        return next((n for n in self.nodes if n.kind == "article" and n.label == label), None)


HEADING_KINDS = ("part", "subpart", "chapter", "section", "heading")
_HEADING_RANK = {"part": 0, "subpart": 1, "chapter": 2, "section": 3}
_HEADING_UNITS = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}
_ANCHOR_PREFIX = {"part": "part", "subpart": "sub", "chapter": "ch", "section": "sec"}

# --------------------------------------------------------------------------------------------
# Regular expressions
# --------------------------------------------------------------------------------------------

_SPACE = r"[ \t\u3000\u00a0]"
_NUM = f"[{NUMERAL_CHARS}]+"
ARTICLE_RE = re.compile(rf"^第(?P<num>{_NUM})条(?:之(?P<sub>{_NUM}))?(?:{_SPACE}+(?P<rest>.*)|$)")
HEADING_LABEL_RE = re.compile(
    rf"^第(?P<num>{_NUM})(?P<unit>分编|编|章|节)(?:{_SPACE}*(?P<title>.*))?$"
)
MD_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t\u3000]+(?P<text>.*?))?[ \t\u3000#]*$")
NUMBERED_BLOCK_RE = re.compile(r"^(?P<num>[一二三四五六七八九十百零〇两]+)、(?P<rest>.*)$")
DATE_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
LINE_DATE_RE = re.compile(r"^[（(]?" + DATE_RE.pattern)
INFO_END_RE = re.compile(r"^<!--\s*INFO\s+END\s*-->$", re.IGNORECASE)
HTML_COMMENT_RE = re.compile(r"^<!--.*-->$")
HR_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
FILENAME_RE = re.compile(r"^(?P<stem>.+?)\s*[(（](?P<date>[^()（）]*)[)）]\s*$")
FILENAME_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_CJK_GAP_RE = re.compile(rf"(?<={_CJK})[ \t\u3000]+(?={_CJK})")
_MULTISPACE_RE = re.compile(r"[ \t\u3000\u00a0]+")

MAX_LINE_LENGTH = 100_000


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a file's bytes as UTF-8 (with or without BOM) or raise a clear :class:`ParseError`."""
    if not data or not data.strip():
        raise ParseError("empty", "the file is empty")
    if b"\x00" in data[:8192]:
        raise ParseError("binary", "the file contains binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise ParseError(
                "encoding", f"the file is not valid UTF-8 text (byte {exc.start})"
            ) from None
        raise ParseError(
            "encoding",
            "the file is not UTF-8: it looks like GBK/GB18030; convert it to UTF-8",
        ) from None
    controls = sum(
        1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > 8:
        raise ParseError("binary", "the file contains binary data, not text")
    if not text.strip():
        raise ParseError("empty", "the file is empty")
    return text


def normalize_heading_title(text: str) -> str:
    """Collapse white space; drop spaces between Chinese characters (总 则 -> 总则)."""
    text = _CJK_GAP_RE.sub("", text.strip())
    return _MULTISPACE_RE.sub(" ", text).strip()


def clean_line(line: str) -> str:
    return line.strip(" \t\u3000\u00a0\ufeff\u200b")


def parse_filename(name: str | PurePath) -> tuple[str, dt.date | None]:
    """``监察法(2024-12-25).md`` -> ("监察法", date(2024, 12, 25)); no date -> (stem, None)."""
    stem = PurePath(name).stem if not isinstance(name, PurePath) else name.stem
    match = FILENAME_RE.match(stem)
    if not match:
        return stem.strip(), None
    raw = match.group("date").strip()
    date_match = FILENAME_DATE_RE.match(raw)
    if not date_match:
        if re.search(r"\d{4}", raw):
            raise ParseError("filename_date", f"invalid version date in the file name: {raw!r}")
        return stem.strip(), None  # a parenthesis that is not a date: part of the name
    try:
        date = dt.date(*(int(g) for g in date_match.groups()))
    except ValueError:
        raise ParseError(
            "filename_date", f"invalid version date in the file name: {raw!r}"
        ) from None
    return match.group("stem").strip(), date


def event_kind(text: str) -> str:
    for kind, words in EVENT_KINDS:
        if any(word in text for word in words):
            return kind
    return "other"


def _strip_unbalanced(text: str) -> str:
    """Drop a stray closing or opening bracket left from '(2018年…通过 2024年…修订)'."""
    text = text.strip(" \t\u3000")
    for opening, closing in (("（", "）"), ("(", ")")):
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1].rstrip(" \t\u3000")
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:].lstrip(" \t\u3000")
    return text


def _split_events(line: str) -> list[tuple[dt.date | None, str, str]]:
    """Split a header line into (date, event text, raw) chunks, one per date found.

    A date preceded by 自/于/至 (…自2005年5月1日起施行) belongs to the event text, not a new event.
    """
    starts = []
    for match in DATE_RE.finditer(line):
        before = line[: match.start()].rstrip(" \t\u3000（(")
        if match.start() == 0 or not before or before[-1] not in "自于至起到和、":
            starts.append(match)
    chunks: list[tuple[dt.date | None, str, str]] = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(line)
        raw = line[match.start() : end]
        text = _strip_unbalanced(line[match.end() : end])
        try:
            date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:
            date = None
        chunks.append((date, text, raw))
    return chunks


# --------------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------------


def _parse_history(
    lines: list[tuple[int, str]], title: str, warnings: list[str]
) -> list[HistoryEvent]:
    events: list[HistoryEvent] = []
    squeezed_title = re.sub(r"\s", "", title)
    pending_fragment = ""
    for number, line in lines:
        if not line or HTML_COMMENT_RE.match(line):
            continue
        if LINE_DATE_RE.match(line):
            for date, text, raw in _split_events(_strip_unbalanced(line)):
                if date is None:
                    warnings.append(f"line {number}: invalid date in history: {raw.strip()}")
                    continue
                events.append(HistoryEvent(date=date, kind=event_kind(text), text=text))
            pending_fragment = ""
            continue
        squeezed = re.sub(r"\s", "", line.lstrip("#").strip())
        candidate = pending_fragment + squeezed
        if squeezed and candidate and candidate in squeezed_title:
            # The title repeated over broken lines: 中华人民共和国各级人民代表大会 / 常务委员会…
            pending_fragment = "" if candidate == squeezed_title else candidate
            continue
        pending_fragment = ""
        if events:
            # An event that continues on the next line.
            last = events[-1]
            text = _strip_unbalanced(last.text + line.strip())
            events[-1] = HistoryEvent(date=last.date, kind=event_kind(text), text=text)
        else:
            warnings.append(f"line {number}: header line that is not a dated event: {line}")
    return events


# --------------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------------


def parse_document(text: str, *, require_title: bool = True) -> ParsedDocument:
    """Parse a whole document (header and body).

    With ``require_title=False`` (text pasted in the admin), a text that does not start with a
    ``# title`` line is parsed as a body only and the returned title is "".
    """
    if "\x00" in text:
        raise ParseError("binary", "the text contains binary data")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    raw_lines = text.split("\n")
    lines = [(index + 1, clean_line(line)) for index, line in enumerate(raw_lines)]
    for number, line in lines:
        if len(line) > MAX_LINE_LENGTH:
            raise ParseError(
                "line_too_long", "a line is too long for a regulation text", line=number
            )
    if not any(line for _, line in lines):
        raise ParseError("empty", "the file is empty")

    warnings: list[str] = []
    position = 0
    while position < len(lines) and not lines[position][1]:
        position += 1

    title = ""
    subtitle_parts: list[str] = []
    first = MD_HEADING_RE.match(lines[position][1])
    if first and len(first.group("hashes")) == 1 and (first.group("text") or "").strip():
        title = normalize_title(first.group("text"))
        position += 1
        # Further level-1 headings before any other content: the subtitle.
        while position < len(lines):
            line = lines[position][1]
            if not line:
                position += 1
                continue
            match = MD_HEADING_RE.match(line)
            if match and len(match.group("hashes")) == 1 and (match.group("text") or "").strip():
                subtitle_parts.append(normalize_title(match.group("text")))
                position += 1
                continue
            break
    elif require_title:
        raise ParseError(
            "no_title",
            "the document has no title: the first line must be '# Title'",
            line=lines[position][0],
        )

    # Header: up to the INFO END marker if there is one, else the dated lines after the title.
    header: list[tuple[int, str]] = []
    marker = next((i for i in range(position, len(lines)) if INFO_END_RE.match(lines[i][1])), None)
    if title and marker is not None:
        header = lines[position:marker]
        position = marker + 1
    elif title:
        while position < len(lines):
            line = lines[position][1]
            if line and not LINE_DATE_RE.match(line):
                break
            header.append(lines[position])
            position += 1
    elif marker is not None:
        position = marker + 1

    history = _parse_history(header, title, warnings) if title else []
    nodes = parse_body(lines[position:], warnings=warnings, title=title)
    if title and not nodes:
        warnings.append("the document has no body text")
    return ParsedDocument(
        title=title,
        subtitle=" ".join(subtitle_parts),
        history=history,
        nodes=nodes,
        warnings=warnings,
    )


def normalize_title(text: str) -> str:
    return _MULTISPACE_RE.sub(" ", _CJK_GAP_RE.sub("", text.strip())).strip()


def parse_body(
    lines: list[tuple[int, str]] | list[str],
    *,
    warnings: list[str] | None = None,
    title: str = "",
) -> list[Node]:
    """Parse body lines (numbered tuples or plain strings) into a list of :class:`Node`."""
    if warnings is None:
        warnings = []
    numbered: list[tuple[int, str]] = [
        item if isinstance(item, tuple) else (index + 1, clean_line(item))
        for index, item in enumerate(lines)
    ]
    has_articles = any(ARTICLE_RE.match(line) for _, line in numbered)
    builder = _BodyBuilder(has_articles=has_articles, warnings=warnings, title=title)
    for number, line in numbered:
        builder.feed(number, line)
    return builder.finish()


class _BodyBuilder:
    def __init__(self, *, has_articles: bool, warnings: list[str], title: str = "") -> None:
        self.has_articles = has_articles
        self.title_key = re.sub(r"\s", "", title)
        self.last_heading: Node | None = None
        self.warnings = warnings
        self.nodes: list[Node] = []
        self.stack: list[Node] = []  # enclosing numbered headings
        self.current: Node | None = None  # article or numbered block receiving paragraphs
        self.current_lines: list[str] = []
        self.anchors: set[str] = set()
        self.level_kinds: dict[int, str] = {}  # markdown depth -> heading kind seen there
        self.paragraph_count = 0
        self.heading_count = 0

    # -- helpers ------------------------------------------------------------------------------

    def _unique(self, anchor: str) -> str:
        candidate = anchor
        counter = 2
        while candidate in self.anchors:
            candidate = f"{anchor}-{counter}"
            counter += 1
        self.anchors.add(candidate)
        return candidate

    def _path(self) -> str:
        return " / ".join(node.heading for node in self.stack)

    def _flush(self) -> None:
        if self.current is not None:
            self.current.text = "\n".join(self.current_lines)
            self.current = None
            self.current_lines = []

    def _heading_anchor(self, kind: str, number: int) -> str:
        prefix = [
            f"{_ANCHOR_PREFIX[node.kind]}-{node.number}"
            for node in self.stack
            if node.number is not None and _HEADING_RANK[node.kind] < _HEADING_RANK[kind]
        ]
        return "-".join([*prefix, f"{_ANCHOR_PREFIX[kind]}-{number}"])

    # -- lines --------------------------------------------------------------------------------

    def feed(self, number: int, line: str) -> None:
        if not line or HTML_COMMENT_RE.match(line) or HR_RE.match(line):
            return
        md = MD_HEADING_RE.match(line)
        if md:
            text = (md.group("text") or "").strip()
            if text:
                self._heading(number, text, depth=len(md.group("hashes")))
            return
        label_match = HEADING_LABEL_RE.match(line)
        if label_match and self._looks_like_bare_heading(label_match):
            self._heading(number, line, depth=None)
            return
        article = ARTICLE_RE.match(line)
        if article:
            self._article(number, article)
            return
        if not self.has_articles:
            block = NUMBERED_BLOCK_RE.match(line)
            if block:
                self._numbered_block(number, line, block)
                return
        if self.current is not None:
            self.current_lines.append(line)
            return
        if self._continues_heading(line):
            heading = self.last_heading
            heading.title = normalize_heading_title(heading.title + line)
            self.last_heading = None
            return
        self.last_heading = None
        if not self.nodes and self.title_key and re.sub(r"\s", "", line) == self.title_key:
            return  # the title repeated at the top of the body
        self.paragraph_count += 1
        self.nodes.append(
            Node(
                kind="paragraph",
                label="",
                title="",
                anchor=self._unique(f"p-{self.paragraph_count}"),
                text=line,
                path=self._path(),
                line=number,
            )
        )

    def _continues_heading(self, line: str) -> bool:
        """A heading broken over two lines: '## 第二章 听取和审议人民政府、人民法院和' + '人民…'."""
        return (
            self.last_heading is not None
            and self.has_articles
            and len(line) <= 40
            and not re.search(r"[。；;：:！？]", line)
        )

    @staticmethod
    def _looks_like_bare_heading(match: re.Match) -> bool:
        """第一章 总则 on a line of its own, without '#': short and not a sentence."""
        title = (match.group("title") or "").strip()
        return len(title) <= 40 and not re.search(r"[。；;，,：:]", title)

    def _heading(self, number: int, text: str, *, depth: int | None) -> None:
        self._flush()
        text = normalize_heading_title(text) if not HEADING_LABEL_RE.match(text) else text
        match = HEADING_LABEL_RE.match(text)
        if match:
            kind = _HEADING_UNITS[match.group("unit")]
            try:
                value = cn_to_int(match.group("num"))
            except ValueError:
                value = None
            label = f"第{match.group('num')}{match.group('unit')}"
            title = normalize_heading_title(match.group("title") or "")
            if depth is not None:
                self.level_kinds.setdefault(depth, kind)
        else:
            kind = self.level_kinds.get(depth or 0, "heading")
            value = None
            label = ""
            title = normalize_heading_title(text)
        rank = _HEADING_RANK.get(kind)
        if rank is not None:
            while self.stack and _HEADING_RANK[self.stack[-1].kind] >= rank:
                self.stack.pop()
        else:  # an unnumbered heading at an unknown level closes every open heading
            self.stack.clear()
        if value is not None:
            anchor = self._heading_anchor(kind, value)
        else:
            self.heading_count += 1
            anchor = f"h-{self.heading_count}"
        node = Node(
            kind=kind if value is not None else "heading",
            label=label,
            title=title,
            anchor=self._unique(anchor),
            path=self._path(),
            number=value,
            line=number,
        )
        self.nodes.append(node)
        self.last_heading = node if value is not None else None
        if rank is not None:
            # Unnumbered headings at a known level (## 附则 among chapters) also enclose articles.
            self.stack.append(_StackEntry(node, kind))

    def _article(self, number: int, match: re.Match) -> None:
        self._flush()
        self.last_heading = None
        try:
            value = cn_to_int(match.group("num"))
            sub = cn_to_int(match.group("sub")) if match.group("sub") else None
        except ValueError:
            value, sub = None, None
        label = f"第{match.group('num')}条" + (
            f"之{match.group('sub')}" if match.group("sub") else ""
        )
        anchor = f"art-{value}" + (f"-{sub}" if sub else "") if value is not None else "art"
        node = Node(
            kind="article",
            label=label,
            title="",
            anchor=self._unique(anchor),
            path=self._path(),
            number=value,
            sub_number=sub,
            line=number,
        )
        self.nodes.append(node)
        self.current = node
        rest = (match.group("rest") or "").strip(" \t\u3000")
        self.current_lines = [rest] if rest else []

    def _numbered_block(self, number: int, line: str, match: re.Match) -> None:
        self._flush()
        self.last_heading = None
        try:
            value = cn_to_int(match.group("num"))
        except ValueError:
            value = None
        node = Node(
            kind="paragraph",
            label=f"{match.group('num')}、",
            title="",
            anchor=self._unique(f"s-{value}" if value is not None else "s"),
            path=self._path(),
            number=value,
            line=number,
        )
        self.nodes.append(node)
        self.current = node
        rest = match.group("rest").strip(" \t\u3000")
        self.current_lines = [rest] if rest else []

    def finish(self) -> list[Node]:
        self._flush()
        return self.nodes


class _StackEntry:
    """A heading on the path stack; ``kind`` is its level even when the heading is unnumbered."""

    __slots__ = ("kind", "node")

    def __init__(self, node: Node, kind: str) -> None:
        self.node = node
        self.kind = kind

    @property
    def heading(self) -> str:
        return self.node.heading

    @property
    def number(self) -> int | None:
        return self.node.number


def article_sort_key(number: int | None, sub_number: int | None) -> tuple[int, int]:
    return (number or 0, sub_number or 0)


def article_key(node: Node) -> str:
    """The key that identifies an article across versions: the label (第十二条之一)."""
    return node.label


__all__ = [
    "HistoryEvent",
    "Node",
    "ParseError",
    "ParsedDocument",
    "article_key",
    "cn_to_int",
    "decode_text",
    "event_kind",
    "int_to_cn",
    "parse_body",
    "parse_document",
    "parse_filename",
]
