import pytest

from feedback.models import AuditLogEntry, Status
from tests.factories import DepartmentRatingFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_factories_and_overdue_marks(department):
    report = ReportFactory(department=department)
    assert report.reference.startswith("JB") and report.status == Status.REGISTERED
    assert AuditLogEntry.objects.filter(report=report).count() == 1
    assert not report.is_overdue and report.is_open
    report.acknowledge_due = report.created_at.replace(year=2000)
    assert report.acknowledge_overdue() and report.is_overdue
    report.status = Status.ACCEPTED
    assert not report.acknowledge_overdue() and not report.conclude_overdue()
    report.status = Status.CONCLUDED
    report.conclude_due = report.acknowledge_due
    assert not report.conclude_overdue()
    rating = DepartmentRatingFactory(department=department)
    assert rating.overall == 4.25 and rating.month.day == 1
