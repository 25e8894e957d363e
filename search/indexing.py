"""Writes to the index: (re)index pages, remove pages, rebuild everything.

All writes go to the embedded index; when Elasticsearch is configured the same documents are
sent there too (see :mod:`search.backends`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from search import registry
from search.models import (
    AUDIENCE_GROUPS,
    AUDIENCE_LOGIN,
    AUDIENCE_PUBLIC,
    SearchEntry,
    SearchPosting,
)
from search.segmentation import index_terms, title_terms

logger = logging.getLogger(__name__)

# BM25 parameters; the document length is normalised against a fixed average so that weights
# can be computed once, at indexing time.
K1 = 1.2
B = 0.75
AVG_LENGTH = 120.0
TITLE_BOOST = 6.0
TITLE_EXTRA_BOOST = 2.0


def term_weights(doc: registry.IndexDocument) -> tuple[dict[str, float], int]:
    """BM25 tf weights of one document, title fields boosted: (weights, length)."""
    body = index_terms(doc.text)
    length = len(body)
    norm = K1 * (1 - B + B * max(length, 1) / AVG_LENGTH)
    k1_plus_1 = K1 + 1
    weights = {term: tf * k1_plus_1 / (tf + norm) for term, tf in Counter(body).items()}
    title = doc.title if doc.title_terms is None else doc.title_terms
    for text, boost in ((title, TITLE_BOOST), (doc.title_extra, TITLE_EXTRA_BOOST)):
        for term, tf in Counter(title_terms(text)).items():
            weights[term] = weights.get(term, 0.0) + boost * tf * k1_plus_1 / (tf + K1)
    return weights, length


class AudienceResolver:
    """Who may see a page: public, logged-in users or some groups (Wagtail view restrictions)."""

    def __init__(self):
        from wagtail.models import PageViewRestriction

        self.restrictions = [
            (r.page.path, r.restriction_type, [g.pk for g in r.groups.all()])
            for r in PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        ]

    def audience(self, page) -> tuple[str, str]:
        audience, groups = AUDIENCE_PUBLIC, set()
        for path, kind, group_ids in self.restrictions:
            if not page.path.startswith(path):
                continue
            if kind == "groups":
                audience = AUDIENCE_GROUPS
                groups.update(group_ids)
            elif kind in ("login", "password") and audience == AUDIENCE_PUBLIC:
                # Password-protected pages are shown to logged-in staff only.
                audience = AUDIENCE_LOGIN
        ids = ",".join(str(g) for g in sorted(groups))
        return audience, f",{ids}," if ids else ""


# The columns written for an entry, in this order (see _entry_row).
ENTRY_COLUMNS = (
    "key",
    "page_id",
    "source",
    "type",
    "title",
    "url",
    "text",
    "date",
    "category",
    "tier",
    "status",
    "audience",
    "group_ids",
    "group_title",
    "version_date",
    "article",
    "position",
    "length",
)


def _entry_row(doc: registry.IndexDocument, source: registry.SearchSource, audience, length):
    """One entry as a row of ENTRY_COLUMNS: no model instance (thousands per import)."""
    if doc.login_only and audience[0] == AUDIENCE_PUBLIC:
        audience = (AUDIENCE_LOGIN, "")
    return (
        doc.key[:100],
        doc.page_id,
        source.name,
        doc.type,
        doc.title[:500],
        doc.url[:500],
        doc.text,
        doc.date,
        doc.category[:100],
        doc.tier[:40],
        doc.status[:40],
        audience[0],
        audience[1][:200],
        doc.group_title[:500],
        doc.version_date,
        doc.article[:60],
        doc.position,
        length,
    )


def _insert_entries(rows: list[tuple]) -> list[int]:
    """Insert entry rows with one prepared statement; returns their primary keys in order.

    Django's bulk_create compiles SQL for every row (a third of the indexing time for a corpus
    import); a plain executemany does not. The ids are then read back by the unique key.
    """
    fields = [SearchEntry._meta.get_field(name) for name in ENTRY_COLUMNS]
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    # Only dates need converting for the database (the rest are str and int already).
    date_columns = [i for i, f in enumerate(fields) if f.get_internal_type() == "DateField"]
    if date_columns:
        adapt = connection.ops.adapt_datefield_value
        prepared = []
        for row in rows:
            row = list(row)
            for i in date_columns:
                row[i] = adapt(row[i])
            prepared.append(row)
    else:
        prepared = rows
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 2000):
            cursor.executemany(sql, prepared[start : start + 2000])
    keys = [row[0] for row in rows]
    pk_by_key = {}
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        pk_by_key.update(SearchEntry.objects.filter(key__in=chunk).values_list("key", "pk"))
    return [pk_by_key[key] for key in keys]


def _write(items: list[tuple[tuple, dict[str, float]]]) -> None:
    if not items:
        return
    entry_ids = _insert_entries([row for row, _weights in items])
    rows = [
        (entry_id, term, round(weight, 4))
        for entry_id, (_row, weights) in zip(entry_ids, items, strict=True)
        for term, weight in weights.items()
    ]
    table = connection.ops.quote_name(SearchPosting._meta.db_table)
    sql = f"INSERT INTO {table} (entry_id, term, weight) VALUES (%s, %s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def documents_for(page, source, resolver) -> list[tuple[tuple, dict[str, float]]]:
    audience = resolver.audience(page)
    items = []
    for doc in source.documents(page):
        weights, length = term_weights(doc)
        items.append((_entry_row(doc, source, audience, length), weights))
    return items


def _delete_pages(page_ids: Iterable[int]) -> None:
    page_ids = list(page_ids)
    if not page_ids:
        return
    entry_ids = SearchEntry.objects.filter(page_id__in=page_ids).values("pk")
    SearchPosting.objects.filter(entry_id__in=entry_ids)._raw_delete(SearchPosting.objects.db)
    SearchEntry.objects.filter(page_id__in=page_ids)._raw_delete(SearchEntry.objects.db)


def index_pages(*, page_ids: Iterable[int]) -> int:
    """(Re)index these pages (and nothing else): live pages of a registered type are written,
    everything else is removed. Returns the number of documents written."""
    from wagtail.models import Page

    page_ids = sorted(set(page_ids))
    if not page_ids:
        return 0
    resolver = AudienceResolver()
    items = []
    pages = Page.objects.filter(pk__in=page_ids).specific()
    for page in pages:
        source = registry.source_for_page(page)
        if source is None or not page.live or page.expired:
            continue
        items.extend(documents_for(page, source, resolver))
    with transaction.atomic():
        _delete_pages(page_ids)
        _write(items)
    _mirror(page_ids=page_ids)
    return len(items)


def remove_pages(*, page_ids: Iterable[int]) -> None:
    page_ids = list(page_ids)
    with transaction.atomic():
        _delete_pages(page_ids)
    _mirror(page_ids=page_ids)


def _mirror(*, page_ids) -> None:
    """Send the same change to Elasticsearch when it is the configured backend."""
    from search.backends import elasticsearch_enabled

    if not elasticsearch_enabled():
        return
    from search.backends.elasticsearch import sync_pages

    try:
        sync_pages(page_ids=page_ids)
    except Exception as exc:
        logger.warning("Elasticsearch could not be updated (%s): %s", type(exc).__name__, exc)


def rebuild(*, progress: Callable[[int, int], None] | None = None) -> dict:
    """Drop and rebuild the whole embedded index. ``progress(done, total)`` is called per page."""
    pages = list(registry.iter_all_pages())
    total = len(pages)
    resolver = AudienceResolver()
    documents = 0
    with transaction.atomic():
        SearchPosting.objects.all()._raw_delete(SearchPosting.objects.db)
        SearchEntry.objects.all()._raw_delete(SearchEntry.objects.db)
        batch: list = []
        for done, (source, page) in enumerate(pages, start=1):
            if not page.expired:
                batch.extend(documents_for(page, source, resolver))
            if len(batch) >= 500:
                _write(batch)
                documents += len(batch)
                batch = []
            if progress:
                progress(done, total)
        _write(batch)
        documents += len(batch)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchPosting._meta.db_table}")
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return {"pages": total, "documents": documents}


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))
