"""Admin reports of the online school (completion, scores, most-missed questions).

Wagtail report views (Reports menu) with django-filter filter sets; Excel and CSV come from
Wagtail's list export. Only users who may view quiz attempts (inspectors, superusers) see them.
The figures come from learning.school_reports; bad filter values are ignored and named above
the results.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.active_filters import BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from core.months import InvalidMonth, add_months, month_label, parse_month
from learning import school_reports
from learning.quiz import QuestionBank, QuizAttempt, parse_bank_key
from learning.school import CoursePage
from organization.models import Department

VIEW_PERMISSION = "learning.view_quizattempt"
EMPTY = "—"
NUMBER = "school-report__number"
NOWRAP = "school-report__nowrap"
COURSE = pgettext_lazy("school report", "Course")
LESSON = pgettext_lazy("school report", "Lesson")


def can_view_reports(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


# --------------------------------------------------------------------------- filters


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (a month picker where the browser has one)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except InvalidMonth as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        return qs  # the report reads the value


class MonthFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=month_label(self.value))


register_filter_adapter_class(MonthFilter, MonthFilterAdapter)


class DepartmentChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


class ValueFilter(django_filters.ModelChoiceFilter):
    """A choice the report reads itself (it does not filter a queryset)."""

    def filter(self, qs, value):
        return qs


class DepartmentFilter(ValueFilter):
    field_class = DepartmentChoiceField


def _department_filter():
    return DepartmentFilter(
        label=_("Department (with its sub-departments)"),
        # Each top department followed by its sub-departments.
        queryset=Department.objects.select_related("parent").order_by(
            Coalesce("parent__sort_order", "sort_order"),
            Coalesce("parent__name", "name"),
            F("parent_id").asc(nulls_first=True),
            "sort_order",
            "name",
        ),
    )


def _course_filter():
    return ValueFilter(
        label=pgettext_lazy("school report", "Course"),
        queryset=CoursePage.objects.order_by("title"),
    )


class PeriodFilter(django_filters.DateFromToRangeFilter):
    def filter(self, qs, value):
        return qs


def _period_filter():
    return PeriodFilter(label=_("Submitted between"), widget=DateRangePickerWidget)


class CourseCompletionFilterSet(WagtailFilterSet):
    month = MonthFilter(label=pgettext_lazy("school report", "Month"))
    department = _department_filter()


class DepartmentCompletionFilterSet(WagtailFilterSet):
    first_month = MonthFilter(label=_("From month"))
    last_month = MonthFilter(label=_("To month"))
    department = _department_filter()


class QuizFilterSet(WagtailFilterSet):
    course = _course_filter()
    department = _department_filter()
    period = _period_filter()


# --------------------------------------------------------------------------- columns


class PercentColumn(Column):
    """A percentage; exported under ``export_label`` (the heading says "(%)")."""

    def __init__(self, name, *, export_label=None, **kwargs):
        super().__init__(name, **kwargs)
        self.export_label = export_label

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["value"] = EMPTY if value is None else f"{value:.1f}%"
        return context


class DecimalColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["value"] = EMPTY if value is None else f"{value:.1f}"
        return context


# --------------------------------------------------------------------------- base view


class RowPaginator(WagtailPaginator):
    """Counts report rows ("3 条记录"): the rows have no model to name them after."""

    verbose_name = verbose_name_plural = pgettext_lazy("school report", "rows")


class SchoolReportView(ReportView):
    """A school report: rows computed by a selector from the filter values, no model
    queryset. Invalid filter values are left out (the others still apply) and listed."""

    template_name = "learning/reports/school_report.html"
    results_template_name = "learning/reports/school_report_results.html"
    permission_policy = ModelPermissionPolicy(QuizAttempt)
    permission_required = "view"
    paginate_by = 50
    paginator_class = RowPaginator
    description = ""
    # Headings of exported fields that are not shown as columns (the others come from the
    # columns' labels).
    extra_export_headings: dict = {}

    @cached_property
    def export_headings(self) -> dict:
        headings = {
            column.name: getattr(column, "export_label", None) or column.label
            for column in self.columns
        }
        return {**headings, **self.extra_export_headings}

    def get_filterset_kwargs(self):
        # The filter sets only read values: the queryset they get is never evaluated.
        return {**super().get_filterset_kwargs(), "queryset": QuizAttempt.objects.none()}

    def filter_queryset(self, queryset):
        return queryset  # the rows are already computed from the filter values

    @cached_property
    def filter_values(self) -> dict:
        if not self.filters:
            return {}
        self.filters.is_valid()
        return dict(self.filters.form.cleaned_data)

    @cached_property
    def filter_errors(self) -> list[str]:
        if not self.filters or self.filters.is_valid():
            return []
        form = self.filters.form
        return [
            f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
            if name in form.fields
            else " ".join(str(e) for e in errors)
            for name, errors in form.errors.items()
        ]

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"

    def stream_csv(self, queryset):
        yield "\ufeff"  # a byte-order mark, so that Excel reads the Chinese text as UTF-8
        yield from super().stream_csv(queryset)

    def decorate_rows(self, object_list) -> list:
        """The rows of one page (or of the export) as objects the columns read."""
        return list(object_list)

    def decorate_paginated_queryset(self, object_list):
        return object_list  # done in get_context_data, before the table is built

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = self.decorate_rows(context["object_list"])
        context["object_list"] = rows
        context["table"] = self.get_table(rows)
        context["filter_errors"] = self.filter_errors
        context["report_description"] = self.description
        context["report_scope"] = self.scope_text()
        return context

    def scope_text(self) -> str:
        return ""


# --------------------------------------------------------------------------- a. by course


class CourseCompletionReportView(SchoolReportView):
    page_title = _("School: completion by course")
    header_icon = "tasks"
    index_url_name = "learning_reports:course_completion"
    index_results_url_name = "learning_reports:course_completion_results"
    filterset_class = CourseCompletionFilterSet
    export_filename = "school-completion-by-course"
    description = _(
        "Courses assigned in the month: staff they reach (departments with their "
        "sub-departments, post holders), how many have completed the course, and the course "
        "quiz: people who took it, their average best score and the share who passed."
    )
    columns = [
        Column("course", label=pgettext_lazy("school report", "Course")),
        Column("assigned", classname=NUMBER, label=_("Staff assigned")),
        Column("completed", classname=NUMBER, label=_("Staff completed")),
        PercentColumn(
            "completion_rate",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Completion rate"),
            export_label=_("Completion rate (%)"),
        ),
        Column("attempted", classname=NUMBER, label=_("Took the quiz")),
        DecimalColumn("average_best_score", classname=NUMBER, label=_("Average best score")),
        PercentColumn(
            "pass_rate",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Pass rate"),
            export_label=_("Pass rate (%)"),
        ),
    ]
    list_export = [
        "course",
        "month_label",
        "assigned",
        "completed",
        "completion_rate",
        "attempted",
        "passed",
        "average_best_score",
        "pass_rate",
    ]
    extra_export_headings = {
        "month_label": pgettext_lazy("school report", "Month"),
        "passed": _("Passed the quiz"),
    }

    @cached_property
    def month(self) -> dt.date:
        return self.filter_values.get("month") or timezone.localdate().replace(day=1)

    def get_queryset(self):
        return school_reports.course_completion(
            month=self.month, department=self.filter_values.get("department")
        )

    def get_filename(self):
        return f"{self.export_filename}-{month_label(self.month)}"

    def scope_text(self) -> str:
        department = self.filter_values.get("department")
        text = _("Month: %(month)s") % {"month": month_label(self.month)}
        if department:
            text += " · " + str(department)
        return text


# --------------------------------------------------------------------------- b. by department


class DepartmentCompletionReportView(SchoolReportView):
    page_title = _("School: completion by department and month")
    header_icon = "date"
    index_url_name = "learning_reports:department_completion"
    index_results_url_name = "learning_reports:department_completion_results"
    filterset_class = DepartmentCompletionFilterSet
    export_filename = "school-completion-by-department"
    description = _(
        "For each department and month: the courses assigned to its staff that month, counted "
        "per person and course, and how many of them are completed. At most 24 months."
    )
    columns = [
        Column("department", label=pgettext_lazy("school report", "Department")),
        Column("month_label", classname=NOWRAP, label=pgettext_lazy("school report", "Month")),
        Column("assigned", classname=NUMBER, label=_("Assigned (person × course)")),
        Column("completed", classname=NUMBER, label=_("Completed (person × course)")),
        PercentColumn(
            "completion_rate",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Completion rate"),
            export_label=_("Completion rate (%)"),
        ),
    ]
    list_export = ["department", "month_label", "assigned", "completed", "completion_rate"]

    @cached_property
    def month_range(self) -> tuple[dt.date, dt.date]:
        first, last = school_reports.default_month_range()
        chosen_first = self.filter_values.get("first_month")
        chosen_last = self.filter_values.get("last_month")
        if chosen_first and chosen_last:
            first, last = chosen_first, chosen_last
        elif chosen_last:
            first, last = add_months(chosen_last, -11), chosen_last
        elif chosen_first:
            first, last = chosen_first, add_months(chosen_first, 11)
        if first > last:
            first, last = last, first
        if (last.year - first.year) * 12 + last.month - first.month >= school_reports.MAX_MONTHS:
            first = add_months(last, -(school_reports.MAX_MONTHS - 1))
        return first, last

    def get_queryset(self):
        first, last = self.month_range
        return school_reports.department_completion(
            first=first, last=last, department=self.filter_values.get("department")
        )

    def scope_text(self) -> str:
        first, last = self.month_range
        text = _("Months: %(first)s to %(last)s") % {
            "first": month_label(first),
            "last": month_label(last),
        }
        department = self.filter_values.get("department")
        if department:
            text += " · " + str(department)
        return text


# --------------------------------------------------------------------------- c. quiz scores


class QuizScoreReportView(SchoolReportView):
    page_title = _("School: quiz scores")
    header_icon = "list-ol"
    index_url_name = "learning_reports:quiz_scores"
    index_results_url_name = "learning_reports:quiz_scores_results"
    filterset_class = QuizFilterSet
    export_filename = "school-quiz-scores"
    default_ordering = "page_path"
    description = _(
        "Every quiz of a course or lesson with attempts in the period: attempts, people, the "
        "average score of all attempts, the share of people who passed and how many attempts "
        "they needed to pass (up to and including the first pass)."
    )
    columns = [
        Column("title", label=pgettext_lazy("school report", "Quiz")),
        Column("course", label=pgettext_lazy("school report", "Course")),
        Column(
            "attempts",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Attempts"),
            sort_key="attempts",
        ),
        Column(
            "people",
            classname=NUMBER,
            label=pgettext_lazy("school report", "People"),
            sort_key="people",
        ),
        DecimalColumn(
            "average_score",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Average score"),
            sort_key="average_score",
        ),
        PercentColumn(
            "pass_rate",
            classname=NUMBER,
            label=pgettext_lazy("school report", "Pass rate"),
            export_label=_("Pass rate (%)"),
        ),
        DecimalColumn(
            "average_attempts_to_pass", classname=NUMBER, label=_("Average attempts to pass")
        ),
    ]
    list_export = [
        "title",
        "kind",
        "course",
        "attempts",
        "people",
        "average_score",
        "passed_people",
        "pass_rate",
        "average_attempts_to_pass",
    ]
    extra_export_headings = {
        "kind": pgettext_lazy("school report", "Quiz on"),
        "passed_people": _("People who passed"),
    }

    def get_queryset(self):
        rows = school_reports.quiz_scores(**_quiz_filters(self.filter_values))
        if self.ordering and self.ordering != self.default_ordering:
            rows = rows.order_by(self.ordering, "page_path")
        return rows

    def decorate_rows(self, object_list):
        rows = list(object_list)
        course_type = ContentType.objects.get_for_model(CoursePage).pk
        parent_paths = {
            row["page_path"][: -Page.steplen] for row in rows if row["page_type"] != course_type
        }
        parents = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
        return [_quiz_score_row(row, course_type=course_type, parents=parents) for row in rows]


def _quiz_score_row(row: dict, *, course_type: int, parents: dict[str, str]) -> SimpleNamespace:
    is_course = row["page_type"] == course_type
    return SimpleNamespace(
        page_id=row["page_id"],
        title=row["page_title"],
        kind=str(COURSE if is_course else LESSON),
        course=(
            row["page_title"] if is_course else parents.get(row["page_path"][: -Page.steplen], "")
        ),
        attempts=row["attempts"],
        people=row["people"],
        average_score=school_reports.one_decimal(row["average_score"]),
        passed_people=row["passed_people"],
        pass_rate=school_reports.rate(row["passed_people"], row["people"]),
        average_attempts_to_pass=(
            round(row["attempts_until_pass"] / row["passed_people"], 1)
            if row["passed_people"]
            else None
        ),
    )


def _day(value) -> dt.date | None:
    """A day of the period filter (django-filter gives aware datetimes at the day's bounds)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _quiz_filters(values: dict) -> dict:
    period = values.get("period")
    return {
        "course": values.get("course"),
        "department": values.get("department"),
        "since": _day(period.start) if period else None,
        "until": _day(period.stop) if period else None,
    }


# --------------------------------------------------------------------------- d. missed questions


def _bank_of(question_key: str) -> int | None:
    parsed = parse_bank_key(question_key)
    return parsed[0] if parsed else None


class MissedQuestionReportView(SchoolReportView):
    page_title = _("School: questions most often answered wrong")
    header_icon = "warning"
    index_url_name = "learning_reports:missed_questions"
    index_results_url_name = "learning_reports:missed_questions_results"
    filterset_class = QuizFilterSet
    export_filename = "school-missed-questions"
    default_ordering = "-wrong"
    description = _(
        "Each question as asked on a quiz (a question drawn from a bank counts per quiz): how "
        "often it was answered in the period, how often wrongly, and the wrong rate."
    )
    columns = [
        Column("prompt", label=pgettext_lazy("school report", "Question")),
        Column("source", label=_("Question source")),
        Column("quiz", label=pgettext_lazy("school report", "Quiz")),
        Column("answered", classname=NUMBER, label=_("Times answered"), sort_key="answered"),
        Column("wrong", classname=NUMBER, label=_("Times wrong"), sort_key="wrong"),
        PercentColumn(
            "wrong_rate",
            classname=NUMBER,
            label=_("Wrong rate"),
            sort_key="wrong_rate",
            export_label=_("Wrong rate (%)"),
        ),
    ]
    list_export = ["prompt", "source", "quiz", "question_key", "answered", "wrong", "wrong_rate"]
    extra_export_headings = {"question_key": _("Question key")}

    def get_queryset(self):
        rows = school_reports.missed_questions(**_quiz_filters(self.filter_values))
        if self.ordering and self.ordering != self.default_ordering:
            rows = rows.order_by(self.ordering, "page_id", "question_key")
        return rows

    def decorate_rows(self, object_list):
        rows = list(object_list)
        bank_ids = {_bank_of(row["question_key"]) for row in rows} - {None}
        banks = dict(QuestionBank.objects.filter(pk__in=bank_ids).values_list("pk", "title"))
        fixed = str(_("Fixed question of the quiz"))
        return [
            SimpleNamespace(
                prompt=row["prompt"],
                source=(
                    banks.get(
                        _bank_of(row["question_key"]),
                        str(pgettext_lazy("school report", "Question bank")),
                    )
                    if row["question_key"].startswith("bank:")
                    else fixed
                ),
                quiz=row["page_title"],
                question_key=row["question_key"],
                answered=row["answered"],
                wrong=row["wrong"],
                wrong_rate=school_reports.one_decimal(row["wrong_rate"]),
            )
            for row in rows
        ]


# --------------------------------------------------------------------------- registration

REPORTS = (
    ("completion-by-course/", "course_completion", CourseCompletionReportView),
    ("completion-by-department/", "department_completion", DepartmentCompletionReportView),
    ("quiz-scores/", "quiz_scores", QuizScoreReportView),
    ("missed-questions/", "missed_questions", MissedQuestionReportView),
)

urlpatterns = []
for route, name, view in REPORTS:
    urlpatterns += [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


@hooks.register("register_admin_urls")
def register_school_report_urls():
    return [path("reports/school/", include((urlpatterns, "learning_reports")))]


class SchoolReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


MENU = (
    ("course_completion", _("School: completion by course"), "tasks", 1300),
    ("department_completion", _("School: completion by department"), "date", 1310),
    ("quiz_scores", _("School: quiz scores"), "list-ol", 1320),
    ("missed_questions", _("School: most-missed questions"), "warning", 1330),
)


def _menu_hook(name, label, icon, order):
    def register():
        return SchoolReportMenuItem(
            label,
            reverse(f"learning_reports:{name}"),
            name=f"school-{name.replace('_', '-')}",
            icon_name=icon,
            order=order,
        )

    return register


for _name, _label, _icon, _order in MENU:
    hooks.register("register_reports_menu_item", _menu_hook(_name, _label, _icon, _order))
