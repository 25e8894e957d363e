"""Render a regulation's structure to HTML in plain Python.

A template loop over 500 articles and their paragraphs is slow; this builds the same markup with
``html.escape`` in a few milliseconds. The markup is styled by static/css/regulations.css.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

ITEM_RE = re.compile(r"^(?:[（(][一二三四五六七八九十百零〇]+[）)]|\d+[.．、]|[①-⑳])")
_HEADING_TAGS = {"part": 2, "subpart": 2, "chapter": 2, "section": 3, "heading": 2}


def _heading_levels(nodes: Sequence) -> dict[str, int]:
    kinds = {node.kind for node in nodes}
    levels = {}
    level = 2
    for kind in ("part", "subpart", "chapter", "section"):
        if kind in kinds:
            levels[kind] = min(level, 4)
            level += 1
    levels["heading"] = levels.get("chapter") or levels.get("part") or 2
    return levels


def render_nodes(nodes: Sequence, *, citation_title: str) -> SafeString:
    cite_label = escape(gettext("Cite"))
    link_label = escape(gettext("Link"))
    levels = _heading_levels(nodes)
    out: list[str] = []
    for node in nodes:
        anchor = escape(node.anchor)
        if node.kind in levels:
            level = levels[node.kind]
            text = escape(" ".join(part for part in (node.label, node.title) if part))
            out.append(
                f'<h{level} class="reg-heading reg-heading--{node.kind}" id="{anchor}">'
                f"{text}</h{level}>"
            )
            continue
        paragraphs = [p for p in node.text.split("\n") if p] if node.text else []
        if node.kind == "article":
            label = escape(node.label)
            cite = escape(f"{citation_title}{node.label}", quote=True)
            out.append(f'<div class="reg-article" id="{anchor}">')
            first = escape(paragraphs[0]) if paragraphs else ""
            out.append(
                f'<p class="reg-para"><a class="reg-article__label" href="#{anchor}">{label}</a>'
                f"{'　' if first else ''}{first}</p>"
            )
            for paragraph in paragraphs[1:]:
                css = "reg-item" if ITEM_RE.match(paragraph) else "reg-para"
                out.append(f'<p class="{css}">{escape(paragraph)}</p>')
            out.append(
                '<div class="reg-article__actions" hidden>'
                f'<button type="button" class="reg-action" data-cite="{cite}">{cite_label}</button>'
                f'<button type="button" class="reg-action" data-link="#{anchor}">'
                f"{link_label}</button>"
                "</div></div>"
            )
            continue
        # Free paragraphs (preamble, appendices, documents without articles).
        if node.label:
            first = escape(paragraphs[0]) if paragraphs else ""
            out.append(f'<div class="reg-block" id="{anchor}">')
            out.append(
                '<p class="reg-para"><strong class="reg-block__label">'
                f"{escape(node.label)}</strong>"
                f"{first}</p>"
            )
            out.extend(f'<p class="reg-para">{escape(p)}</p>' for p in paragraphs[1:])
            out.append("</div>")
        else:
            css = "reg-item" if ITEM_RE.match(node.text) else "reg-para"
            out.append(f'<p class="{css} reg-free" id="{anchor}">{escape(node.text)}</p>')
    return mark_safe("\n".join(out))


def toc(nodes: Sequence) -> list[dict]:
    """Table of contents entries: heading nodes with an indentation level."""
    depth = {"part": 0, "subpart": 1, "chapter": 1, "section": 2, "heading": 1, "article": 0}
    kinds = {node.kind for node in nodes}
    shift = 0 if "part" in kinds else 1
    entries = []
    for node in nodes:
        level = depth.get(node.kind, 0)
        if node.kind != "article":
            level = max(level - shift, 0)
        if node.kind == "heading" and "part" in kinds:
            level = 0
        entries.append(
            {
                "anchor": node.anchor,
                "text": " ".join(part for part in (node.label, node.title) if part),
                "level": level,
                "kind": node.kind,
            }
        )
    return entries
