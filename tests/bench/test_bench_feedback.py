"""Feedback speed figures (issue 5): report submissions per second through the full stack
(middleware, CSRF, CAPTCHA, form validation, receipt hashing, database, template) and receipt
look-up latency with the production receipt hash (PBKDF2-SHA256, 200,000 rounds)."""

import time

import pytest
from django.test import Client, override_settings

from feedback import captcha, services
from tests.bench.conftest import measure, report

pytestmark = pytest.mark.django_db


def _submit(client: Client) -> None:
    client.get("/feedback/report/")
    pending = client.session[captcha.SESSION_KEY]
    challenge = list(pending)[-1]
    response = client.post(
        "/feedback/report/",
        {
            "category": "work",
            "description": "基准测试：窗口工作人员吃拿卡要。",
            "captcha_id": challenge,
            "captcha_answer": str(pending[challenge]["a"]),
            "website": "",
        },
    )
    assert response.status_code == 200 and "receipt_code" in response.context


@override_settings(FEEDBACK_RATE_LIMITS={"submit": (10**6, 3600), "receipt": (10**6, 600)})
def test_bench_submissions_and_receipt_lookup(home_page):
    client = Client()
    for _ in range(3):
        _submit(client)
    runs = 100
    start = time.perf_counter()
    for _ in range(runs):
        _submit(client)
    elapsed = time.perf_counter() - start
    print()
    print(
        f"{'report submission (GET form + POST)':<44} {runs / elapsed:7.1f} submissions/s"
        f"   ({elapsed / runs * 1000:.1f} ms each, n={runs})"
    )

    code = services.report_submit(category="other", description="x").receipt_code
    lookup = Client()
    report(
        "receipt look-up (POST, right code)",
        measure(lambda: lookup.post("/feedback/receipt/", {"code": code}), runs=50),
    )
    wrong = "0" * 20
    report(
        "receipt look-up (POST, wrong code)",
        measure(lambda: lookup.post("/feedback/receipt/", {"code": wrong}), runs=50),
    )
    report(
        "service report_find_by_receipt",
        measure(lambda: services.report_find_by_receipt(code=code), runs=50),
    )
