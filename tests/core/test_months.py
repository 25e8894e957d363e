import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from core.months import InvalidMonth, add_months, deadline_for, month_label, parse_month


@pytest.mark.parametrize("value", ["2026-13", "2026-00", "26-01", "2026-1", "abc", "", "1999-05"])
def test_bad_months_are_rejected(value):
    with pytest.raises(InvalidMonth):
        parse_month(value)


def test_month_helpers():
    assert parse_month("2026-03") == dt.date(2026, 3, 1)
    assert month_label(dt.date(2026, 3, 1)) == "2026-03"
    assert add_months(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert deadline_for(dt.date(2026, 2, 1), 31) == dt.date(2026, 2, 28)
    assert deadline_for(dt.date(2026, 11, 1), 25) == dt.date(2026, 11, 25)


@pytest.mark.django_db
def test_open_month_command_rejects_a_bad_month():
    with pytest.raises(CommandError, match="01 至 12"):
        call_command("open_month", "2026-13")
