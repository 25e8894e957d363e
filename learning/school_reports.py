"""Reads behind the online school's admin reports: completion of assigned courses, quiz scores
and the questions most often answered wrong.

Everything is aggregated in the database (GROUP BY and conditional aggregates): each report
costs a constant number of queries, however many staff, courses, attempts or answers there are.

Who is "assigned" a course in a month (as in learning.assignments): every monitored, active
staff member (the check-in's population) whose department is the assignment's department (or
one below it when the assignment includes sub-departments), and everyone holding an assigned
post on the month's last day (today for the current month). Only published courses count. A
person reached by several assignments of the same course counts once. "Completed" means a
CourseCompletion of the course exists, whenever it was written (a course is completed once).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone

from core.months import add_months, month_label, month_range
from learning.assignments import CourseAssignment, holder_date
from learning.quiz import QuizAnswer, QuizAttempt
from learning.school import CourseCompletion, CoursePage
from organization.models import Department, PostAssignment, StaffProfile

MAX_MONTHS = 24


def rate(part: int | None, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal), or None when ``whole`` is 0."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


def one_decimal(value) -> float | None:
    return None if value is None else round(float(value), 1)


# --------------------------------------------------------------------------- periods


def day_bounds(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """An inclusive day range as [start, end) aware datetimes (either side may be open)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tz) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz) if until else None
    return start, end


# --------------------------------------------------------------------------- departments


class DepartmentTree:
    """Every department's place in the tree, read in one query."""

    def __init__(self):
        self.children: dict[int | None, list[int]] = defaultdict(list)
        self.parent: dict[int, int | None] = {}
        self.name: dict[int, str] = {}
        rows = Department.objects.order_by("sort_order", "name", "pk").values_list(
            "pk", "parent_id", "name"
        )
        for pk, parent_id, name in rows:
            self.children[parent_id].append(pk)
            self.parent[pk] = parent_id
            self.name[pk] = name

    def subtree(self, root_ids: Iterable[int]) -> set[int]:
        """The given departments and every department below them."""
        found: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(self.children.get(pk, ()))
        return found

    def order(self) -> dict[int, int]:
        """Each department's position, parents before their sub-departments."""
        positions: dict[int, int] = {}
        stack = list(reversed(self.children.get(None, [])))
        while stack:
            pk = stack.pop()
            if pk in positions:
                continue
            positions[pk] = len(positions)
            stack.extend(reversed(self.children.get(pk, [])))
        return positions

    def full_name(self, pk: int) -> str:
        """ "Parent / child" names from the top department down."""
        names, node, seen = [], pk, set()
        while node is not None and node not in seen and node in self.name:
            seen.add(node)
            names.append(self.name[node])
            node = self.parent.get(node)
        return " / ".join(reversed(names))


# --------------------------------------------------------------------------- assignment targets


@dataclass
class Target:
    """Whom the assignments of one course in one month reach."""

    department_ids: set[int] = field(default_factory=set)
    post_ids: set[int] = field(default_factory=set)

    def condition(self, *, month: dt.date, today: dt.date) -> Q | None:
        """A condition on StaffProfile rows: the person is reached (None: nobody is)."""
        condition = None
        if self.department_ids:
            condition = Q(department_id__in=sorted(self.department_ids))
        if self.post_ids:
            on = holder_date(month, today)
            holders = PostAssignment.objects.current(on).filter(
                user_id=OuterRef("user_id"), post_id__in=sorted(self.post_ids)
            )
            holds = Q(Exists(holders))
            condition = holds if condition is None else condition | holds
        return condition


ASSIGNMENT_FIELDS = (
    "month",
    "course_id",
    "course__title",
    "department_id",
    "include_subdepartments",
    "post_id",
)


def _assignments(**filters) -> QuerySet:
    """Assignments of published courses, as dicts."""
    return CourseAssignment.objects.filter(course__live=True, **filters).values(*ASSIGNMENT_FIELDS)


def _targets(assignments: Iterable[dict], tree: DepartmentTree) -> dict[tuple, Target]:
    """(month, course id) -> Target, from assignment rows."""
    targets: dict[tuple, Target] = defaultdict(Target)
    for row in assignments:
        target = targets[(row["month"], row["course_id"])]
        if row["department_id"]:
            if row["include_subdepartments"]:
                target.department_ids |= tree.subtree([row["department_id"]])
            else:
                target.department_ids.add(row["department_id"])
        if row["post_id"]:
            target.post_ids.add(row["post_id"])
    return targets


