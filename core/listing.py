"""Parsing of listing query parameters and pagination, shared by every listing page.

Listings accept ``?page=``, ``?tag=``, ``?year=`` and optional choice filters
(e.g. ``?kind=video``). Malformed values never raise: a bad page number falls
back to the first page (or the last one when it is too large), a bad year or an
over-long tag is ignored and reported in ``notices`` so the template can say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

MAX_TAG_LENGTH = 100  # taggit's Tag.name max_length
MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_PARAM_LENGTH = 30  # page numbers and years are short; anything longer is garbage


def parse_page_number(raw: str | None) -> int:
    """Return a page number >= 1 from a raw query value; 1 for anything malformed."""
    if not raw:
        return 1
    raw = raw.strip()
    if len(raw) > MAX_PARAM_LENGTH:
        # Absurdly long digit strings: treat as "very large" so we land on the last page.
        return 2**31 if raw.isdigit() else 1
    try:
        number = int(raw)
    except ValueError:
        return 1
    return max(number, 1)


def parse_year(raw: str | None) -> tuple[int | None, bool]:
    """Return ``(year, valid)``; an absent value is valid and gives ``None``."""
    if raw is None or raw.strip() == "":
        return None, True
    raw = raw.strip()
    if len(raw) > MAX_PARAM_LENGTH or not raw.isdigit():
        return None, False
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, False
    return year, True


@dataclass(frozen=True)
class ListingFilters:
    """The cleaned filters of one listing request."""

    tag: str = ""
    year: int | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    notices: Sequence[str] = ()

    @property
    def is_active(self) -> bool:
        return bool(self.tag or self.year or any(self.choices.values()))

    def as_params(self, **overrides: object) -> dict[str, str]:
        """The cleaned filters as query parameters, with overrides (``None`` removes)."""
        params: dict[str, str] = {}
        if self.tag:
            params["tag"] = self.tag
        if self.year:
            params["year"] = str(self.year)
        for name, value in self.choices.items():
            if value:
                params[name] = value
        for name, value in overrides.items():
            if value is None or value == "":
                params.pop(name, None)
            else:
                params[name] = str(value)
        return params

    def querystring(self, **overrides: object) -> str:
        """``?tag=...&year=...`` (or ``""``) with the given overrides applied."""
        params = self.as_params(**overrides)
        if params.get("page") == "1":
            params.pop("page")
        return "?" + urlencode(params) if params else ""


def parse_filters(
    query: QueryDict | Mapping[str, str],
    *,
    choice_filters: Mapping[str, Mapping[str, object]] | None = None,
) -> ListingFilters:
    """Clean ``tag``, ``year`` and the given choice filters from a query dict.

    ``choice_filters`` maps a parameter name to its allowed values (value -> label).
    """
    notices: list[str] = []

    tag = (query.get("tag") or "").strip()
    if len(tag) > MAX_TAG_LENGTH:
        notices.append(_("The tag given is too long and was ignored."))
        tag = ""

    year, valid = parse_year(query.get("year"))
    if not valid:
        notices.append(_("The year given is not valid and was ignored."))

    choices: dict[str, str] = {}
    for name, allowed in (choice_filters or {}).items():
        value = (query.get(name) or "").strip()
        if value and value not in allowed:
            notices.append(_("An unknown filter value was ignored."))
            value = ""
        choices[name] = value

    return ListingFilters(tag=tag, year=year, choices=choices, notices=tuple(notices))


def paginate(object_list, *, page: str | int | None, per_page: int) -> Page:
    """Return the requested page, clamped to the first and last page.

    ``object_list`` is a QuerySet or a list. Never raises for a bad page number.
    """
    paginator = Paginator(object_list, per_page, allow_empty_first_page=True)
    number = page if isinstance(page, int) else parse_page_number(page)
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)


def page_range(page: Page, *, on_each_side: int = 2, on_ends: int = 1) -> list[int | str]:
    """Page numbers to show, with the paginator's ellipsis for gaps."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )
