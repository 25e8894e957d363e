"""200 submissions from parallel clients against a live server (PostgreSQL only)."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections

from feedback import services
from feedback.models import AuditLogEntry, Report

SUBMISSIONS = 200
CLIENTS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite serialises writers",
    ),
]

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAPTCHA_RE = re.compile(r'name="captcha_id" value="([^"]+)"')
CODE_RE = re.compile(r'<p class="fb-receipt__code"[^>]*><code>([0-9A-Z-]+)</code>')


def _submit(base_url: str, n: int) -> str:
    session = requests.Session()
    page = session.get(f"{base_url}/feedback/report/", timeout=60)
    page.raise_for_status()
    token = TOKEN_RE.search(page.text).group(1)
    challenge = CAPTCHA_RE.search(page.text).group(1)
    try:  # read the answer as a person reads the picture; this thread's connection closes after
        store = SessionStore(session_key=session.cookies["sessionid"])
        answer = store.load()["feedback_captcha"][challenge]["a"]
    finally:
        connections.close_all()
    response = session.post(
        f"{base_url}/feedback/report/",
        data={
            "csrfmiddlewaretoken": token,
            "category": "work",
            "description": f"并发提交第{n}号",
            "captcha_id": challenge,
            "captcha_answer": str(answer),
            "website": "",
        },
        headers={"Referer": f"{base_url}/feedback/report/"},
        timeout=60,
    )
    assert response.status_code == 200, response.status_code
    return CODE_RE.search(response.text).group(1)


def test_200_parallel_submissions(live_server, settings):
    assert connection.vendor == "postgresql"
    settings.FEEDBACK_RATE_LIMITS = {"submit": (10_000, 3600)}
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        codes = list(pool.map(lambda n: _submit(live_server.url, n), range(SUBMISSIONS)))
    assert len(set(codes)) == SUBMISSIONS
    assert Report.objects.count() == SUBMISSIONS
    assert Report.objects.values("reference").distinct().count() == SUBMISSIONS
    assert AuditLogEntry.objects.filter(action="created").count() == SUBMISSIONS
    descriptions = set(Report.objects.values_list("description", flat=True))
    assert descriptions == {f"并发提交第{n}号" for n in range(SUBMISSIONS)}
    for code in codes[:: SUBMISSIONS // 20]:
        assert services.report_find_by_receipt(code=code) is not None
