"""Monthly check-in benchmarks (issue 6).

Targets: ``open_month`` for 10,000 staff ≤ 10 s; the completion matrix of a 500-person
department ≤ 150 ms, with a query count that does not grow with the department's size.
"""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from learning import services
from learning.models import Checkin
from portal.demo.organisation import generate_staff
from tests.bench.conftest import measure, report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF = 10_000
BIG = 500


def test_open_month_and_matrix(home_page):
    units = generate_staff(STAFF, big_department=BIG)
    month = dt.date.today().replace(day=1)

    start = time.perf_counter()
    result = services.open_month(month=month)
    seconds = time.perf_counter() - start
    assert result.created == STAFF
    verdict = "OK" if seconds <= 10 else "OVER TARGET (≤ 10 s)"
    print(f"\nopen_month for {STAFF} staff: {seconds:.2f} s  {verdict}")
    start = time.perf_counter()
    again = services.open_month(month=month)
    print(f"open_month again (idempotent): {time.perf_counter() - start:.2f} s")
    assert again.created == 0 and Checkin.objects.count() == STAFF

    # half the big department has done some tasks
    big = list(Checkin.objects.filter(department=units[0])[: BIG // 2])
    for checkin in big:
        services.mark_shown(checkin=checkin, task="duties")
        services.confirm_reading(checkin=checkin, task="duties")

    head = UserFactory(username="bench-head")
    units[0].heads.add(head)
    client = Client()
    client.force_login(head)
    url = f"/staff/supervision/?month={month:%Y-%m}"
    client.get(url)  # warm up (session, site settings, menu cache)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("cell cell--") == BIG * 6

    small_head = UserFactory(username="bench-small-head")
    units[1].heads.add(small_head)
    other = Client()
    other.force_login(small_head)
    other.get(url)
    with CaptureQueriesContext(connection) as small_queries:
        other.get(url)
    print(f"matrix queries: {len(queries)} for {BIG} people, {len(small_queries)} for a small unit")
    assert len(queries) == len(small_queries)

    from learning import selectors
    from learning.models import CheckinMonth

    scope = selectors.supervisor_scope(head)
    checkin_month = CheckinMonth.objects.get(month=month)
    figures = measure(
        lambda: selectors.completion_matrix(month=checkin_month, scope=scope), runs=30, warmup=2
    )
    report(f"completion matrix query only ({BIG} people)", figures)
    figures = measure(lambda: client.get(url), runs=30, warmup=2)
    report(f"completion matrix ({BIG} people)", figures, target_p50=150)
