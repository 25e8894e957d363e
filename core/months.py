"""Month values: the first day of a month, written YYYY-MM. Shared by the check-in (learning)
and early warning, which both count by month."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class InvalidMonth(ValueError):
    pass


def parse_month(value: str | None) -> dt.date:
    """``"2026-11"`` -> ``date(2026, 11, 1)``; anything else raises InvalidMonth."""
    value = (value or "").strip()
    match = MONTH_RE.match(value)
    if not match:
        raise InvalidMonth(
            _("“%(value)s” is not a month: use YYYY-MM, e.g. 2026-03.") % {"value": value[:20]}
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise InvalidMonth(
            _("“%(value)s” is not a month: the month must be 01 to 12.") % {"value": value}
        )
    if not 2000 <= year <= 2100:
        raise InvalidMonth(
            _("“%(value)s” is out of range: the year must be 2000 to 2100.") % {"value": value}
        )
    return dt.date(year, month, 1)


def month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_of(day: dt.date | dt.datetime) -> dt.date:
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month_index(month) + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month ``month`` falls in."""
    return add_months(month_of(month), 1) - dt.timedelta(days=1)


def deadline_for(month: dt.date, day: int) -> dt.date:
    """The deadline day in ``month``, clamped to the month's last day."""
    return month.replace(day=max(1, min(day, month_end(month).day)))


def month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last`` inclusive."""
    return [add_months(first, i) for i in range(month_index(last) - month_index(first) + 1)]
