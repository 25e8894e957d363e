"""`make bench`: regulations import throughput and render time of 刑法 (not run by CI)."""

import statistics
import time

import pytest

from regulations.models import RegulationLibraryPage, RegulationPage
from regulations.services import CORPUS_DIR, import_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    page = RegulationLibraryPage(title="法规制度库", slug="regulations")
    home_page.add_child(instance=page)
    return page


def test_import_corpus_and_render_criminal_law(
    library, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # End to end: what runs after the commit (the search app indexing every article) counts.
    from search.segmentation import get_tokenizer

    get_tokenizer()  # the dictionary load is a one-off per process, not per import
    library.get_url()  # so is the URL resolver's first population (a running server has it)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = import_paths(paths=[CORPUS_DIR], library=library)
    imported = time.perf_counter()
    for callback in callbacks:
        callback()
    after_commit = time.perf_counter() - imported
    seconds = time.perf_counter() - started
    assert report.ok and report.documents == 40
    print(
        f"\nimport: {report.documents} documents, {report.articles} articles, "
        f"{report.bytes / 1e6:.2f} MB in {seconds:.2f} s = "
        f"{report.documents / seconds:.1f} documents/s, "
        f"{report.articles / seconds:.0f} articles/s, "
        f"{report.bytes / 1e6 / seconds:.2f} MB/s "
        f"(regulations {imported - started:.2f} s, after commit {after_commit:.2f} s)"
        f"{'  OK' if seconds <= 2 else '  OVER TARGET (2 s)'}"
    )
    url = RegulationPage.objects.get(title="中华人民共和国刑法").get_url()
    client.get(url)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        with django_assert_max_num_queries(16):
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(
        f"render 刑法 (505 articles): p50 {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )
