"""Admin screens of assigned learning: inspectors assign courses to departments or posts.

The list shows each assignment's effective due date and how many of the staff it reaches
have completed the course; the "assign to several" view assigns one course to many
departments and posts in one go.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput, HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.months import InvalidMonth, month_label, month_of, parse_month
from learning.assignments import (
    AssignmentError,
    CourseAssignment,
    assign_course,
    assignment_stats,
)
from learning.school import CoursePage
from organization.models import Department, Post

# --------------------------------------------------------------------------- form helpers


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return month_label(value)
        return super().format_value(value)


class MonthField(forms.Field):
    """A month typed as YYYY-MM (a date is accepted too); cleans to the month's first day."""

    widget = MonthInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("YYYY-MM, e.g. 2026-03."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"min": "2000-01", "max": "2100-12", "placeholder": "2026-03"})

    def prepare_value(self, value):
        return month_label(value) if isinstance(value, dt.date) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return month_of(value)
        value = str(value).strip()
        if len(value) == 10:  # a full date: keep its month
            try:
                return month_of(dt.date.fromisoformat(value))
            except ValueError:
                pass
        try:
            return parse_month(value[:20])
        except InvalidMonth as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


def department_labels(*, active_only: bool = False) -> list[tuple[int, str]]:
    """Departments in tree order, each labelled with its path (one query)."""
    rows = list(
        Department.objects.order_by("sort_order", "name").values_list(
            "pk", "name", "parent_id", "is_active"
        )
    )
    inactive = {pk for pk, _name, _parent, active in rows if not active}
    rows = [(pk, name, parent) for pk, name, parent, _active in rows]
    children: dict[int | None, list[tuple[int, str]]] = {}
    known = {pk for pk, _name, _parent in rows}
    for pk, name, parent in rows:
        children.setdefault(parent if parent in known else None, []).append((pk, name))
    labels: list[tuple[int, str]] = []
    seen: set[int] = set()

    def walk(parent, prefix):
        for pk, name in children.get(parent, ()):
            if pk in seen:
                continue
            seen.add(pk)
            label = f"{prefix} / {name}" if prefix else name
            labels.append((pk, label))
            walk(pk, label)

    walk(None, "")
    if active_only:
        labels = [(pk, label) for pk, label in labels if pk not in inactive]
    return labels


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.live:
            return obj.title
        return gettext("%(title)s (not published)") % {"title": obj.title}


def _course_queryset(request=None):
    return CoursePage.objects.order_by("-live", "title").only("pk", "title", "live")


def _post_queryset(*, active_only: bool = False):
    posts = Post.objects.select_related("department").order_by(
        "department__sort_order", "department__name", "sort_order", "name"
    )
    return posts.filter(is_active=True) if active_only else posts


# --------------------------------------------------------------------------- single form


class CourseAssignmentForm(WagtailAdminModelForm):
    month = MonthField(label=pgettext_lazy("school", "Month"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"] = CourseChoiceField(
            queryset=_course_queryset(), label=pgettext_lazy("school", "Course")
        )
        self.fields["department"] = forms.ModelChoiceField(
            queryset=Department.objects.all(),
            required=False,
            label=pgettext_lazy("school", "Department"),
            help_text=_("Either a department or a post."),
        )
        self.fields["department"].choices = [("", "---------"), *department_labels()]
        self.fields["post"] = forms.ModelChoiceField(
            queryset=_post_queryset(),
            required=False,
            label=_("post"),
            help_text=_("Everyone holding the post in the month."),
        )
        self.fields["due_date"].widget = AdminDateInput()
        if self.instance.pk is None:
            self.initial.setdefault("month", month_of(timezone.localdate()))
            user = getattr(self, "for_user", None)
            if user is not None and user.is_authenticated:
                self.instance.created_by = user
        self._target_invalid = False

    def clean(self):
        cleaned = super().clean()
        course = cleaned.get("course")
        month = cleaned.get("month")
        department = cleaned.get("department")
        post = cleaned.get("post")
        due_date = cleaned.get("due_date")
        if department and post:
            self.add_error("post", _("Choose either a department or a post, not both."))
        elif not department and not post and "department" not in self.errors:
            self.add_error("department", _("Choose a department or a post."))
        if month and due_date and due_date < month:
            self.add_error("due_date", _("The deadline is before the month starts."))
        if course and month and bool(department) != bool(post):
            duplicates = CourseAssignment.objects.filter(course=course, month=month)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if department and duplicates.filter(department=department).exists():
                self.add_error(
                    "course",
                    _("This course is already assigned to that department for this month."),
                )
            if post and duplicates.filter(post=post).exists():
                self.add_error(
                    "course", _("This course is already assigned to that post for this month.")
                )
        self._target_invalid = bool(self.errors)
        return cleaned

    def _post_clean(self):
        # clean() has explained every problem in words; the model's own constraint checks
        # would only repeat them as "Constraint … is violated".
        if self._target_invalid:
            return
        super()._post_clean()


# --------------------------------------------------------------------------- listing


def _month_choices():
    return [
        (month_label(m), month_label(m))
        for m in CourseAssignment.objects.order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    ]


class CourseAssignmentFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=pgettext_lazy("school", "Month"),
        choices=_month_choices,
        method="filter_month",
        empty_label=pgettext_lazy("school", "All"),
    )
    course = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("school", "Course"), queryset=_course_queryset
    )
    department = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("school", "Department"),
        queryset=lambda request: Department.objects.order_by("sort_order", "name"),
    )

    class Meta:
        model = CourseAssignment
        fields = ["month", "course", "department", "required"]

    def filter_month(self, queryset, name, value):
        try:
            return queryset.filter(month=parse_month(value))
        except InvalidMonth:
            return queryset.none()


