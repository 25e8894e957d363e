"""Assigned learning: inspectors assign courses to departments or posts for a month."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.months import month_label


class CourseAssignment(models.Model):
    """A course assigned to a department (and its sub-departments) or to a post, for a month."""

    course = models.ForeignKey(
        "learning.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="course_assignments",
    )
    include_subdepartments = models.BooleanField(_("include sub-departments"), default=True)
    post = models.ForeignKey(
        "organization.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="course_assignments",
    )
    required = models.BooleanField(pgettext_lazy("school", "required"), default=True)
    due_date = models.DateField(
        pgettext_lazy("integrity file", "deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: the month's check-in deadline, or the month's last day."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course assignment")
        verbose_name_plural = _("course assignments")
        ordering = ["-month", "course__title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False) & Q(post__isnull=True))
                | (Q(department__isnull=True) & Q(post__isnull=False)),
                name="learning_assignment_one_target",
            ),
            models.UniqueConstraint(
                fields=["course", "month", "department"],
                condition=Q(department__isnull=False),
                name="learning_assignment_unique_department",
            ),
            models.UniqueConstraint(
                fields=["course", "month", "post"],
                condition=Q(post__isnull=False),
                name="learning_assignment_unique_post",
            ),
        ]
        indexes = [models.Index(fields=["month", "course"])]

    def __str__(self) -> str:
        target = self.department or self.post
        return f"{self.course} → {target} ({month_label(self.month)})"

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        if bool(self.department_id) == bool(self.post_id):
            raise ValidationError(_("Choose either a department or a post."))
        if self.month and self.due_date and self.due_date < self.month:
            raise ValidationError({"due_date": _("The deadline is before the month starts.")})
