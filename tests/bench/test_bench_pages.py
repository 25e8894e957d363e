"""Server-side render time of the home page and an article page (issue 2).

Targets: p50 ≤ 25 ms uncached, ≤ 3 ms with the anonymous page cache.
"""

import pytest
from django.test import Client, override_settings

from core.page_cache import HEADER
from tests.bench.conftest import measure, report
from tests.factories import ArticlePageFactory, ColumnIndexPageFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["廉政之窗", "党风政风监督台", "政风行风热线", "勤廉先进典型", "党纪教育", "案例剖析"]


@pytest.fixture
def content(home_page):
    articles = []
    for i, name in enumerate(COLUMNS):
        column = ColumnIndexPageFactory(parent=home_page, title=name, slug=f"col-{i}")
        for j in range(20):
            articles.append(
                ArticlePageFactory(
                    parent=column,
                    title=f"{name}第{j}篇：深化以案促改 筑牢廉洁防线",
                    slug=f"a-{i}-{j}",
                    tags=["廉洁自律", f"标签{j % 5}"],
                )
            )
    return home_page, articles[len(articles) // 2]


def _run(url: str, *, cached: bool) -> dict[str, float]:
    client = Client()
    seconds = 300 if cached else 0
    with override_settings(PAGE_CACHE_SECONDS=seconds):
        first = client.get(url)
        assert first.status_code == 200
        figures = measure(lambda: client.get(url), runs=200)
        if cached:
            assert client.get(url)[HEADER] == "HIT"
    return figures


def test_bench_home_and_article(content):
    home, article = content
    print()
    report("home page, uncached", _run(home.url, cached=False), target_p50=25)
    report("home page, page cache", _run(home.url, cached=True), target_p50=3)
    report("article page, uncached", _run(article.url, cached=False), target_p50=25)
    report("article page, page cache", _run(article.url, cached=True), target_p50=3)
