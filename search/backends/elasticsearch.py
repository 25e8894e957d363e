"""The scale-out backend: Elasticsearch 8 through elasticsearch-dsl (``elasticsearch.dsl``).

Text is segmented by jieba in Python (the same segmenter as the embedded backend) and sent
pre-segmented; the mapping only uses analyzers built into a stock Elasticsearch: ``whitespace``
(+ lowercase) for matching, and ``cjk`` on the raw text for highlighting. When Elasticsearch is
unreachable at query time the search falls back to the embedded backend and logs a warning.
"""

from __future__ import annotations

import logging

from django.conf import settings
from elasticsearch.dsl import (
    A,
    Date,
    Document,
    Float,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
)

from search.backends.base import Hit, SearchResults, Viewer
from search.highlight import mark, snippet
from search.query import FACETS, SearchParams
from search.segmentation import query_terms, segmented

logger = logging.getLogger(__name__)

INDEX_NAME = getattr(settings, "ELASTICSEARCH_INDEX", "portal-search")
TIMEOUT = 3

# Built-in pieces only: the whitespace tokenizer over jieba's output, and cjk for highlighting.
segmented_text = analyzer("segmented", tokenizer="whitespace", filter=["lowercase"])


class SearchDocument(Document):
    key = Keyword()
    page_id = Integer()
    type = Keyword()
    title = Text(analyzer="cjk", fields={"raw": Keyword(ignore_above=500)})
    title_seg = Text(analyzer=segmented_text)
    title_extra_seg = Text(analyzer=segmented_text)
    text = Text(analyzer="cjk", term_vector="with_positions_offsets")
    text_seg = Text(analyzer=segmented_text)
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    category = Keyword()
    tier = Keyword()
    status = Keyword()
    audience = Keyword()
    group_ids = Keyword()
    group_title = Keyword()
    version_date = Date()
    article = Keyword()
    position = Integer()
    boost = Float()

    class Index:
        name = INDEX_NAME
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=TIMEOUT)


def to_source(entry) -> dict:
    """An embedded index entry as an Elasticsearch document body."""
    title_terms = entry.title
    return {
        "_id": entry.key,
        "key": entry.key,
        "page_id": entry.page_id,
        "type": entry.type,
        "title": entry.title,
        "title_seg": segmented(title_terms),
        "title_extra_seg": segmented(entry.group_title if entry.article else ""),
        "text": entry.text,
        "text_seg": segmented(entry.text),
        "url": entry.url,
        "date": entry.date.isoformat() if entry.date else None,
        "year": entry.date.year if entry.date else None,
        "category": entry.category,
        "tier": entry.tier,
        "status": entry.status,
        "audience": entry.audience,
        "group_ids": [g for g in entry.group_ids.split(",") if g],
        "group_title": entry.group_title,
        "version_date": entry.version_date.isoformat() if entry.version_date else None,
        "article": entry.article,
        "position": entry.position,
    }


def _actions(entries):
    for entry in entries:
        body = to_source(entry)
        doc_id = body.pop("_id")
        yield {"_op_type": "index", "_index": INDEX_NAME, "_id": doc_id, "_source": body}


def rebuild_index(*, progress=None) -> int:
    """Recreate the Elasticsearch index from the embedded index (bulk requests)."""
    from elasticsearch.helpers import bulk

    from search.models import SearchEntry

    es = client()
    SearchDocument._index.delete(using=es, ignore_unavailable=True)
    SearchDocument.init(using=es)
    total = SearchEntry.objects.count()
    done = 0
    batch = []
    for entry in SearchEntry.objects.order_by("pk").iterator(chunk_size=500):
        batch.append(entry)
        if len(batch) == 500:
            bulk(es, _actions(batch))
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        bulk(es, _actions(batch))
        done += len(batch)
    if progress:
        progress(done, total or 1)
    es.indices.refresh(index=INDEX_NAME)
    return done


def sync_pages(*, page_ids) -> None:
    """Mirror the embedded index's entries of these pages (delete, then bulk index)."""
    from elasticsearch.helpers import bulk

    from search.models import SearchEntry

    es = client()
    es.delete_by_query(
        index=INDEX_NAME, query={"terms": {"page_id": list(page_ids)}}, conflicts="proceed"
    )
    bulk(es, _actions(SearchEntry.objects.filter(page_id__in=page_ids)))


# ------------------------------------------------------------------------------------------------
# Query building (pure functions: tested as data)


