"""The seam to the early-warning system: an outbox of warning signals.

feedback records each fact here (inside the transaction that caused it) and, when an
``early_warning`` app is installed, hands it to ``early_warning.services.record_signal``. Rows with
``delivered_at`` empty are still to be delivered: issue 7 replays them with
``feedback.services.deliver_pending_signals()``. See feedback/warning_seam.py.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignalKind(models.TextChoices):
    REPORT_SUBSTANTIATED = (
        "report_substantiated",
        pgettext_lazy("feedback", "Report concluded as substantiated"),
    )
    POOR_RATING = "poor_rating", pgettext_lazy("feedback", "Poor department rating")


class WarningSignal(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=SignalKind.choices)
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_warning_signals",
    )
    person_name = models.CharField(_("person concerned"), max_length=50, blank=True)
    person_position = models.CharField(
        pgettext_lazy("feedback", "position"), max_length=100, blank=True
    )
    report = models.ForeignKey(
        "feedback.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("month"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=2, null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("feedback", "warning signal")
        verbose_name_plural = pgettext_lazy("feedback", "warning signals")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "report"],
                condition=models.Q(report__isnull=False),
                name="feedback_signal_once_per_report",
            ),
            models.UniqueConstraint(
                fields=["kind", "department", "month"],
                condition=models.Q(kind="poor_rating"),
                name="feedback_poor_rating_once_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m}"
