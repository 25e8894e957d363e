"""The embedded backend: the inverted index in search_searchentry / search_searchposting.

A query costs three SQL statements whatever it matches: document frequencies of its terms, the
ranked match list (postings grouped per entry, joined to the entry's facet columns), and the
rows of the page being shown. Facets, filters, sorting and paging happen on the match list.
"""

from __future__ import annotations

import heapq
from collections import Counter

from django.db import connection

from search.backends.base import Hit, SearchResults, Viewer
from search.highlight import mark, snippet
from search.indexing import idf
from search.models import AUDIENCE_GROUPS, SearchEntry, SearchPosting
from search.query import FACETS, SearchParams
from search.suggest import suggest

MAX_MATCHES = 50_000


def _like_operator() -> str:
    return "ILIKE" if connection.vendor == "postgresql" else "LIKE"


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class DatabaseBackend:
    name = "database"

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """df of each term and the number of entries (one statement)."""
        postings = connection.ops.quote_name(SearchPosting._meta.db_table)
        entries = connection.ops.quote_name(SearchEntry._meta.db_table)
        placeholders = ", ".join(["%s"] * len(terms))
        sql = (
            f"SELECT term, COUNT(*) FROM {postings} WHERE term IN ({placeholders}) GROUP BY term "
            f"UNION ALL SELECT '', COUNT(*) FROM {entries}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, terms)
            rows = cursor.fetchall()
        df = {term: count for term, count in rows if term}
        total = next((count for term, count in rows if term == ""), 0)
        return df, total

    def matches(self, params: SearchParams, viewer: Viewer, df: dict, n: int) -> list[tuple]:
        """(id, score, type, category, tier, status, date) of every visible match."""
        query = params.query
        groups = [[t for t in group if df.get(t)] for group in query.groups]
        if not all(groups):
            return []
        postings = connection.ops.quote_name(SearchPosting._meta.db_table)
        entries = connection.ops.quote_name(SearchEntry._meta.db_table)
        terms = [t for group in groups for t in group]
        weight_case = " ".join("WHEN %s THEN %s" for _ in terms)
        args: list = []
        for term in terms:
            args.extend([term, idf(df[term], n)])
        having = ""
        if len(groups) > 1:
            group_case = " ".join("WHEN %s THEN %s" for _ in terms)
            having = f"HAVING COUNT(DISTINCT CASE term {group_case} END) = %s"
        inner = (
            f"SELECT entry_id, SUM(weight * CASE term {weight_case} ELSE 0 END) AS score "
            f"FROM {postings} WHERE term IN ({', '.join(['%s'] * len(terms))}) "
            f"GROUP BY entry_id {having}"
        )
        args.extend(terms)
        if having:
            for index, group in enumerate(groups):
                for term in group:
                    args.extend([term, index])
            args.append(len(groups))
        where, where_args = self._conditions(params, viewer)
        sql = (
            # CAST: the date as text, without the per-row conversion the SQLite driver applies
            # to DATE columns (ISO strings sort and slice like dates).
            f"SELECT e.id, m.score, e.type, e.category, e.tier, e.status, CAST(e.date AS TEXT) "
            f"FROM ({inner}) m JOIN {entries} e ON e.id = m.entry_id {where} LIMIT {MAX_MATCHES}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, args + where_args)
            return cursor.fetchall()

    def _conditions(self, params: SearchParams, viewer: Viewer) -> tuple[str, list]:
        like = _like_operator()
        clauses, args = [], []
        audiences = viewer.audiences()
        visible = f"e.audience IN ({', '.join(['%s'] * len(audiences))})"
        args.extend(audiences)
        if viewer.authenticated and not viewer.superuser and viewer.group_ids:
            ors = " OR ".join("e.group_ids LIKE %s" for _ in viewer.group_ids)
            visible = f"({visible} OR (e.audience = %s AND ({ors})))"
            args.append(AUDIENCE_GROUPS)
            args.extend(f"%,{gid},%" for gid in viewer.group_ids)
        clauses.append(visible)
        for phrase in params.query.phrases:
            clauses.append(f"(e.title {like} %s ESCAPE '\\' OR e.text {like} %s ESCAPE '\\')")
            args.extend([_like_pattern(phrase)] * 2)
        for word in params.query.excluded:
            clauses.append(f"NOT (e.title {like} %s ESCAPE '\\' OR e.text {like} %s ESCAPE '\\')")
            args.extend([_like_pattern(word)] * 2)
        return "WHERE " + " AND ".join(clauses), args

    def search(self, params: SearchParams, *, viewer: Viewer | None = None) -> SearchResults:
        viewer = viewer or Viewer()
        terms = sorted({t for group in params.query.groups for t in group})
        df, n = self.document_frequencies(terms)
        rows = self.matches(params, viewer, df, n)
        facets, selected = facet_and_filter(rows, params.filters)
        start = (params.page - 1) * params.page_size
        page_rows = top(selected, sort=params.sort, end=start + params.page_size)[start:]
        hits = self.load_hits(page_rows, params.query.highlight_words)
        suggestions = []
        if not selected:
            suggestions = suggest(params.query, df=df)
        return SearchResults(total=len(selected), hits=hits, facets=facets, suggestions=suggestions)

    def load_hits(self, rows: list[tuple], words: list[str]) -> list[Hit]:
        if not rows:
            return []
        by_id = SearchEntry.objects.in_bulk([row[0] for row in rows])
        hits = []
        for row in rows:
            entry = by_id.get(row[0])
            if entry is None:
                continue
            hits.append(hit_from_entry(entry, score=row[1], words=words))
        return hits


def hit_from_entry(entry: SearchEntry, *, score: float, words: list[str]) -> Hit:
    return Hit(
        id=entry.pk,
        type=entry.type,
        title=entry.title,
        title_html=mark(entry.title, words),
        url=entry.url,
        snippet=snippet(entry.text or entry.title, words),
        score=round(float(score), 4),
        date=entry.date,
        category=entry.category,
        tier=entry.tier,
        status=entry.status,
        group_title=entry.group_title,
        version_date=entry.version_date,
        article=entry.article,
        page_id=entry.page_id,
    )


def _date_key(row):
    return (row[6] or "", row[1], -row[0])


def _score_key(row):
    return (row[1], -row[0])


def top(rows: list[tuple], *, sort: str, end: int) -> list[tuple]:
    """The first ``end`` rows in order (relevance: score, then index order; date: newest)."""
    key = _date_key if sort == "date" else _score_key
    if end * 4 < len(rows):
        return heapq.nlargest(end, rows, key=key)
    return sorted(rows, key=key, reverse=True)[:end]


def _year(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value[:4]
    return str(value.year)


def facet_and_filter(rows: list[tuple], filters: dict[str, str]):
    """Facet counts (each facet ignores its own filter) and the rows that pass every filter."""
    # row: (id, score, type, category, tier, status, date)
    if not filters:
        counters = [
            Counter(r[2] for r in rows),
            Counter(r[3] for r in rows),
            Counter(r[4] for r in rows),
            Counter(r[5] for r in rows),
            Counter(_year(r[6]) for r in rows),
        ]
        return _facets([{k: v for k, v in c.items() if k} for c in counters]), list(rows)
    keyed = [(row, (row[2], row[3], row[4], row[5], _year(row[6]))) for row in rows]
    active = [(FACETS.index(name), value) for name, value in filters.items()]
    counts: list[dict[str, int]] = [{} for _ in FACETS]
    selected = []
    for row, values in keyed:
        failed = [i for i, value in active if values[i] != value]
        if not failed:
            selected.append(row)
            for i, value in enumerate(values):
                if value:
                    counts[i][value] = counts[i].get(value, 0) + 1
        elif len(failed) == 1:
            i = failed[0]
            value = values[i]
            if value:
                counts[i][value] = counts[i].get(value, 0) + 1
    return _facets(counts), selected


def _facets(counts: list[dict[str, int]]) -> dict:
    facets = {}
    for i, name in enumerate(FACETS):
        items = counts[i].items()
        if name == "year":
            ordered = sorted(items, key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(items, key=lambda kv: (-kv[1], kv[0]))
        facets[name] = ordered
    return facets