def visibility_filter(viewer: Viewer):
    visible = Q("terms", audience=viewer.audiences())
    if viewer.authenticated and not viewer.superuser and viewer.group_ids:
        visible |= Q("term", audience="groups") & Q(
            "terms", group_ids=[str(g) for g in viewer.group_ids]
        )
    return visible


def term_query(term: str):
    return Q(
        "multi_match",
        query=term,
        fields=["title_seg^6", "title_extra_seg^2", "text_seg"],
        type="most_fields",
    )


def filter_query(facet: str, value: str):
    if facet == "year":
        return Q("term", year=int(value))
    return Q("term", **{facet: value})


def build_search(params: SearchParams, viewer: Viewer) -> Search:
    query = params.query
    must = []
    for group in query.groups:
        alternatives = [term_query(term) for term in group]
        must.append(alternatives[0] if len(alternatives) == 1 else Q("bool", should=alternatives))
    for phrase in query.phrases:
        must.append(
            Q(
                "multi_match",
                query=" ".join(query_terms(phrase)),
                type="phrase",
                fields=["title_seg", "text_seg"],
            )
        )
    must_not = [
        Q(
            "multi_match",
            query=" ".join(query_terms(word)),
            type="phrase",
            fields=["title_seg", "text_seg"],
        )
        for word in query.excluded
    ]
    search = Search(index=INDEX_NAME).query(
        Q("bool", must=must, must_not=must_not, filter=[visibility_filter(viewer)])
    )
    filters = {name: filter_query(name, value) for name, value in params.filters.items()}
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for facet in FACETS:
        others = [q for name, q in filters.items() if name != facet]
        field = facet
        terms = A("terms", field=field, size=50)
        if facet == "year":
            terms = A("terms", field="year", size=50, order={"_key": "desc"})
        agg = (
            A("filter", filter=Q("bool", filter=others))
            if others
            else A("filter", filter=Q("match_all"))
        )
        agg.bucket("values", terms)
        search.aggs.bucket(facet, agg)
    if params.sort == "date":
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    else:
        search = search.sort("_score", {"position": {"order": "asc"}})
    words = query.highlight_words
    search = search.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        fragment_size=140,
        number_of_fragments=1,
        encoder="html",
    ).highlight(
        "text",
        highlight_query=Q("bool", should=[Q("match_phrase", text=w) for w in words]).to_dict(),
        no_match_size=140,
    )
    start = (params.page - 1) * params.page_size
    return search.extra(track_total_hits=True)[start : start + params.page_size]


def parse_response(response, params: SearchParams) -> SearchResults:
    words = params.query.highlight_words
    hits = []
    for item in response.hits:
        fragments = getattr(getattr(item.meta, "highlight", None), "text", None)
        text = getattr(item, "text", "") or ""
        date = _date(getattr(item, "date", None))
        hits.append(
            Hit(
                id=0,
                type=item.type,
                title=item.title,
                title_html=mark(item.title, words),
                url=item.url,
                snippet=fragments[0] if fragments else snippet(text or item.title, words),
                score=round(float(item.meta.score or 0), 4),
                date=date,
                category=getattr(item, "category", ""),
                tier=getattr(item, "tier", ""),
                status=getattr(item, "status", ""),
                group_title=getattr(item, "group_title", ""),
                version_date=_date(getattr(item, "version_date", None)),
                article=getattr(item, "article", "") or "",
                page_id=getattr(item, "page_id", None),
            )
        )
    facets = {}
    aggs = getattr(response, "aggregations", None)
    for facet in FACETS:
        buckets = []
        if aggs is not None and facet in aggs:
            buckets = [
                (str(b.key), b.doc_count) for b in aggs[facet]["values"].buckets if b.key != ""
            ]
        facets[facet] = buckets
    total = response.hits.total.value if hasattr(response.hits.total, "value") else 0
    return SearchResults(total=total, hits=hits, facets=facets, backend="elasticsearch")


def _date(value):
    import datetime as dt

    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, *, url: str, fallback):
        self.url = url
        self.fallback = fallback

    def search(self, params: SearchParams, *, viewer: Viewer | None = None) -> SearchResults:
        from elasticsearch import ApiError, TransportError

        viewer = viewer or Viewer()
        try:
            response = build_search(params, viewer).using(client()).execute()
        except (TransportError, ApiError, ConnectionError, OSError) as exc:
            logger.warning(
                "Elasticsearch at %s is unavailable (%s); using the embedded index.",
                self.url,
                type(exc).__name__,
            )
            return self.fallback.search(params, viewer=viewer)
        results = parse_response(response, params)
        if results.total == 0:
            fallback = self.fallback.search(params, viewer=viewer)
            results.suggestions = fallback.suggestions
        return results
