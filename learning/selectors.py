"""Reads for the monthly check-in: the staff member's own view and the supervisors' views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from learning.models import (
    ALL_TASKS,
    TASK_SHORT,
    Answer,
    Checkin,
    CheckinMonth,
    MonthlySummary,
    SelfCheckAnswer,
    SelfCheckQuestion,
    TaskRecord,
)
from organization import selectors as org
from organization.models import Department, RiskPoint


def checkin_for(*, user, month: dt.date) -> Checkin | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Checkin.objects.select_related("month", "department")
        .filter(user=user, month__month=month)
        .first()
    )


def task_records(*, checkin: Checkin) -> dict[str, TaskRecord]:
    return {record.task: record for record in checkin.task_records.all()}


def task_done(*, checkin: Checkin, task: str) -> bool:
    return checkin.task_records.filter(task=task, completed_at__isnull=False).exists()


def history(*, user) -> QuerySet[Checkin]:
    return Checkin.objects.filter(user=user).select_related("month").order_by("-month__month")


# --------------------------------------------------------------------------- self-check


@dataclass(frozen=True)
class QuestionItem:
    key: str
    prompt: str
    detail: str = ""
    level: str = ""
    risk_point_id: int | None = None
    question_id: int | None = None


def questionnaire(*, checkin: Checkin) -> list[QuestionItem]:
    """The person's post risk points ("本月是否存在该风险") plus the questions for everyone."""
    posts = org.current_posts(checkin.user)
    items = [
        QuestionItem(
            key=f"risk-{risk.pk}",
            prompt=risk.title,
            detail=risk.description,
            level=risk.level,
            risk_point_id=risk.pk,
        )
        for risk in RiskPoint.objects.filter(post__in=posts).order_by("post_id", "sort_order", "pk")
    ]
    items += [
        QuestionItem(key=f"q-{question.pk}", prompt=question.text, question_id=question.pk)
        for question in SelfCheckQuestion.objects.filter(is_active=True)
    ]
    return items


# --------------------------------------------------------------------------- supervisors


@dataclass
class Scope:
    """What a supervisor may see: every department (inspectors) or some department ids."""

    all_departments: bool
    department_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def allowed(self) -> bool:
        return self.all_departments or bool(self.department_ids)

    def filter(self, queryset: QuerySet, lookup: str = "department_id") -> QuerySet:
        if self.all_departments:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.department_ids})

    def departments(self) -> QuerySet[Department]:
        return self.filter(Department.objects.all(), "pk").order_by("sort_order", "name")


def supervisor_scope(user) -> Scope:
    if org.is_inspector(user):
        return Scope(all_departments=True)
    return Scope(all_departments=False, department_ids=frozenset(org.headed_department_ids(user)))


@dataclass
class MatrixRow:
    checkin_id: int
    user_id: int
    username: str
    name: str
    department: str
    completed: int
    late: int
    cells: dict[str, str]  # task -> "done" / "late" / "open"
    department_id: int | None = None
    # assigned courses of the month (filled when the matrix is asked for them)
    courses_total: int = 0
    courses_done: int = 0
    courses_overdue: int = 0
    courses_open: list[str] = field(default_factory=list)  # titles not yet completed

    @property
    def states(self) -> list[str]:
        """The cells in task order (for templates)."""
        return [self.cells[task.value] for task in ALL_TASKS]

    @property
    def open_tasks(self) -> list[str]:
        return [str(TASK_SHORT[task]) for task in ALL_TASKS if self.cells[task.value] == "open"]


STATUS_CHOICES = ("all", "complete", "incomplete", "late", "courses_open", "courses_overdue")
COURSE_STATUSES = ("courses_open", "courses_overdue")


def attach_courses(*, rows: list[MatrixRow], month: CheckinMonth) -> None:
    """Fill each row's assigned-course counts (a constant number of queries)."""
    from learning.assignments import assigned_course_counts

    per_user = assigned_course_counts(
        members={row.user_id: row.department_id for row in rows},
        month=month.month,
        deadline=month.deadline,
    )
    for row in rows:
        counts = per_user.get(row.user_id)
        if counts is not None:
            row.courses_total = counts.total
            row.courses_done = counts.done
            row.courses_overdue = counts.overdue
            row.courses_open = counts.open_titles


