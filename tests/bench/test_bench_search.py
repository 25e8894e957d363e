"""`make bench`: search over >= 15,000 regulation articles (the corpus imported 6 times under
different titles) plus the demo-sized pages. Prints indexing time, p50/p95 of /api/search/ over
50 mixed queries through the full Django stack, the same queries answered by a naive icontains
scan, and (SQLite) by an FTS5 table over the same pre-segmented text. Not run by CI."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.db.models import Q

from regulations.models import RegulationLibraryPage, RegulationNode
from regulations.services import CORPUS_DIR, import_paths
from search import indexing
from search.models import SearchEntry
from search.segmentation import query_terms, segmented
from tests.bench.conftest import measure, report

pytestmark = pytest.mark.django_db

COPIES = 6
QUERIES = [
    "回避",
    "贿赂",
    "留置",
    "听证",
    "处分",
    "监察",
    "举报",
    "罚款",
    "审计",
    "信访",
    "国家工作人员",
    "监察机关 留置",
    "行政处罚 听证",
    "公务员 回避",
    "受贿",
    "行贿",
    "政务处分",
    "诫勉谈话",
    "责令整改",
    "廉政",
    "纪律处分",
    "利害关系人",
    "财产申报",
    "招标 投标",
    "商业贿赂",
    "合同",
    "统计 数据",
    "会计 账簿",
    "档案",
    "政府信息公开",
    '"国家工作人员"',
    '"依法给予处分"',
    "贿赂 -受贿",
    "监察 -留置",
    "处分 -开除",
    "腐败风险预警",
    "违法所得 没收",
    "举报人 保护",
    "行政复议",
    "赔偿 请求",
    "ISO 9001",
    "2018年",
    "第十二条",
    "贿络",
    "廉正",
    "监查",
    "人民代表大会 常务委员会",
    "公职人员 违法",
    "滥用职权 玩忽职守",
    "情节严重",
]


def _copy_corpus(tmp_path, n: int):
    """The corpus with every title suffixed, so it imports as new documents."""
    folder = tmp_path / f"copy{n}"
    for path in CORPUS_DIR.rglob("*.md"):
        if path.name in ("README.md", "SOURCE.md"):
            continue
        target = folder / path.relative_to(CORPUS_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n", 1)
        if lines[0].startswith("# "):
            text = f"{lines[0]}（汇编{n}）\n{lines[1]}"
        target.write_text(text, encoding="utf-8")
    return folder


def naive_scan(q: str):
    words = [w for w in q.replace('"', " ").split() if not w.startswith("-")]
    excluded = [w[1:] for w in q.split() if w.startswith("-") and len(w) > 1]
    queryset = SearchEntry.objects.filter(audience="public")
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word))
    for word in excluded:
        queryset = queryset.exclude(Q(title__icontains=word) | Q(text__icontains=word))
    return queryset.count(), list(queryset.order_by("-date")[:10])


def test_search_speed(home_page, client, tmp_path):
    library = home_page.add_child(instance=RegulationLibraryPage(title="法规制度库", slug="fg"))
    started = time.perf_counter()
    for n in range(COPIES):
        result = import_paths(paths=[_copy_corpus(tmp_path, n)], library=library)
        assert result.ok, result.failed
    imported = time.perf_counter() - started
    articles = RegulationNode.objects.filter(kind="article").count()
    assert articles >= 15_000

    started = time.perf_counter()
    built = indexing.rebuild()
    index_seconds = time.perf_counter() - started
    postings = connection.cursor()
    postings.execute("SELECT COUNT(*) FROM search_searchposting")
    posting_count = postings.fetchone()[0]
    print(
        f"\ncorpus: {articles} articles (imported in {imported:.1f} s); index: "
        f"{built['documents']} documents, {posting_count} postings in {index_seconds:.1f} s "
        f"({built['documents'] / index_seconds:.0f} documents/s) on {connection.vendor}"
    )

    for q in QUERIES:  # warm caches (synonyms, the spelling vocabulary)
        assert client.get("/api/search/", {"q": q}).status_code == 200
    totals = {q: client.get("/api/search/", {"q": q}).json()["total"] for q in QUERIES}

    rounds = 5
    samples = []
    for _ in range(rounds):
        for q in QUERIES:
            samples.append(
                measure(lambda q=q: client.get("/api/search/", {"q": q}), runs=1, warmup=0)
            )
    api = _merge(samples)
    report("/api/search/ (50 queries x 5, full stack)", api)
    per_query = {q: [] for q in QUERIES}
    for i, sample in enumerate(samples):
        per_query[QUERIES[i % len(QUERIES)]].append(sample["p50"])
    slowest = sorted(per_query.items(), key=lambda kv: -max(kv[1]))[:6]
    print(
        "slowest: "
        + ", ".join(f"{q} {min(t):.1f}/{max(t):.1f} ms ({totals[q]} hits)" for q, t in slowest)
    )

    scan = _merge([measure(lambda q=q: naive_scan(q), runs=1, warmup=0) for q in QUERIES])
    report("naive icontains scan (count + top 10)", scan)
    print(
        f"speed-up over the scan: p50 {scan['p50'] / api['p50']:.1f}x, "
        f"p95 {scan['p95'] / api['p95']:.1f}x  (target: p95 <= 30 ms, >= 10x)"
    )
    zero = [q for q, total in totals.items() if total == 0]
    print(f"queries without results: {zero}")

    if connection.vendor == "sqlite":
        _fts5_comparison()


def _merge(samples):
    import statistics

    from tests.bench.conftest import percentile

    values = [s["p50"] for s in samples]
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
        "runs": len(values),
    }


def _fts5_comparison():
    """The alternative design: SQLite FTS5 (what Wagtail's database backend uses on SQLite) over
    the same pre-segmented text, ranked by bm25, with the facet columns joined."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE bench_fts USING fts5(title, body, tokenize='unicode61')"
        )
        started = time.perf_counter()
        rows = [
            (entry.pk, segmented(entry.title), segmented(entry.text))
            for entry in SearchEntry.objects.only("title", "text").iterator(chunk_size=2000)
        ]
        cursor.executemany("INSERT INTO bench_fts(rowid, title, body) VALUES (%s, %s, %s)", rows)
        seconds = time.perf_counter() - started

    def fts(q):
        terms = query_terms(q.replace("-", " "))
        if not terms:
            return
        match = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, e.type, e.category, e.status, e.date, bm25(bench_fts, 6.0, 1.0) "
                "FROM bench_fts JOIN search_searchentry e ON e.id = bench_fts.rowid "
                "WHERE bench_fts MATCH %s",
                [match],
            )
            cursor.fetchall()

    figures = _merge([measure(lambda q=q: fts(q), runs=1, warmup=1) for q in QUERIES])
    print(f"FTS5 table over segmented text built in {seconds:.1f} s")
    report("FTS5 MATCH + facet columns (SQL only)", figures)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_fts")
