"""Department ratings (政风行风评议)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
DIMENSIONS = ("attitude", "efficiency", "integrity", "transparency")


class DepartmentRating(models.Model):
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="feedback_ratings",
    )
    month = models.DateField(_("month"), db_index=True)  # first day of the month
    attitude = models.PositiveSmallIntegerField(_("service attitude"), validators=SCORE_VALIDATORS)
    efficiency = models.PositiveSmallIntegerField(_("efficiency"), validators=SCORE_VALIDATORS)
    integrity = models.PositiveSmallIntegerField(_("integrity"), validators=SCORE_VALIDATORS)
    transparency = models.PositiveSmallIntegerField(_("transparency"), validators=SCORE_VALIDATORS)
    comment = models.TextField(pgettext_lazy("feedback", "comment"), max_length=500, blank=True)
    # Logged-in users rate each department once a month (unique constraint below).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("department rating")
        verbose_name_plural = _("department ratings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "month"], name="feedback_rating_once_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(attitude__gte=1, attitude__lte=5)
                & models.Q(efficiency__gte=1, efficiency__lte=5)
                & models.Q(integrity__gte=1, integrity__lte=5)
                & models.Q(transparency__gte=1, transparency__lte=5),
                name="feedback_rating_scores_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m}"

    @property
    def overall(self) -> float:
        return sum(getattr(self, d) for d in DIMENSIONS) / len(DIMENSIONS)