def completion_matrix(
    *,
    month: CheckinMonth,
    scope: Scope,
    department_id: int | None = None,
    status: str = "all",
    query: str = "",
    courses: bool = False,
) -> list[MatrixRow]:
    """Staff × tasks for a month, in two queries whatever the number of people; with
    ``courses`` (or a course status filter) also each person's assigned courses, in a few
    more."""
    checkins = scope.filter(Checkin.objects.filter(month=month))
    if department_id:
        checkins = checkins.filter(department_id=department_id)
    if status == "complete":
        checkins = checkins.filter(completed_count__gte=len(ALL_TASKS))
    elif status == "incomplete":
        checkins = checkins.filter(completed_count__lt=len(ALL_TASKS))
    elif status == "late":
        checkins = checkins.filter(late_count__gt=0)
    if query:
        checkins = checkins.filter(
            Q(user__username__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__first_name__icontains=query)
        )
    rows = list(
        checkins.order_by(
            "department__sort_order", "department__name", "user__username"
        ).values_list(
            "pk",
            "user_id",
            "user__username",
            "user__last_name",
            "user__first_name",
            "department__name",
            "completed_count",
            "late_count",
            "department_id",
        )
    )
    records: dict[int, dict[str, str]] = {}
    for checkin_id, task, is_late in TaskRecord.objects.filter(
        checkin__in=checkins, completed_at__isnull=False
    ).values_list("checkin_id", "task", "is_late"):
        records.setdefault(checkin_id, {})[task] = "late" if is_late else "done"
    result = []
    for pk, user_id, username, last, first, department, completed, late, dept_id in rows:
        done = records.get(pk, {})
        result.append(
            MatrixRow(
                checkin_id=pk,
                user_id=user_id,
                username=username,
                name=f"{last}{first}".strip() or username,
                department=department or "",
                completed=completed,
                late=late,
                cells={task.value: done.get(task.value, "open") for task in ALL_TASKS},
                department_id=dept_id,
            )
        )
    if courses or status in COURSE_STATUSES:
        attach_courses(rows=result, month=month)
    if status == "courses_open":
        result = [row for row in result if row.courses_done < row.courses_total]
    elif status == "courses_overdue":
        result = [row for row in result if row.courses_overdue]
    return result


@dataclass
class DepartmentRate:
    department_id: int | None
    name: str
    people: int
    complete: int
    tasks_done: int

    @property
    def rate(self) -> int:
        """Percentage of people with all six tasks done."""
        return round(100 * self.complete / self.people) if self.people else 0

    @property
    def task_rate(self) -> int:
        return round(100 * self.tasks_done / (self.people * len(ALL_TASKS))) if self.people else 0


def department_rates(*, month: CheckinMonth, scope: Scope) -> list[DepartmentRate]:
    rows = (
        scope.filter(Checkin.objects.filter(month=month))
        .values("department_id", "department__name")
        .annotate(
            people=Count("pk"),
            complete=Count("pk", filter=Q(completed_count__gte=len(ALL_TASKS))),
            tasks_done=Sum("completed_count"),
        )
        .order_by("department__name")
    )
    return [
        DepartmentRate(
            department_id=row["department_id"],
            name=row["department__name"] or "—",
            people=row["people"],
            complete=row["complete"],
            tasks_done=row["tasks_done"] or 0,
        )
        for row in rows
    ]


def trend(*, scope: Scope, months: int = 12) -> list[dict]:
    """Completion rate per month (last ``months`` months), oldest first."""
    rows = (
        scope.filter(Checkin.objects.all())
        .values("month__month")
        .annotate(
            people=Count("pk"),
            complete=Count("pk", filter=Q(completed_count__gte=len(ALL_TASKS))),
        )
        .order_by("-month__month")[:months]
    )
    result = [
        {
            "month": row["month__month"],
            "people": row["people"],
            "rate": round(100 * row["complete"] / row["people"]) if row["people"] else 0,
        }
        for row in rows
    ]
    return list(reversed(result))


def admissions(*, month: CheckinMonth, scope: Scope) -> QuerySet[SelfCheckAnswer]:
    return (
        scope.filter(
            SelfCheckAnswer.objects.filter(checkin__month=month).exclude(answer=Answer.NO),
            "checkin__department_id",
        )
        .select_related("checkin__user", "checkin__department")
        .order_by("checkin__department__name", "checkin__user__username", "position")
    )


def submitted_summaries(*, month: CheckinMonth, scope: Scope) -> QuerySet[MonthlySummary]:
    return (
        scope.filter(
            MonthlySummary.objects.filter(checkin__month=month, submitted_at__isnull=False),
            "checkin__department_id",
        )
        .select_related("checkin__user", "checkin__department")
        .order_by("checkin__department__name", "checkin__user__username")
    )


# --------------------------------------------------------------------------- reading tasks


def reading_content(*, checkin: Checkin, task: str) -> dict:
    """What a reading task shows: the person's posts with duties / risks, their procedures,
    or the regulations that apply to them."""
    from django.db.models import Prefetch

    from organization.models import Procedure, ProcedureStep

    posts = org.posts_with_content(org.current_posts(checkin.user))
    context: dict = {"posts": posts}
    if task == "procedures":
        departments = [d.pk for d in org.user_departments(checkin.user)]
        context["procedures"] = list(
            Procedure.objects.filter(is_active=True)
            .filter(Q(posts__in=posts) | Q(department_id__in=departments))
            .distinct()
            .select_related("department")
            .prefetch_related(
                Prefetch("steps", queryset=ProcedureStep.objects.select_related("handling_post"))
            )
            .order_by("department__name", "title")
        )
    elif task == "regulations":
        context["articles"] = applicable_articles(posts=posts)
        context["regulations"] = key_regulations()
    return context


def applicable_articles(*, posts) -> list:
    from regulations.models import RegulationNode

    return list(
        RegulationNode.objects.filter(risk_points__post__in=posts)
        .distinct()
        .select_related("page")
        .order_by("page__title", "position")[:100]
    )


def key_regulations(limit: int = 20) -> list:
    """Current regulations classed 高压线 (absolute prohibitions): everyone must know them."""
    from regulations.models import RegulationPage

    return list(
        RegulationPage.objects.live()
        .filter(tier="prohibition", is_current=True)
        .order_by("title")[:limit]
    )