def _due_text(assignment: CourseAssignment) -> str:
    due = getattr(assignment, "effective_due", None)
    return due.isoformat() if due else "—"


def _completion(assignment: CourseAssignment) -> str:
    if getattr(assignment, "assigned_count", None) is None:
        return "—"
    return f"{assignment.completed_count} / {assignment.assigned_count}"


class CourseAssignmentIndexView(IndexView):
    """The list, with each row's effective due date and completion count computed for the
    whole page at once (a few queries, not a few per row)."""

    assign_url_name = None

    def _decorate(self, objects) -> list[CourseAssignment]:
        """Set ``effective_due``, ``completed_count`` and ``assigned_count`` on each row."""
        objects = list(objects)
        stats = assignment_stats(objects)
        for obj in objects:
            obj.completed_count = stats[obj.pk].completed
            obj.assigned_count = stats[obj.pk].assigned
        return objects

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        objects = self._decorate(object_list)
        page.object_list = objects
        return paginator, page, objects, is_paginated

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self._decorate(queryset), spreadsheet_format)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(
                    _("Assign to several departments or posts"),
                    url=reverse(self.assign_url_name),
                    icon_name="group",
                )
            )
        return buttons


# --------------------------------------------------------------------------- bulk assign


class BulkAssignForm(forms.Form):
    course = CourseChoiceField(
        queryset=CoursePage.objects.none(), label=pgettext_lazy("school", "Course")
    )
    month = MonthField(label=pgettext_lazy("school", "Month"))
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=pgettext_lazy("school", "Departments"),
        widget=forms.CheckboxSelectMultiple,
    )
    include_subdepartments = forms.BooleanField(
        required=False,
        initial=True,
        label=_("include sub-departments"),
        help_text=_("Staff of the departments below the chosen ones are assigned too."),
    )
    posts = forms.ModelMultipleChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label=pgettext_lazy("school", "Posts"),
        widget=forms.CheckboxSelectMultiple,
    )
    required = forms.BooleanField(
        required=False, initial=True, label=pgettext_lazy("school", "Required")
    )
    due_date = forms.DateField(
        required=False,
        label=pgettext_lazy("integrity file", "deadline"),
        widget=AdminDateInput,
        help_text=_("Empty: the month's check-in deadline, or the month's last day."),
    )
    note = forms.CharField(
        required=False, max_length=300, label=_("note"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _course_queryset()
        # New assignments go to active departments and posts only.
        self.fields["departments"].queryset = Department.objects.active()
        self.fields["departments"].choices = department_labels(active_only=True)
        self.fields["posts"].queryset = _post_queryset(active_only=True)

    def clean(self):
        cleaned = super().clean()
        if (
            "departments" not in self.errors
            and "posts" not in self.errors
            and not cleaned.get("departments")
            and not cleaned.get("posts")
        ):
            raise forms.ValidationError(_("Choose at least one department or post."))
        month, due_date = cleaned.get("month"), cleaned.get("due_date")
        if month and due_date and due_date < month:
            self.add_error("due_date", _("The deadline is before the month starts."))
        return cleaned


class BulkAssignView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Assign one course to several departments and posts in one transaction; targets that
    already have the course that month are skipped and named in a message."""

    model = CourseAssignment
    permission_required = "add"
    form_class = BulkAssignForm
    template_name = "learning/admin/assign_courses.html"
    page_title = _("Assign a course")
    header_icon = "group"
    index_url_name = ""

    def get_initial(self):
        return {
            "month": month_of(timezone.localdate()),
            "required": True,
            "include_subdepartments": True,
        }

    def get_breadcrumbs_items(self):
        return [
            {
                "url": reverse(self.index_url_name),
                "label": CourseAssignment._meta.verbose_name_plural,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["index_url"] = reverse(self.index_url_name)
        context["action_url"] = self.request.path
        context["submit_button_label"] = _("Assign the course")
        context["submit_button_active_label"] = _("Assigning…")
        context["media"] = context["form"].media
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                result = assign_course(
                    course=data["course"],
                    month=data["month"],
                    departments=data["departments"],
                    posts=data["posts"],
                    include_subdepartments=data["include_subdepartments"],
                    required=data["required"],
                    due_date=data["due_date"],
                    note=data["note"],
                    created_by=self.request.user,
                )
        except AssignmentError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        except forms.ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        label = month_label(data["month"])
        if result.created:
            messages.success(
                self.request,
                gettext("“%(course)s” assigned for %(month)s to %(count)s targets.")
                % {"course": data["course"].title, "month": label, "count": len(result.created)},
            )
        if result.skipped:
            messages.warning(
                self.request,
                gettext("Already assigned for %(month)s, skipped: %(targets)s.")
                % {"month": label, "targets": "、".join(result.skipped)},
            )
        return redirect(f"{reverse(self.index_url_name)}?month={label}&course={data['course'].pk}")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# --------------------------------------------------------------------------- viewset


class CourseAssignmentViewSet(SnippetViewSet):
    model = CourseAssignment
    icon = "list-ul"
    menu_label = _("Course assignments")
    index_view_class = CourseAssignmentIndexView
    filterset_class = CourseAssignmentFilterSet
    list_per_page = 50
    copy_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("month"),
            FieldRowPanel([FieldPanel("department"), FieldPanel("include_subdepartments")]),
            FieldPanel("post"),
            FieldRowPanel([FieldPanel("required"), FieldPanel("due_date")]),
            FieldPanel("note"),
        ],
        base_form_class=CourseAssignmentForm,
    )
    list_export = [
        "course.title",
        "month_text",
        "target_label",
        "required_label",
        "effective_due",
        "completed_count",
        "assigned_count",
        "note",
    ]
    export_headings = {
        "course.title": pgettext_lazy("school", "Course"),
        "month_text": pgettext_lazy("school", "Month"),
        "target_label": _("Target department or post"),
        "required_label": pgettext_lazy("school", "Required"),
        "effective_due": pgettext_lazy("integrity file", "deadline"),
        "completed_count": _("Staff completed"),
        "assigned_count": _("Assigned staff"),
        "note": _("note"),
    }
    export_filename = "course_assignments"

    @property
    def list_display(self):
        return [
            "course",
            Column(
                "month",
                label=pgettext_lazy("school", "Month"),
                accessor="month_text",
                sort_key="month",
                classname="w-whitespace-nowrap",
            ),
            Column("target", label=_("Target department or post"), accessor="target_label"),
            Column(
                "required",
                label=pgettext_lazy("school", "Required"),
                accessor="required_label",
                classname="w-whitespace-nowrap",
            ),
            Column(
                "effective_due",
                label=pgettext_lazy("integrity file", "deadline"),
                accessor=_due_text,
                classname="w-whitespace-nowrap",
            ),
            Column(
                "completion",
                label=_("Completed / assigned"),
                accessor=_completion,
                classname="w-whitespace-nowrap",
            ),
        ]

    def get_queryset(self, request):
        return CourseAssignment.objects.select_related(
            "course", "department", "post__department"
        ).defer("course__quiz")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**kwargs) | {
            "assign_url_name": self.get_url_name("assign")
        }

    @property
    def assign_view(self):
        return BulkAssignView.as_view(index_url_name=self.get_url_name("list"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("assign/", self.assign_view, name="assign")]
