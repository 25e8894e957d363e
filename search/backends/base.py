"""What every backend returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from search.models import AUDIENCE_GROUPS, AUDIENCE_LOGIN, AUDIENCE_PUBLIC


@dataclass
class Hit:
    id: int
    type: str
    title: str
    url: str
    snippet: str
    score: float
    title_html: str = ""
    date: dt.date | None = None
    category: str = ""
    tier: str = ""
    status: str = ""
    group_title: str = ""
    version_date: dt.date | None = None
    article: str = ""
    page_id: int | None = None


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    backend: str = "database"


@dataclass
class Viewer:
    """Who is searching: decides which audiences are visible."""

    authenticated: bool = False
    superuser: bool = False
    group_ids: tuple[int, ...] = ()

    @classmethod
    def from_user(cls, user) -> Viewer:
        if user is None or not user.is_authenticated:
            return cls()
        return cls(
            authenticated=True,
            superuser=user.is_superuser,
            group_ids=tuple(user.groups.values_list("pk", flat=True)),
        )

    def audiences(self) -> list[str]:
        if self.superuser:
            return [AUDIENCE_PUBLIC, AUDIENCE_LOGIN, AUDIENCE_GROUPS]
        if self.authenticated:
            return [AUDIENCE_PUBLIC, AUDIENCE_LOGIN]
        return [AUDIENCE_PUBLIC]
