"""Snippets with the matched words wrapped in <mark> (HTML-escaped, safe to render)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape

SNIPPET_LENGTH = 140


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern | None:
    words = tuple(w for w in words if w)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)


def mark(text: str, words) -> str:
    """The whole text, escaped, with every occurrence of the words marked."""
    pattern = _pattern(tuple(words))
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, words, *, length: int = SNIPPET_LENGTH) -> str:
    """A window of the text around the first match (or its beginning), marked and escaped."""
    text = " ".join((text or "").split())
    pattern = _pattern(tuple(words))
    start = 0
    if pattern is not None:
        match = pattern.search(text)
        if match:
            start = max(0, match.start() - length // 4)
    end = min(len(text), start + length)
    if end - start < length:
        start = max(0, end - length)
    piece = mark(text[start:end], words)
    if start > 0:
        piece = "…" + piece
    if end < len(text):
        piece += "…"
    return piece
