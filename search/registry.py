"""What each content app indexes: the apps register sources, search knows none of their models.

A content app adds a ``search_documents.py`` module (discovered at start-up) that calls
:func:`register` with a :class:`SearchSource`. A source names the page models it indexes and turns
one live page into one or more :class:`IndexDocument` (a regulation gives one document for itself
and one per article). Adding courses later means adding ``learning/search_documents.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Result types (the API's ``type`` parameter). Sources may add their own.
TYPE_LABELS = {
    "regulation": _("Regulations"),
    "article": _("Articles"),
    "case": _("Case studies"),
    "course": _("Courses"),
    "book": _("Books"),
    "media": _("Culture hall"),
}


@dataclass
class IndexDocument:
    key: str  # unique in the whole index, e.g. "page:12" or "regulation-article:345"
    page_id: int  # the page whose publish/unpublish/move/delete updates this document
    type: str
    title: str
    url: str
    text: str = ""
    title_extra: str = ""  # indexed with a smaller boost than the title (e.g. the regulation)
    title_terms: str | None = None  # indexed instead of ``title`` when given
    date: dt.date | None = None
    category: str = ""
    tier: str = ""
    status: str = ""
    group_title: str = ""
    version_date: dt.date | None = None
    article: str = ""
    position: int = 0
    # Shown to logged-in users only, even when the page itself has no view restriction (e.g. a
    # course for chosen departments: its page checks the audience, the index cannot).
    login_only: bool = False


@dataclass
class SearchSource:
    """Base class: subclass it in an app's ``search_documents.py`` and :func:`register` it."""

    name: str = ""
    type: str = ""
    models: tuple = ()
    # Display labels for stored facet codes, per facet: {"category": {"law": "法律"}, ...}
    facet_labels: dict = field(default_factory=dict)

    def get_queryset(self):
        """Live pages to index on a full rebuild (specific instances)."""
        querysets = [model.objects.live().specific() for model in self.models]
        for queryset in querysets:
            yield from queryset.iterator(chunk_size=200)

    def documents(self, page) -> Iterable[IndexDocument]:  # pragma: no cover - abstract
        raise NotImplementedError

    def handles(self, page) -> bool:
        return isinstance(page, self.models)

    def dependent_page_ids(self, page) -> Iterable[int]:
        """Other pages whose documents are built from this page's fields (re-indexed when it is
        saved or published), e.g. a course's lessons, which are indexed only while it is open."""
        return ()


_sources: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    _sources[source.name] = source
    TYPE_LABELS.setdefault(source.type, source.type)
    return source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[SearchSource]:
    return list(_sources.values())


def source_for_page(page) -> SearchSource | None:
    for source in _sources.values():
        if source.models and source.handles(page):
            return source
    return None


def indexed_models() -> tuple:
    models: list = []
    for source in _sources.values():
        models.extend(source.models)
    return tuple(models)


def iter_all_pages() -> Iterator[tuple[SearchSource, object]]:
    for source in _sources.values():
        for page in source.get_queryset():
            yield source, page


def facet_label(facet: str, value: str) -> str:
    if facet == "type":
        return str(TYPE_LABELS.get(value, value))
    for source in _sources.values():
        labels = source.facet_labels.get(facet)
        if labels and value in labels:
            return str(labels[value])
    return value
