"""Parse what a user typed: words, "quoted phrases", -excluded words; validate parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from search.segmentation import normalize, query_terms, read_synonym_file

MAX_QUERY_LENGTH = 100
MAX_TERMS = 12
MAX_PAGE = 1000
SORTS = ("relevance", "date")
FACETS = ("type", "category", "tier", "status", "year")
SYNONYMS_CACHE_KEY = "search:synonyms"

_PHRASE = re.compile(r'["“”「」『』]([^"“”「」『』]*)["“”「」『』]?')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


class QueryError(ValueError):
    """A query or parameter the user must change; ``str(error)`` is a translated message."""


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[str]] = field(default_factory=list)  # each: a term and its synonyms
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # what was typed, without phrases/exclusions

    @property
    def terms(self) -> list[str]:
        return [group[0] for group in self.groups]

    @property
    def highlight_words(self) -> list[str]:
        words = list(self.phrases)
        for group in self.groups:
            words.extend(group)
        return sorted(set(words), key=len, reverse=True)


def synonym_map() -> dict[str, list[str]]:
    """term → the other words of its synonym group(s), cached; editors' groups from the DB."""
    mapping = cache.get(SYNONYMS_CACHE_KEY)
    if mapping is not None:
        return mapping
    from search.models import SynonymGroup
    from search.segmentation import add_words

    groups = [group.word_list for group in SynonymGroup.objects.all()]
    if not groups and not SynonymGroup.objects.exists():
        groups = read_synonym_file()
    mapping: dict[str, list[str]] = {}
    for words in groups:
        add_words(words)
        for word in words:
            others = mapping.setdefault(word, [])
            others.extend(w for w in words if w != word and w not in others)
    cache.set(SYNONYMS_CACHE_KEY, mapping, 600)
    return mapping


def parse(raw: str | None) -> ParsedQuery:
    """Raise :class:`QueryError` with a clear message when there is nothing sensible to search."""
    raw = (raw or "").strip()
    if not raw:
        raise QueryError(_("Enter a word to search for."))
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search is too long: use at most %(n)d characters.") % {"n": MAX_QUERY_LENGTH}
        )
    text = normalize(raw)
    query = ParsedQuery(raw=raw)
    for match in _PHRASE.finditer(text):
        phrase = " ".join(match.group(1).split())
        if phrase and phrase not in query.phrases:
            query.phrases.append(phrase)
    text = _PHRASE.sub(" ", text)
    words = []
    for token in raw_tokens(text):
        if token.startswith("-") and len(token) > 1:
            word = token.lstrip("-")
            if query_terms(word) and word not in query.excluded:
                query.excluded.append(word)
        elif token.upper() not in _OPERATORS:
            words.append(token)
    synonyms = synonym_map()
    seen: set[str] = set()
    for phrase in query.phrases:
        for term in query_terms(phrase):
            if term not in seen:
                seen.add(term)
                query.groups.append([term])
    query.words = words
    for term in query_terms(" ".join(words)):
        if term not in seen:
            seen.add(term)
            query.groups.append([term, *synonyms.get(term, [])])
    if not query.groups:
        if query.excluded:
            raise QueryError(_("Add at least one word to search for besides the excluded words."))
        if len(raw) == 1:
            raise QueryError(_("The search is too short: enter at least two characters."))
        raise QueryError(_("Enter words made of letters, digits or Chinese characters."))
    if len(query.groups) > MAX_TERMS:
        raise QueryError(_("Too many words: use at most %(n)d.") % {"n": MAX_TERMS})
    if len(query.groups) == 1 and len(query.groups[0][0]) == 1 and len(raw.strip('"“” ')) == 1:
        raise QueryError(_("The search is too short: enter at least two characters."))
    return query


def raw_tokens(text: str) -> list[str]:
    return text.split()


@dataclass
class SearchParams:
    query: ParsedQuery
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)


def parse_int(value, *, name: str, low: int, high: int, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise QueryError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= number <= high:
        raise QueryError(
            _("%(name)s must be between %(low)d and %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return number


def parse_params(data, *, strict: bool = True, max_page_size: int = 100) -> SearchParams:
    """Validate GET parameters; ``strict=False`` (HTML page) replaces bad numbers by defaults."""
    from search.registry import TYPE_LABELS

    query = parse(data.get("q"))

    def number(name, low, high, default):
        try:
            return parse_int(data.get(name), name=name, low=low, high=high, default=default)
        except QueryError:
            if strict:
                raise
            return default

    page = number("page", 1, MAX_PAGE, 1)
    page_size = number("page_size", 1, max_page_size, 10)
    sort = data.get("sort") or "relevance"
    if sort not in SORTS:
        if strict:
            raise QueryError(_("sort must be relevance or date."))
        sort = "relevance"
    filters = {}
    for facet in FACETS:
        value = (data.get(facet) or "").strip()
        if not value:
            continue
        if len(value) > 100:
            raise QueryError(_("%(name)s is too long.") % {"name": facet})
        if facet == "type" and value not in TYPE_LABELS:
            raise QueryError(
                _("Unknown type %(value)s: use one of %(types)s.")
                % {"value": value[:30], "types": ", ".join(TYPE_LABELS)}
            )
        if facet == "year":
            value = str(parse_int(value, name="year", low=1000, high=9999, default=0))
        filters[facet] = value
    return SearchParams(query=query, page=page, page_size=page_size, sort=sort, filters=filters)
