"""The shared listing helper in core.listing: parameters never raise."""

import pytest
from django.http import QueryDict

from core.listing import paginate, parse_filters, parse_page_number, parse_year


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 4 ", 4),
        ("abc", 1),
        ("-1", 1),
        ("0", 1),
        ("1e3", 1),
        ("9" * 40, 2**31),
        ("9" * 5000, 2**31),
        ("-" + "9" * 5000, 1),
    ],
)
def test_parse_page_number(raw, expected):
    assert parse_page_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, (None, True)),
        ("", (None, True)),
        ("2026", (2026, True)),
        ("abc", (None, False)),
        ("1800", (None, False)),
        ("99999999999999999999", (None, False)),
        ("２０２６", (2026, True)),  # full-width digits, as typed with a Chinese IME
    ],
)
def test_parse_year(raw, expected):
    assert parse_year(raw) == expected


def test_paginate_clamps():
    items = list(range(30))
    assert paginate(items, page="abc", per_page=12).number == 1
    assert paginate(items, page="99999999999999999999", per_page=12).number == 3
    assert paginate(items, page=-5, per_page=12).number == 1
    assert list(paginate([], page="7", per_page=12).object_list) == []


def test_filters_querystring_round_trip():
    filters = parse_filters(
        QueryDict("tag=作风&year=2026&kind=video&page=3"),
        choice_filters={"kind": {"video": "视频"}},
    )
    assert filters.is_active
    assert filters.querystring() == "?tag=%E4%BD%9C%E9%A3%8E&year=2026&kind=video"
    assert filters.querystring(tag=None, page=2) == "?year=2026&kind=video&page=2"
    assert filters.querystring(page=1) == "?tag=%E4%BD%9C%E9%A3%8E&year=2026&kind=video"


def test_bad_filters_are_dropped_with_notices():
    filters = parse_filters(
        QueryDict(f"tag={'x' * 101}&year=abc&kind=bogus"),
        choice_filters={"kind": {"video": "视频"}},
    )
    assert not filters.is_active
    assert len(filters.notices) == 3
    assert filters.querystring() == ""