def _population(department: Department | None, tree: DepartmentTree) -> QuerySet[StaffProfile]:
    profiles = StaffProfile.objects.monitored()
    if department is not None:
        profiles = profiles.filter(department_id__in=tree.subtree([department.pk]))
    return profiles


def _completed(course_id: int) -> Q:
    return Q(
        Exists(CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=course_id))
    )


# --------------------------------------------------------------------------- a. by course


@dataclass
class CourseCompletionRow:
    course_id: int
    course: str
    month: dt.date
    assigned: int
    completed: int
    attempted: int
    passed: int
    average_best_score: float | None

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.assigned)

    @property
    def pass_rate(self) -> float | None:
        return rate(self.passed, self.attempted)


def course_completion(
    *, month: dt.date, department: Department | None = None, today: dt.date | None = None
) -> list[CourseCompletionRow]:
    """Per course assigned in ``month``: staff assigned, completed, and how they did on the
    course's quiz (best score per person; pass rate among those who took it). With a
    department, only its staff (and its sub-departments') count, and courses that reach none
    of them are left out. Three queries."""
    today = today or timezone.localdate()
    tree = DepartmentTree()
    assignments = list(_assignments(month=month))
    targets = _targets(assignments, tree)
    titles = {row["course_id"]: row["course__title"] for row in assignments}
    aggregates = {}
    for index, ((_month, course_id), target) in enumerate(targets.items()):
        reached = target.condition(month=month, today=today)
        if reached is None:
            continue
        best = QuizAttempt.objects.filter(user_id=OuterRef("user_id"), page_id=course_id)
        aggregates |= {
            f"assigned_{index}": Count("pk", filter=reached),
            f"completed_{index}": Count("pk", filter=reached & _completed(course_id)),
            f"attempted_{index}": Count("pk", filter=reached & Q(Exists(best))),
            f"passed_{index}": Count("pk", filter=reached & Q(Exists(best.filter(passed=True)))),
            f"best_{index}": Avg(
                Subquery(best.order_by("-score").values("score")[:1]), filter=reached
            ),
        }
    totals = _population(department, tree).aggregate(**aggregates) if aggregates else {}
    rows = []
    for index, (_month, course_id) in enumerate(targets):
        row = CourseCompletionRow(
            course_id=course_id,
            course=titles.get(course_id, ""),
            month=month,
            assigned=totals.get(f"assigned_{index}") or 0,
            completed=totals.get(f"completed_{index}") or 0,
            attempted=totals.get(f"attempted_{index}") or 0,
            passed=totals.get(f"passed_{index}") or 0,
            average_best_score=one_decimal(totals.get(f"best_{index}")),
        )
        if department is None or row.assigned:
            rows.append(row)
    rows.sort(key=lambda r: (r.course, r.course_id))
    return rows


# --------------------------------------------------------------------------- b. by department


@dataclass
class DepartmentMonthRow:
    department_id: int
    department: str
    month: dt.date
    assigned: int
    completed: int

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.assigned)


