"""Departments, posts, duties, risk points, work procedures and staff assignments.

Plain Django models (no Wagtail pages). Posts and procedures are clusterable so the Wagtail
admin edits their duties and steps inline.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Department(models.Model):
    """A department (unit or sub-unit). A tree through ``parent``."""

    name = models.CharField(pgettext_lazy("organization", "name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=32,
        blank=True,
        help_text=_("Optional unique code, used to match rows when importing."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("department heads"),
        blank=True,
        related_name="headed_departments",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("organization", "active"), default=True)
    description = models.TextField(pgettext_lazy("organization", "description"), blank=True)

    objects = DepartmentQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("parent"),
        FieldPanel("heads"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organization_department_unique_name"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="organization_department_unique_root_name",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="organization_department_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def descendant_ids(self) -> set[int]:
        """This department's id and those of every department below it (one query per level)."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = (
                set(Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
                - ids
            )
            ids |= frontier
        return ids


class Post(ClusterableModel):
    """A post (岗位) in a department."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    name = models.CharField(pgettext_lazy("organization", "name"), max_length=100)
    description = models.TextField(pgettext_lazy("organization", "description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("organization", "active"), default=True)

    panels = [
        FieldPanel("department"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        InlinePanel("duties", heading=_("Duties"), label=_("duty")),
    ]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["department__sort_order", "department__name", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="organization_post_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"


class Duty(models.Model):
    """One duty (岗位职责) of a post, in order."""

    post = ParentalKey(Post, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(_("duty"))
    sort_order = models.PositiveIntegerField(_("sort order"), default=0, editable=False)

    panels = [FieldPanel("text")]

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class RiskCategory(models.TextChoices):
    POST_DUTIES = "duties", _("Post duties")
    SYSTEMS = "systems", _("Systems and mechanisms")
    MORALITY = "morality", _("Ideology and morality")
    PROCESS = "process", _("Business processes")
    EXTERNAL = "external", _("External environment")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RiskPoint(ClusterableModel):
    """A risk point (廉政风险点) of a post."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="risk_points"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(pgettext_lazy("organization", "description"), blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=RiskCategory.choices, default=RiskCategory.POST_DUTIES
    )
    level = models.CharField(
        pgettext_lazy("organization", "level"),
        max_length=8,
        choices=RiskLevel.choices,
        default=RiskLevel.MEDIUM,
    )
    prevention_measures = models.TextField(_("prevention measures"), blank=True)
    regulation_articles = models.ManyToManyField(
        "regulations.RegulationNode",
        verbose_name=pgettext_lazy("organization", "regulation articles"),
        through="RiskPointArticle",
        blank=True,
        related_name="risk_points",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("post"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("category"),
        FieldPanel("level"),
        FieldPanel("prevention_measures"),
        FieldPanel("sort_order"),
        InlinePanel(
            "article_links",
            heading=_("Regulation articles"),
            label=pgettext_lazy("organization", "article"),
        ),
    ]

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["post_id", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class RiskPointArticle(models.Model):
    """A regulation article (RegulationNode of kind "article") a risk point refers to."""

    risk_point = ParentalKey(RiskPoint, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "regulations.RegulationNode",
        verbose_name=pgettext_lazy("organization", "regulation article"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("article")]

    class Meta:
        verbose_name = pgettext_lazy("organization", "regulation article")
        verbose_name_plural = pgettext_lazy("organization", "regulation articles")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["risk_point", "article"], name="organization_riskpoint_article_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.article)


class Procedure(ClusterableModel):
    """A work procedure (工作流程): ordered steps, shown as a flowchart."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(pgettext_lazy("organization", "description"), blank=True)
    posts = models.ManyToManyField(
        Post, verbose_name=_("posts concerned"), blank=True, related_name="procedures"
    )
    is_active = models.BooleanField(pgettext_lazy("organization", "active"), default=True)

    panels = [
        FieldPanel("department"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("posts"),
        FieldPanel("is_active"),
        InlinePanel("steps", heading=_("Steps"), label=_("step"), min_num=1),
    ]

    class Meta:
        verbose_name = _("work procedure")
        verbose_name_plural = _("work procedures")
        ordering = ["department__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "title"], name="organization_procedure_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProcedureStep(models.Model):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    sort_order = models.PositiveIntegerField(
        pgettext_lazy("organization", "position"), default=0, editable=False
    )
    title = models.CharField(_("step"), max_length=200)
    handling_post = models.ForeignKey(
        Post,
        verbose_name=_("handling post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)
    duty_requirement = models.TextField(_("duty requirement"), blank=True)
    supervision_checkpoint = models.TextField(_("supervision checkpoint"), blank=True)
    complaint_channel = models.CharField(_("complaint channel"), max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("handling_post"),
        FieldPanel("time_limit"),
        FieldPanel("duty_requirement"),
        FieldPanel("supervision_checkpoint"),
        FieldPanel("complaint_channel"),
    ]

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class StaffProfileQuerySet(models.QuerySet):
    def monitored(self):
        """Profiles of active users taking part in the monthly check-in."""
        return self.filter(is_monitored=True, user__is_active=True)


class StaffProfile(models.Model):
    """Organisation data about a user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profiles",
    )
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_monitored = models.BooleanField(_("takes part in the monthly check-in"), default=True)
    notify_by_email = models.BooleanField(_("email reminders"), default=True)
    notify_in_app = models.BooleanField(_("reminders in the staff area"), default=True)

    objects = StaffProfileQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("department"),
        MultiFieldPanel(
            [FieldPanel("employee_number"), FieldPanel("job_title"), FieldPanel("phone")],
            heading=pgettext_lazy("organization", "Details"),
        ),
        FieldPanel("is_monitored"),
        FieldPanel("notify_by_email"),
        FieldPanel("notify_in_app"),
    ]

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return display_name(self.user)


def display_name(user) -> str:
    full = f"{user.last_name}{user.first_name}".strip()
    return full or user.get_username()


class PostAssignmentQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class PostAssignment(models.Model):
    """A staff member holding a post from ``start_date`` to ``end_date`` (open: current).

    Ending an assignment keeps the row, so the history stays.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("organization", "staff member"),
        on_delete=models.CASCADE,
        related_name="post_assignments",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="assignments"
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = PostAssignmentQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("post"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("post assignment")
        verbose_name_plural = _("post assignments")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="organization_assignment_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{display_name(self.user)} · {self.post}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
