"""Early warning at scale (issue 7): 10,000 staff with twelve months of signals (about 100,000)
evaluated in ≤ 10 s; the inspectors' dashboard for that data in ≤ 300 ms with a constant
number of queries."""

import datetime as dt
import random
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from early_warning import services
from early_warning.models import Level, Measure, Signal
from early_warning.months import add_months, month_label, month_of
from organization.models import Department, StaffProfile
from tests.bench.conftest import measure, report

pytestmark = pytest.mark.django_db

STAFF = 10_000
DEPARTMENTS = 60
SIGNALS = 100_000
# the month just ended: its automatic reminders go out (older months are back-filled quietly)
LAST = add_months(month_of(dt.date.today()), -1)
KINDS = [
    ("learning", "task_overdue", 2, 45),
    ("learning", "task_late", 1, 35),
    ("learning", "selfcheck_admission", 2, 12),
    ("learning", "selfcheck_admission", 3, 4),
    ("inspector", "audit_finding", 2, 3),
    ("feedback", "report_substantiated", 3, 1),
]


@pytest.fixture
def population(db):
    rng = random.Random(7)
    departments = Department.objects.bulk_create(
        Department(name=f"基准部门{i:02d}", sort_order=i) for i in range(DEPARTMENTS)
    )
    users = User.objects.bulk_create(
        User(username=f"bench{i:05d}", last_name="王", first_name=f"{i:05d}") for i in range(STAFF)
    )
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    StaffProfile.objects.bulk_create(
        StaffProfile(user=user, department=departments[i % DEPARTMENTS], is_monitored=True)
        for i, user in enumerate(users)
    )
    weights = [k[3] for k in KINDS]
    months = [add_months(LAST, -i) for i in range(12)]
    signals = []
    for n in range(SIGNALS):
        index = rng.randrange(STAFF)
        source, kind, severity, _w = rng.choices(KINDS, weights)[0]
        month = rng.choice(months)
        signals.append(
            Signal(
                source=source,
                kind=kind,
                user_id=users[index].pk,
                department_id=departments[index % DEPARTMENTS].pk,
                month=month,
                severity=severity,
                reference=f"bench:{n}",
            )
        )
    Signal.objects.bulk_create(signals, batch_size=5000)
    return users, departments


def test_bench_evaluate_and_dashboard(population, django_assert_max_num_queries):
    print()
    start = time.perf_counter()
    results = [services.evaluate_month(month=add_months(LAST, -i)) for i in reversed(range(12))]
    first_run = time.perf_counter() - start
    levels = Level.objects.count()
    reminders = Measure.objects.count()
    verdict = "  OK" if first_run <= 10 else "  OVER TARGET (≤ 10 s)"
    print(
        f"evaluate 12 months, {STAFF} staff, {SIGNALS} signals: {first_run:6.2f} s "
        f"({levels} levels, {reminders} reminders){verdict}"
    )
    assert results[-1].staff, "some staff must be above green"
    assert first_run <= 10
    start = time.perf_counter()
    again = services.evaluate_month(month=LAST)
    rerun = time.perf_counter() - start
    print(f"re-evaluate the last month (nothing changes): {rerun:6.2f} s")
    assert (again.created, again.updated, again.deleted, again.reminders) == (0, 0, 0, 0)

    inspector = User.objects.create_superuser("bench-inspector", "i@example.cn", "x")
    client = Client()
    client.force_login(inspector)
    url = f"/warnings/?end={month_label(LAST)}&months=12"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20) as queries:
        assert client.get(url).status_code == 200
    count = len(queries)  # read now: every request clears the connection's query log
    assert count >= 8  # the dashboard's own queries were counted
    figures = measure(lambda: client.get(url), runs=20, warmup=2)
    report(f"dashboard ({count} queries)", figures, target_p50=300)
    assert figures["p50"] <= 300