def default_month_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this one included."""
    this_month = (today or timezone.localdate()).replace(day=1)
    return add_months(this_month, -11), this_month


def department_completion(
    *,
    first: dt.date,
    last: dt.date,
    department: Department | None = None,
    today: dt.date | None = None,
) -> list[DepartmentMonthRow]:
    """Rows department × month (``first`` to ``last``, at most MAX_MONTHS): course assignments
    of the department's own staff that month (person × course) and how many of those are
    completed. Departments with nothing assigned in a month are left out. Three queries."""
    months = month_range(first, last)[-MAX_MONTHS:]
    if not months:
        return []
    today = today or timezone.localdate()
    tree = DepartmentTree()
    targets = _targets(_assignments(month__gte=months[0], month__lte=months[-1]), tree)
    aggregates = {}
    for index, ((month, course_id), target) in enumerate(targets.items()):
        reached = target.condition(month=month, today=today)
        if reached is None:
            continue
        aggregates[f"assigned_{index}"] = Count("pk", filter=reached)
        aggregates[f"completed_{index}"] = Count("pk", filter=reached & _completed(course_id))
    if not aggregates:
        return []
    grouped = (
        _population(department, tree)
        .filter(department__isnull=False)
        .values("department_id")
        .annotate(**aggregates)
        .order_by()
    )
    rows = []
    for group in grouped:
        per_month: dict[dt.date, list[int]] = {}
        for index, (month, _course_id) in enumerate(targets):
            counts = per_month.setdefault(month, [0, 0])
            counts[0] += group.get(f"assigned_{index}") or 0
            counts[1] += group.get(f"completed_{index}") or 0
        for month, (assigned, completed) in per_month.items():
            if assigned:
                rows.append(
                    DepartmentMonthRow(
                        department_id=group["department_id"],
                        department=tree.full_name(group["department_id"]),
                        month=month,
                        assigned=assigned,
                        completed=completed,
                    )
                )
    order = tree.order()
    rows.sort(key=lambda r: (order.get(r.department_id, len(order)), r.department_id, r.month))
    return rows


# --------------------------------------------------------------------------- c. quiz scores


def _attempts(
    *,
    course: CoursePage | None,
    department_ids: set[int] | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    prefix: str = "",
) -> Q:
    """Conditions on QuizAttempt rows (or, with ``prefix="attempt__"``, on QuizAnswer rows)."""
    condition = Q()
    if course is not None:
        condition &= Q(**{f"{prefix}page__path__startswith": course.path})
    if department_ids is not None:
        condition &= Q(
            **{f"{prefix}user__staff_profile__department_id__in": sorted(department_ids)}
        )
    if start is not None:
        condition &= Q(**{f"{prefix}submitted_at__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}submitted_at__lt": end})
    return condition


def _window(start: dt.datetime | None, end: dt.datetime | None) -> Q:
    return _attempts(course=None, department_ids=None, start=start, end=end)


def quiz_scores(
    *,
    course: CoursePage | None = None,
    department: Department | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet:
    """Per quiz page (a course or a lesson), over the attempts submitted in the period:
    attempts, people, average score, people who passed and the attempts they needed
    (every attempt up to and including their first pass). One grouped query (lazy).

    Each row is a dict: page_id, page_title, page_path, page_type (content type id), attempts,
    people, average_score, passed_people, attempts_until_pass."""
    start, end = day_bounds(since, until)
    department_ids = DepartmentTree().subtree([department.pk]) if department else None
    window = _window(start, end)
    same = QuizAttempt.objects.filter(
        window, user_id=OuterRef("user_id"), page_id=OuterRef("page_id")
    )
    has_passed = Exists(same.filter(passed=True))
    passed_before = Exists(
        same.filter(passed=True).filter(
            Q(submitted_at__lt=OuterRef("submitted_at"))
            | Q(submitted_at=OuterRef("submitted_at"), pk__lt=OuterRef("pk"))
        )
    )
    return (
        QuizAttempt.objects.filter(
            _attempts(course=course, department_ids=department_ids, start=start, end=end)
        )
        .values("page_id")
        .annotate(
            page_title=Max("page__title"),
            page_path=Max("page__path"),
            page_type=Max("page__content_type_id"),
            attempts=Count("pk"),
            people=Count("user_id", distinct=True),
            average_score=Avg("score"),
            passed_people=Count("user_id", distinct=True, filter=Q(passed=True)),
            attempts_until_pass=Count("pk", filter=Q(has_passed) & ~Q(passed_before)),
        )
        .order_by("page_path")
    )


# --------------------------------------------------------------------------- d. missed questions


def missed_questions(
    *,
    course: CoursePage | None = None,
    department: Department | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet:
    """Per question (page, question key), over the answers of attempts submitted in the
    period: times answered, times wrong and the wrong rate, most wrong first. One grouped
    query (lazy).

    Each row is a dict: page_id, page_title, question_key, prompt, answered, wrong,
    wrong_rate (percent)."""
    start, end = day_bounds(since, until)
    department_ids = DepartmentTree().subtree([department.pk]) if department else None
    return (
        QuizAnswer.objects.filter(
            _attempts(
                course=course,
                department_ids=department_ids,
                start=start,
                end=end,
                prefix="attempt__",
            )
        )
        .values("page_id", "question_key")
        .annotate(
            page_title=Max("page__title"),
            prompt=Max("prompt"),
            answered=Count("pk"),
            wrong=Count("pk", filter=Q(is_correct=False)),
        )
        .annotate(wrong_rate=Cast(F("wrong"), FloatField()) * 100.0 / F("answered"))
        .order_by("-wrong", "-wrong_rate", "page_id", "question_key")
    )
