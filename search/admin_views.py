"""Editors' report: popular searches and searches that found nothing."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from search import selectors

PERIODS = (7, 30, 90, 365)


def search_terms(request):
    try:
        days = int(request.GET.get("days", 30))
    except (TypeError, ValueError):
        days = 30
    if days not in PERIODS:
        days = 30
    report = selectors.query_report(days=days)
    return render(
        request,
        "search/admin/search_terms.html",
        {
            "report": report,
            "periods": PERIODS,
            "header_title": _("Search terms"),
            "page_title": _("Search terms"),
            "header_icon": "search",
        },
    )
