"""The seam between feedback and the early-warning system (issue 7).

Two facts become warning signals:

* ``report_substantiated`` — a report concluded as substantiated or partly substantiated, against
  a department (``department_id``) and/or a named staff member (``person_name``/``person_position``,
  as written by the reporter; matching to a staff account is the warning system's job);
* ``poor_rating`` — a department whose average rating in a month falls below
  ``FEEDBACK_POOR_RATING_THRESHOLD`` once it has ``FEEDBACK_POOR_RATING_MIN_COUNT`` ratings
  (recorded once per department and month).

``record_warning_signal`` stores the fact in ``feedback.WarningSignal`` (an outbox, inside the
caller's transaction) and then, after commit, hands it to the early-warning app if one is
installed. The contract for issue 7: implement

    early_warning.services.record_signal(*, source: str, kind: str, department_id: int | None,
        person_name: str, person_position: str, month: datetime.date, score: Decimal | None,
        reference: str, detail: dict, occurred_at: datetime.datetime) -> None

(idempotent on ``reference``), and call ``feedback.services.deliver_pending_signals()`` once
(e.g. in a data migration or from ``evaluate_warnings``) to replay what was recorded before it
existed. Rows with an empty ``delivered_at`` are pending.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def record_warning_signal(
    *,
    kind: str,
    month: datetime.date,
    department_id: int | None = None,
    person_name: str = "",
    person_position: str = "",
    report=None,
    score: Decimal | None = None,
    detail: dict | None = None,
):
    from feedback.models import WarningSignal

    try:
        with transaction.atomic():
            signal = WarningSignal.objects.create(
                kind=kind,
                department_id=department_id,
                person_name=person_name,
                person_position=person_position,
                report=report,
                month=month,
                score=score,
                detail=detail or {},
            )
    except IntegrityError:
        return None  # already recorded (once per report / per department and month)
    transaction.on_commit(deliver_pending_signals)
    return signal


def _receiver():
    if not apps.is_installed("early_warning"):
        return None
    try:
        from early_warning import services  # type: ignore[import-not-found]
    except ImportError:
        return None
    return getattr(services, "record_signal", None)


def deliver_pending_signals() -> int:
    """Hand undelivered signals to the early-warning app; return how many were delivered."""
    from feedback.models import WarningSignal

    receiver = _receiver()
    if receiver is None:
        return 0
    delivered = 0
    for signal in WarningSignal.objects.filter(delivered_at__isnull=True).order_by("id"):
        try:
            _deliver_one(receiver, signal)
        except Exception:
            logger.exception("warning signal %s could not be delivered", signal.pk)
            continue
        WarningSignal.objects.filter(pk=signal.pk).update(delivered_at=timezone.now())
        delivered += 1
    return delivered


def _deliver_one(receiver, signal) -> None:
    with transaction.atomic():
        receiver(
            source="feedback",
            kind=signal.kind,
            department_id=signal.department_id,
            person_name=signal.person_name,
            person_position=signal.person_position,
            month=signal.month,
            score=signal.score,
            reference=f"feedback:{signal.kind}:{signal.pk}",
            detail=signal.detail,
            occurred_at=signal.created_at,
        )
