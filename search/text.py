"""Plain text out of rich text and StreamField values, for indexing."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|td|th|blockquote)>|<br\s*/?>", re.I)


def html_to_text(value) -> str:
    if not value:
        return ""
    text = _BLOCK_END.sub("\n", str(value))
    return html.unescape(strip_tags(text)).strip()


def _walk(value, out: list[str]) -> None:
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        if value.startswith(("http://", "https://", "/")) and " " not in value:
            return  # URLs are not text
        out.append(html_to_text(value) if "<" in value else value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("type", "id", "level", "image", "document", "alt_text") and not isinstance(
                item, dict | list
            ):
                continue
            _walk(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, out)


def stream_text(stream) -> str:
    """The words of a StreamField (its raw JSON data: no rendering, no extra queries)."""
    raw = getattr(stream, "raw_data", stream)
    out: list[str] = []
    _walk(list(raw) if raw is not None else [], out)
    return "\n".join(part for part in out if part and part.strip())


def join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)
