"""Article-by-article comparison of two versions of a regulation (pure Python).

Articles are aligned on their text, not their numbers, so an article that was renumbered because
another was inserted before it is reported as unchanged (or changed), not as removed and added.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

SIMILARITY = 0.5  # below this, two articles are unrelated
LOOKAHEAD = 8  # how far ahead to look for the counterpart of an article
# An article that keeps its number and most of its old text (e.g. one that gained paragraphs)
# is a changed article even when the texts differ too much in length for SIMILARITY.
SAME_LABEL_OVERLAP = 0.6


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    text: str


@dataclass
class Change:
    kind: str  # unchanged, changed, added, removed
    old: Item | None
    new: Item | None
    old_html: SafeString | str = ""
    new_html: SafeString | str = ""

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.label != self.new.label)

    @property
    def anchor(self) -> str:
        return (self.new or self.old).key


def _normalise(text: str) -> str:
    return "".join(text.split())


def similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def overlap(a: str, b: str) -> float:
    """Share of the shorter text that also appears, in order, in the longer one."""
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / min(len(a), len(b))


def _same_label_match(item: Item, new: Sequence[Item], start: int) -> int | None:
    for k in range(start, min(len(new), start + LOOKAHEAD)):
        if item.label and new[k].label == item.label:
            text = _normalise(item.text)
            if overlap(text, _normalise(new[k].text)) >= SAME_LABEL_OVERLAP:
                return k
            return None
    return None


def mark_changes(old: str, new: str) -> tuple[SafeString, SafeString]:
    """HTML of both texts with deleted characters in <del> and inserted ones in <ins>."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    old_out: list[str] = []
    new_out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = escape(old[i1:i2]), escape(new[j1:j2])
        if tag == "equal":
            old_out.append(a)
            new_out.append(b)
            continue
        if a:
            old_out.append(f"<del>{a}</del>")
        if b:
            new_out.append(f"<ins>{b}</ins>")
    as_html = lambda parts: mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: E731
    return as_html(old_out), as_html(new_out)


def _pair_block(old: Sequence[Item], new: Sequence[Item]) -> list[Change]:
    changes: list[Change] = []
    j = 0
    for item in old:
        best, best_score = None, 0.0
        for k in range(j, min(len(new), j + LOOKAHEAD)):
            score = similarity(_normalise(item.text), _normalise(new[k].text))
            if score > best_score:
                best, best_score = k, score
        if best is None or best_score < SIMILARITY:
            best = _same_label_match(item, new, j)
            if best is None:
                changes.append(Change("removed", item, None))
                continue
        changes.extend(Change("added", None, added) for added in new[j:best])
        old_html, new_html = mark_changes(item.text, new[best].text)
        changes.append(Change("changed", item, new[best], old_html, new_html))
        j = best + 1
    changes.extend(Change("added", None, added) for added in new[j:])
    return changes


def compare(old: Sequence[Item], new: Sequence[Item]) -> list[Change]:
    """Align two article lists; every article of both appears exactly once in the result."""
    matcher = difflib.SequenceMatcher(
        None, [_normalise(i.text) for i in old], [_normalise(i.text) for i in new], autojunk=False
    )
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(
                Change("unchanged", a, b, escape(a.text), escape(b.text))
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            )
        elif tag == "delete":
            changes.extend(Change("removed", a, None) for a in old[i1:i2])
        elif tag == "insert":
            changes.extend(Change("added", None, b) for b in new[j1:j2])
        else:
            changes.extend(_pair_block(old[i1:i2], new[j1:j2]))
    return changes


def summary(changes: Sequence[Change]) -> dict[str, int]:
    counts = {"unchanged": 0, "changed": 0, "added": 0, "removed": 0, "renumbered": 0}
    for change in changes:
        counts[change.kind] += 1
        if change.renumbered:
            counts["renumbered"] += 1
    return counts
