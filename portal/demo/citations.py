"""Turn citation strings of the demo data (《中华人民共和国刑法》第三百八十五条、第三百八十六条)
into references to the regulations library.

A citation names a regulation between 《》 (with or without the 中华人民共和国 prefix, optionally
with a ·subtitle) followed by zero or more article labels (第三十三条, 第33条, 第十二条之一) joined
by 、，和 or 及. Each article found in the *current* version of that regulation becomes one
reference; a regulation found without article labels (《…》第八章 …) becomes a reference to the
regulation with the rest of the text as its note. Whatever cannot be found stays as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from regulations.models import NodeKind, RegulationNode, RegulationPage, make_work_key
from regulations.parser import NUMERAL_CHARS, cn_to_int

STATE_PREFIX = "中华人民共和国"
NOTE_MAX_LENGTH = 200

_CITATION_RE = re.compile(r"《(?P<title>[^《》]+)》(?P<tail>[^《]*)")
_ARTICLE_RE = re.compile(rf"第(?P<num>[{NUMERAL_CHARS}]+)条(?:之(?P<sub>[{NUMERAL_CHARS}]+))?")
_SEPARATORS = "、，,和及与以及 \u3000"


@dataclass
class Reference:
    regulation: RegulationPage
    article: RegulationNode | None = None
    note: str = ""

    def as_block(self) -> dict:
        """Raw StreamField data of one ``RegulationReferenceBlock`` (type "reference")."""
        return {
            "type": "reference",
            "value": {
                "regulation": self.regulation.pk,
                "article": self.article.pk if self.article else None,
                "note": self.note,
            },
        }


@dataclass
class Resolution:
    references: list[Reference] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class _Citation:
    title: str
    subtitle: str
    articles: list[tuple[int, int | None, str]]  # (number, sub-number, label as written)
    rest: str  # what follows the title that is not an article label


def parse_citation(text: str) -> list[_Citation]:
    """The regulations named in ``text``, each with the article labels that follow it."""
    citations = []
    for match in _CITATION_RE.finditer(text):
        title, _sep, subtitle = match["title"].strip().partition("·")
        tail = match["tail"]
        articles = []
        position = 0
        # Article labels must follow the title directly, separated only by 、，和 …
        for article in _ARTICLE_RE.finditer(tail):
            if tail[position : article.start()].strip(_SEPARATORS):
                break
            try:
                number = cn_to_int(article["num"])
                sub = cn_to_int(article["sub"]) if article["sub"] else None
            except ValueError:
                break
            articles.append((number, sub, article.group(0)))
            position = article.end()
        rest = tail[position:].strip(_SEPARATORS + "；;。")
        citations.append(_Citation(title.strip(), subtitle.strip(), articles, rest))
    return citations


def find_current_regulation(title: str, subtitle: str = "") -> RegulationPage | None:
    """The current live version of the regulation called ``title`` (prefix optional)."""
    bare = title.removeprefix(STATE_PREFIX)
    keys = [make_work_key(bare, subtitle), make_work_key(STATE_PREFIX + bare, subtitle)]
    candidates = RegulationPage.objects.live().filter(work_key__in=keys)
    return candidates.order_by("-is_current", "-sort_date", "-pk").first()


def resolve_citation(text: str) -> Resolution:
    """Resolve one citation string against the regulations library (see the module doc)."""
    resolution = Resolution()
    citations = parse_citation(text)
    if not citations:
        resolution.unresolved.append(text)
        return resolution
    for citation in citations:
        shown_title = f"《{citation.title}{'·' + citation.subtitle if citation.subtitle else ''}》"
        regulation = find_current_regulation(citation.title, citation.subtitle)
        if regulation is None:
            labels = "、".join(label for *_n, label in citation.articles)
            extra = f" {citation.rest}" if citation.rest and labels else citation.rest
            resolution.unresolved.append(f"{shown_title}{labels}{extra}")
            continue
        if not citation.articles:
            resolution.references.append(
                Reference(regulation=regulation, note=citation.rest[:NOTE_MAX_LENGTH])
            )
            continue
        nodes = {
            (node.number, node.sub_number): node
            for node in RegulationNode.objects.filter(
                page=regulation,
                kind=NodeKind.ARTICLE,
                number__in={number for number, _sub, _label in citation.articles},
            )
        }
        missing = []
        for number, sub, label in citation.articles:
            node = nodes.get((number, sub))
            if node is None:
                missing.append(label)
            else:
                node.page = regulation
                resolution.references.append(Reference(regulation=regulation, article=node))
        if missing:
            resolution.unresolved.append(f"{shown_title}{'、'.join(missing)}")
        if citation.rest:
            resolution.unresolved.append(f"{shown_title}{citation.rest}")
    return resolution


def resolve_citations(texts: Iterable[str]) -> Resolution:
    """Resolve several citation strings; references keep their order, without duplicates."""
    total = Resolution()
    seen = set()
    for text in texts:
        result = resolve_citation(text)
        for reference in result.references:
            key = (reference.regulation.pk, reference.article.pk if reference.article else None)
            if key not in seen:
                seen.add(key)
                total.references.append(reference)
        total.unresolved.extend(u for u in result.unresolved if u not in total.unresolved)
    return total
