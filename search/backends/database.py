"""The embedded backend: the inverted index in search_searchentry / search_searchposting.

A query costs three SQL statements whatever it matches: document frequencies of its terms; one
statement that groups the postings per entry (idf applied), joins the entries' facet columns and
returns the facet-value combinations with their counts plus the ranked page of (id, score); and
the rows of the page being shown.
"""

from __future__ import annotations

from django.db import connection

from search.backends.base import Hit, SearchResults, Viewer
from search.highlight import mark, snippet
from search.indexing import idf
from search.models import AUDIENCE_GROUPS, SearchEntry, SearchPosting
from search.query import FACETS, SearchParams
from search.suggest import suggest


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

    def matches(self, params: SearchParams, viewer: Viewer, df: dict, n: int):
        """(facet combinations with their counts, (id, score) of the page's hits)."""
        query = params.query
        groups = [[t for t in group if df.get(t)] for group in query.groups]
        if not all(groups):
            return [], []
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
        filters, filter_args = [], []
        for name, value in params.filters.items():
            filters.append(f"{name} = %s")  # a name from FACETS, never user text
            filter_args.append(value)
        filter_sql = ("WHERE " + " AND ".join(filters)) if filters else ""
        order = "score DESC, id"
        if params.sort == "date":
            order = "(d IS NULL), d DESC, " + order
        offset = (params.page - 1) * params.page_size
        # One statement: the matches are computed once (materialised), then summarised per
        # facet-value combination (a few dozen rows, whatever the number of matches) and ranked
        # for the page being shown. CAST: the date as text, without the per-row conversion the
        # SQLite driver applies to DATE columns.
        nulls = ", ".join(["CAST(NULL AS TEXT)"] * 5)
        sql = (
            f"WITH hits AS MATERIALIZED ("
            f"SELECT e.id AS id, m.score AS score, e.type AS type, e.category AS category, "
            f"e.tier AS tier, e.status AS status, CAST(e.date AS TEXT) AS d, "
            f"substr(CAST(e.date AS TEXT), 1, 4) AS year "
            f"FROM ({inner}) m JOIN {entries} e ON e.id = m.entry_id {where}) "
            f"SELECT 0, CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE PRECISION), "
            f"type, category, tier, status, year, COUNT(*) FROM hits "
            f"GROUP BY type, category, tier, status, year "
            f"UNION ALL SELECT * FROM (SELECT 1, id, score, {nulls}, CAST(NULL AS BIGINT) "
            f"FROM hits {filter_sql} ORDER BY {order} LIMIT %s OFFSET %s) page"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, args + where_args + filter_args + [params.page_size, offset])
            rows = cursor.fetchall()
        combos = [(tuple(v or "" for v in row[3:8]), row[8]) for row in rows if row[0] == 0]
        page = [(row[1], row[2]) for row in rows if row[0] == 1]
        return combos, page

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
        combos, page_rows = self.matches(params, viewer, df, n)
        facets, total = facet_counts(combos, params.filters)
        hits = self.load_hits(page_rows, params.query.highlight_words)
        suggestions = suggest(params.query, df=df) if total == 0 else []
        return SearchResults(total=total, hits=hits, facets=facets, suggestions=suggestions)

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


def facet_counts(combos: list[tuple], filters: dict[str, str]):
    """Facet counts (each facet ignores its own filter) and the total passing every filter,
    from (type, category, tier, status, year) combinations and their counts."""
    active = [(FACETS.index(name), value) for name, value in filters.items()]
    counts: list[dict[str, int]] = [{} for _ in FACETS]
    total = 0
    for values, count in combos:
        failed = [i for i, value in active if values[i] != value]
        if not failed:
            total += count
            for i, value in enumerate(values):
                if value:
                    counts[i][value] = counts[i].get(value, 0) + count
        elif len(failed) == 1:
            i = failed[0]
            if values[i]:
                counts[i][values[i]] = counts[i].get(values[i], 0) + count
    facets = {}
    for i, name in enumerate(FACETS):
        items = counts[i].items()
        if name == "year":
            facets[name] = sorted(items, key=lambda kv: kv[0], reverse=True)
        else:
            facets[name] = sorted(items, key=lambda kv: (-kv[1], kv[0]))
    return facets, total
