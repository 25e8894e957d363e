"""Plain data shapes for the demo content, independent of the page models.

Bodies are tuples of neutral blocks that builder.py maps to the StreamField blocks:

    ("p", "paragraph text")
    ("h", "heading text")
    ("quote", "quoted text", "attribution")
    ("table", "caption", ["header", ...], [["cell", ...], ...])
    ("image", "image key", "caption")

Dates are given as days before the day the demo is loaded, so the demo always looks current.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Block = tuple


@dataclass(frozen=True)
class DemoImage:
    key: str  # file name without extension in portal/demo/images/
    title: str
    alt: str


@dataclass(frozen=True)
class Column:
    slug: str
    title: str
    intro: str


@dataclass(frozen=True)
class Article:
    column: str  # Column.slug
    slug: str
    title: str
    days_ago: int
    source: str
    author: str
    tags: tuple[str, ...]
    body: tuple[Block, ...]
    summary: str = ""
    image: str = ""  # DemoImage.key or ""


@dataclass(frozen=True)
class CaseStudy:
    slug: str
    title: str
    days_ago: int
    violation_type: str
    rank_category: str
    dispositions: tuple[str, ...]  # among DISPOSITIONS in cases.py
    summary: str
    facts: tuple[Block, ...]
    lessons: tuple[Block, ...]
    regulations: tuple[str, ...]
    tags: tuple[str, ...] = ()
    image: str = ""


@dataclass(frozen=True)
class Chapter:
    title: str
    text: str


@dataclass(frozen=True)
class Book:
    slug: str
    title: str
    author: str
    publisher: str
    year: int
    kind: str  # "book" or "reading"
    summary: str
    chapters: tuple[Chapter, ...]
    tags: tuple[str, ...] = ()
    image: str = ""
    days_ago: int = 30


@dataclass(frozen=True)
class MediaItem:
    slug: str
    title: str
    media_type: str  # one of MEDIA_TYPES in culture.py
    description: tuple[Block, ...]
    duration: str  # e.g. "08:30"
    credits: str
    days_ago: int
    embed_url: str = ""  # a plain link (never fetched by the demo); see culture.py
    tags: tuple[str, ...] = ()
    image: str = ""


@dataclass(frozen=True)
class LiveClass:
    slug: str
    title: str
    speaker: str
    venue: str
    days_from_now: int  # negative: in the past
    start_hour: int
    start_minute: int
    duration_minutes: int
    description: tuple[Block, ...]
    live_url: str = ""
    replay_url: str = ""
    replay_note: str = ""  # a past class: a line about the replay, appended to the description
    image: str = ""


@dataclass(frozen=True)
class QuickEntry:
    title: str
    description: str
    target: str  # a demo section key (see site.SECTIONS) or an absolute path like "/feedback/"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    last_name: str
    first_name: str
    email: str
    group: str | None  # a core.roles group name; None for the superuser
    is_superuser: bool = False
    department: str = ""  # attached to organization departments in a later issue
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    slug: str
    title: str
    intro: str
    extra: dict = field(default_factory=dict)
