"""Search writes outside the index: query statistics for editors."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.models import QueryStat
from search.segmentation import normalize


def record_query(*, query: str, total: int) -> None:
    """Count one search of ``query`` today (two statements at most)."""
    text = " ".join(normalize(query).split())[:100]
    if not text:
        return
    today = timezone.localdate()
    zero = 1 if total == 0 else 0
    updated = QueryStat.objects.filter(query=text, date=today).update(
        hits=F("hits") + 1, zero_hits=F("zero_hits") + zero, last_total=total
    )
    if updated:
        return
    try:
        with transaction.atomic():
            QueryStat.objects.create(
                query=text, date=today, hits=1, zero_hits=zero, last_total=total
            )
    except IntegrityError:  # a concurrent request created the row first
        QueryStat.objects.filter(query=text, date=today).update(
            hits=F("hits") + 1, zero_hits=F("zero_hits") + zero, last_total=total
        )
