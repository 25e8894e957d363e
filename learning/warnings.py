"""The seam between the monthly check-in and early warning.

The check-in records every warning-worthy fact in its own table (``WarningFact``: a task not
done by the deadline, a task done late, a self-check answer other than "no"), then hands each
one to early warning's single entry point. Which callable that is comes from the setting
``LEARNING_WARNING_HANDLER`` (a dotted path, default ``early_warning.services.record_signal``).
While that cannot be imported (the early-warning app does not exist yet, or the setting is
empty) the facts simply wait, undelivered; ``deliver_pending()`` (run by ``send_reminders``
and ``manage.py deliver_warning_facts``) hands them over later, so nothing is lost and facts
can be replayed (``deliver_pending(redeliver=True)``).

The handler is called with keyword arguments only and must be idempotent on ``reference``::

    record_signal(
        source="learning",                 # the app the fact comes from
        kind="task_overdue" | "task_late" | "selfcheck_admission",
        user_id=42,                        # the staff member
        department_id=7 | None,            # their department when the month opened
        month=datetime.date(2026, 11, 1),  # the check-in month
        task="summary" | "",               # learning.models.Task value
        severity="high" | "medium" | "low" | "",
        detail={...},                      # JSON-able: prompt, answer, explanation, deadline
        occurred_at=<aware datetime>,
        reference="learning.warningfact:123",
    )
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from learning.models import WarningFact

logger = logging.getLogger(__name__)
DEFAULT_HANDLER = "early_warning.services.record_signal"


def get_handler() -> Callable[..., object] | None:
    path = getattr(settings, "LEARNING_WARNING_HANDLER", DEFAULT_HANDLER)
    if not path:
        return None
    try:
        return import_string(path)
    except ImportError:
        return None


def signal_kwargs(fact: WarningFact) -> dict:
    return {
        "source": "learning",
        "kind": fact.kind,
        "user_id": fact.user_id,
        "department_id": fact.department_id,
        "month": fact.month.month,
        "task": fact.task,
        "severity": fact.severity,
        "detail": fact.detail,
        "occurred_at": fact.occurred_at,
        "reference": f"learning.warningfact:{fact.pk}",
    }


def record_facts(facts: list[WarningFact]) -> None:
    """Store facts (duplicates are ignored) and deliver them once the transaction commits."""
    if not facts:
        return
    WarningFact.objects.bulk_create(facts, ignore_conflicts=True, batch_size=1000)
    transaction.on_commit(_deliver_quietly)


def _deliver_quietly() -> None:
    try:
        deliver_pending()
    except Exception:  # early warning must never break a staff member's check-in
        logger.exception("Delivering check-in warning facts failed; they stay pending")


def deliver_pending(*, redeliver: bool = False, limit: int = 10_000) -> int:
    """Hand undelivered facts (all facts with ``redeliver``) to the handler. Returns how many."""
    handler = get_handler()
    if handler is None:
        return 0
    facts = WarningFact.objects.select_related("month").order_by("occurred_at", "pk")
    if not redeliver:
        facts = facts.filter(delivered_at__isnull=True)
    delivered = 0
    for fact in facts[:limit]:
        handler(**signal_kwargs(fact))
        WarningFact.objects.filter(pk=fact.pk).update(delivered_at=timezone.now())
        delivered += 1
    return delivered
