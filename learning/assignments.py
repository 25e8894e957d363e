"""Assigned learning: inspectors assign courses to departments or posts for a month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.months import add_months, month_end, month_label, month_of


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

    def month_text(self) -> str:
        return month_label(self.month)

    def target_label(self) -> str:
        """The target in words ("Department: X (and below)", "Post: Y") for lists and exports."""
        if self.department_id:
            name = self.department.name
            if self.include_subdepartments:
                return gettext("Department: %(name)s (and below)") % {"name": name}
            return gettext("Department: %(name)s") % {"name": name}
        if self.post_id:
            return gettext("Post: %(name)s") % {"name": str(self.post)}
        return "—"

    def required_label(self) -> str:
        return pgettext("school", "Required") if self.required else pgettext("school", "Optional")

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        if bool(self.department_id) == bool(self.post_id):
            raise ValidationError(_("Choose either a department or a post."))
        if self.month and self.due_date and self.due_date < self.month:
            raise ValidationError({"due_date": _("The deadline is before the month starts.")})


# =========================================================================== reads
#
# Who is assigned a course in a month: a staff member whose department is the assignment's
# department (or below it, with ``include_subdepartments``), or who holds the assignment's
# post. A course assigned twice to the same person (say to their department and to their post)
# counts once: required if either assignment is, due on the earliest such date.

LARGE_USER_SET = 500  # above this, completions are read per course rather than per user


def effective_due_date(assignment: CourseAssignment, *, deadline: dt.date | None) -> dt.date:
    """The assignment's own due date, else the month's check-in deadline, else its last day."""
    return assignment.due_date or deadline or month_end(assignment.month)


def holder_date(month: dt.date, today: dt.date) -> dt.date:
    """The day on which post holders are counted: today, or the month's last day if earlier."""
    return min(today, month_end(month))


def month_deadlines(months) -> dict[dt.date, dt.date]:
    from learning.models import CheckinMonth

    months = set(months)
    if not months:
        return {}
    return dict(CheckinMonth.objects.filter(month__in=months).values_list("month", "deadline"))


def set_effective_due_dates(assignments, *, deadlines: dict | None = None) -> None:
    """Set ``effective_due`` on each assignment (one query unless every due date is set or
    ``deadlines`` are given)."""
    if deadlines is None:
        deadlines = month_deadlines(a.month for a in assignments if a.due_date is None)
    for assignment in assignments:
        assignment.effective_due = effective_due_date(
            assignment, deadline=deadlines.get(assignment.month)
        )


def department_parents() -> dict[int, int | None]:
    """Every department's parent id (one query; the tree is small)."""
    from organization.models import Department

    return dict(Department.objects.values_list("pk", "parent_id"))


def ancestors_and_self(department_id: int | None, parents: dict[int, int | None]) -> list[int]:
    chain: list[int] = []
    node = department_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def subtree(department_id: int, parents: dict[int, int | None]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found, frontier = {department_id}, [department_id]
    while frontier:
        node = frontier.pop()
        for child in children.get(node, ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def month_assignments(month: dt.date) -> list[CourseAssignment]:
    """The month's assignments of published courses, with the course's title and address."""
    return list(
        CourseAssignment.objects.filter(month=month_of(month), course__live=True)
        .select_related("course")
        .only(
            "pk",
            "course_id",
            "month",
            "department_id",
            "include_subdepartments",
            "post_id",
            "required",
            "due_date",
            "note",
            "course__title",
            "course__url_path",
            "course__path",
            "course__depth",
            "course__live",
        )
        .order_by("course__title", "pk")
    )


@dataclass
class AssignedCourse:
    """One course assigned to one person for a month."""

    assignment_id: int
    course_id: int
    title: str
    required: bool
    due_date: dt.date
    note: str = ""
    completed: bool = False
    completed_at: dt.datetime | None = None
    overdue: bool = False
    studied: int = 0
    total: int = 0
    url: str = ""
    course: object = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        if self.completed:
            return 100
        return round(100 * min(self.studied, self.total) / self.total) if self.total else 0

    @property
    def state(self) -> str:
        if self.completed:
            return "done"
        return "overdue" if self.overdue else "open"

    @property
    def certificate_url(self) -> str:
        return f"{self.url}certificate/" if self.completed and self.url else ""


class _Matcher:
    """Matches people (department, posts) to a month's assignments, caching per department."""

    def __init__(self, assignments: list[CourseAssignment], parents: dict[int, int | None]):
        self.by_department: dict[int, list[CourseAssignment]] = {}
        self.by_post: dict[int, list[CourseAssignment]] = {}
        for assignment in assignments:
            if assignment.department_id:
                self.by_department.setdefault(assignment.department_id, []).append(assignment)
            elif assignment.post_id:
                self.by_post.setdefault(assignment.post_id, []).append(assignment)
        self.parents = parents
        self._cache: dict[int | None, list[CourseAssignment]] = {}

    def for_department(self, department_id: int | None) -> list[CourseAssignment]:
        if department_id in self._cache:
            return self._cache[department_id]
        found: list[CourseAssignment] = []
        if department_id is not None:
            for index, node in enumerate(ancestors_and_self(department_id, self.parents)):
                for assignment in self.by_department.get(node, ()):
                    if index == 0 or assignment.include_subdepartments:
                        found.append(assignment)
        self._cache[department_id] = found
        return found

    def match(self, department_id: int | None, post_ids) -> list[CourseAssignment]:
        found = list(self.for_department(department_id))
        for post_id in post_ids:
            found.extend(self.by_post.get(post_id, ()))
        return found


def _merge(matched: list[CourseAssignment]) -> list[CourseAssignment]:
    """One assignment per course: the required one due first (then the lowest id)."""
    best: dict[int, CourseAssignment] = {}
    for assignment in sorted(matched, key=lambda a: (not a.required, a.effective_due, a.pk)):
        best.setdefault(assignment.course_id, assignment)
    return sorted(best.values(), key=lambda a: (not a.required, a.effective_due, a.course.title))


def _row(assignment: CourseAssignment, completed_at, today: dt.date) -> AssignedCourse:
    completed = completed_at is not None
    return AssignedCourse(
        assignment_id=assignment.pk,
        course_id=assignment.course_id,
        title=assignment.course.title,
        required=assignment.required,
        due_date=assignment.effective_due,
        note=assignment.note,
        completed=completed,
        completed_at=completed_at,
        overdue=assignment.required and not completed and assignment.effective_due < today,
        course=assignment.course,
    )


def _lesson_totals(courses) -> dict[int, int]:
    """Published, public lessons per course (two queries: the lessons, Wagtail's view
    restrictions). Lessons are the courses' children: matched on their parent's path."""
    from django.db.models.functions import Left

    from learning.school import LessonPage

    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    totals: dict[int, int] = dict.fromkeys(by_path.values(), 0)
    depths = sorted({course.depth for course in courses})
    lessons = LessonPage.objects.live().public()
    condition = Q()
    for depth in depths:
        paths = [c.path for c in courses if c.depth == depth]
        lessons = lessons.annotate(**{f"parent_{depth}": Left("path", depth * LessonPage.steplen)})
        condition |= Q(depth=depth + 1, **{f"parent_{depth}__in": paths})
    for path in lessons.filter(condition).values_list("path", flat=True):
        course_id = by_path.get(path[: -LessonPage.steplen])
        if course_id is not None:
            totals[course_id] += 1
    return totals


def _studied_counts(*, user, course_ids) -> dict[int, int]:
    from learning.school import LessonProgress

    return dict(
        LessonProgress.objects.filter(
            user=user,
            course_id__in=course_ids,
            studied_at__isnull=False,
            lesson__live=True,
        )
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )


UNKNOWN = object()  # "not given": the selector looks it up


def assigned_courses(
    *,
    user,
    month: dt.date,
    today: dt.date | None = None,
    progress: bool = True,
    request=None,
    department_id=UNKNOWN,
    deadline=UNKNOWN,
) -> list[AssignedCourse]:
    """The courses assigned to ``user`` for ``month``: required first, then by due date.

    Each row says whether the user has completed the course (at any time) and whether a
    required course is overdue; with ``progress``, also lessons studied / total and the course
    address. A constant number of queries whatever the number of courses: nine at most (one
    of them Wagtail's cached site root paths), two fewer when the caller already knows the
    user's ``department_id`` and the month's check-in ``deadline`` (None: no check-in month).
    """
    from learning.school import CourseCompletion
    from organization.models import PostAssignment, StaffProfile

    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    month = month_of(month)
    assignments = month_assignments(month)
    if not assignments:
        return []
    set_effective_due_dates(
        assignments, deadlines=None if deadline is UNKNOWN else {month: deadline}
    )
    if department_id is UNKNOWN:
        department_id = (
            StaffProfile.objects.filter(user=user)
            .order_by()
            .values_list("department_id", flat=True)
            .first()
        )
    post_ids: list[int] = []
    if any(a.post_id for a in assignments):
        post_ids = list(
            PostAssignment.objects.current(holder_date(month, today))
            .filter(user=user)
            .values_list("post_id", flat=True)
        )
    parents = (
        department_parents() if department_id and any(a.department_id for a in assignments) else {}
    )
    merged = _merge(_Matcher(assignments, parents).match(department_id, post_ids))
    if not merged:
        return []
    course_ids = [a.course_id for a in merged]
    completions = dict(
        CourseCompletion.objects.filter(user=user, course_id__in=course_ids).values_list(
            "course_id", "completed_at"
        )
    )
    rows = [_row(a, completions.get(a.course_id), today) for a in merged]
    if progress:
        totals = _lesson_totals(a.course for a in merged)
        studied = _studied_counts(user=user, course_ids=course_ids)
        for row in rows:
            row.total = totals.get(row.course_id, 0)
            row.studied = min(studied.get(row.course_id, 0), row.total)
            row.url = row.course.get_url(request) or ""
    return rows


def _bulk(*, members, month, today, deadline):
    """The merged assignments per user and their completions, for many people at once:
    ``({user_id: [assignment, ...]}, {(user_id, course_id): completed_at})``. At most five
    queries; people with the same department and posts share one list."""
    from learning.school import CourseCompletion
    from organization.models import PostAssignment

    if not members:
        return {}, {}
    assignments = month_assignments(month)
    if not assignments:
        return {}, {}
    set_effective_due_dates(
        assignments, deadlines={month: deadline} if deadline is not None else None
    )
    parents = department_parents() if any(a.department_id for a in assignments) else {}
    posts_of: dict[int, list[int]] = {}
    post_targets = {a.post_id for a in assignments if a.post_id}
    if post_targets:
        for user_id, post_id in (
            PostAssignment.objects.current(holder_date(month, today))
            .filter(post_id__in=post_targets)
            .values_list("user_id", "post_id")
        ):
            if user_id in members:
                posts_of.setdefault(user_id, []).append(post_id)
    matcher = _Matcher(assignments, parents)
    shared: dict[tuple, list[CourseAssignment]] = {}
    merged: dict[int, list[CourseAssignment]] = {}
    for user_id, department_id in members.items():
        posts = tuple(sorted(posts_of.get(user_id, ())))
        key = (department_id, posts)
        if key not in shared:
            shared[key] = _merge(matcher.match(department_id, posts))
        if shared[key]:
            merged[user_id] = shared[key]
    if not merged:
        return {}, {}
    completions_qs = CourseCompletion.objects.filter(
        course_id__in={a.course_id for a in assignments}
    )
    if len(merged) <= LARGE_USER_SET:
        completions_qs = completions_qs.filter(user_id__in=list(merged))
    completions: dict[tuple[int, int], dt.datetime] = {
        (user_id, course_id): completed_at
        for user_id, course_id, completed_at in completions_qs.values_list(
            "user_id", "course_id", "completed_at"
        )
    }
    return merged, completions


def assigned_courses_bulk(
    *,
    members: dict[int, int | None],
    month: dt.date,
    today: dt.date | None = None,
    deadline: dt.date | None = None,
) -> dict[int, list[AssignedCourse]]:
    """``{user_id: [AssignedCourse, ...]}`` for many people at once (``members`` maps each
    user id to their department id). At most five queries whatever the number of people or
    courses; people with nothing assigned are left out. No lesson progress or addresses."""
    today = today or timezone.localdate()
    merged, completions = _bulk(
        members=members, month=month_of(month), today=today, deadline=deadline
    )
    return {
        user_id: [_row(a, completions.get((user_id, a.course_id)), today) for a in found]
        for user_id, found in merged.items()
    }


@dataclass
class CourseCounts:
    total: int = 0
    done: int = 0
    overdue: int = 0
    open_titles: list[str] = field(default_factory=list)


def assigned_course_counts(
    *,
    members: dict[int, int | None],
    month: dt.date,
    today: dt.date | None = None,
    deadline: dt.date | None = None,
) -> dict[int, CourseCounts]:
    """Like ``assigned_courses_bulk`` but only the counts per person (for the supervisors'
    matrix of hundreds of people): assigned, completed, required and overdue, and the titles
    still open."""
    today = today or timezone.localdate()
    merged, completions = _bulk(
        members=members, month=month_of(month), today=today, deadline=deadline
    )
    result: dict[int, CourseCounts] = {}
    for user_id, found in merged.items():
        counts = CourseCounts(total=len(found))
        for assignment in found:
            if (user_id, assignment.course_id) in completions:
                counts.done += 1
                continue
            counts.open_titles.append(assignment.course.title)
            if assignment.required and assignment.effective_due < today:
                counts.overdue += 1
        result[user_id] = counts
    return result


@dataclass
class AssignmentStats:
    assigned: int = 0
    completed: int = 0


def assignment_stats(assignments, *, today: dt.date | None = None) -> dict[int, AssignmentStats]:
    """Per assignment: how many monitored staff it reaches and how many of them completed the
    course (at any time). Also sets ``effective_due`` on each. Five queries at most."""
    from learning.school import CourseCompletion
    from organization.models import PostAssignment, StaffProfile

    assignments = list(assignments)
    if not assignments:
        return {}
    today = today or timezone.localdate()
    set_effective_due_dates(assignments)
    parents = department_parents() if any(a.department_id for a in assignments) else {}
    reach: dict[int, set[int]] = {}
    department_sets = {
        a.pk: (subtree(a.department_id, parents) if a.include_subdepartments else {a.department_id})
        for a in assignments
        if a.department_id
    }
    staff_by_department: dict[int, set[int]] = {}
    wanted = set().union(*department_sets.values()) if department_sets else set()
    if wanted:
        for user_id, department_id in (
            StaffProfile.objects.monitored()
            .filter(department_id__in=wanted)
            .values_list("user_id", "department_id")
        ):
            staff_by_department.setdefault(department_id, set()).add(user_id)
    for pk, departments in department_sets.items():
        reach[pk] = set().union(*(staff_by_department.get(d, set()) for d in departments))
    post_assignments = [a for a in assignments if a.post_id]
    if post_assignments:
        holders = list(
            PostAssignment.objects.filter(
                post_id__in={a.post_id for a in post_assignments},
                user__is_active=True,
                user__staff_profile__is_monitored=True,
            ).values_list("user_id", "post_id", "start_date", "end_date")
        )
        for assignment in post_assignments:
            on = holder_date(assignment.month, today)
            reach[assignment.pk] = {
                user_id
                for user_id, post_id, start, end in holders
                if post_id == assignment.post_id and start <= on and (end is None or end >= on)
            }
    everyone = set().union(*reach.values()) if reach else set()
    completed = set()
    if everyone:
        completions = CourseCompletion.objects.filter(
            course_id__in={a.course_id for a in assignments}
        )
        if len(everyone) <= LARGE_USER_SET:
            completions = completions.filter(user_id__in=everyone)
        completed = set(completions.values_list("user_id", "course_id"))
    return {
        a.pk: AssignmentStats(
            assigned=len(reach.get(a.pk, ())),
            completed=sum(1 for u in reach.get(a.pk, ()) if (u, a.course_id) in completed),
        )
        for a in assignments
    }


# =========================================================================== writes


class AssignmentError(Exception):
    """A bulk assignment that cannot be made (message is user-facing)."""


@dataclass
class AssignResult:
    created: list[CourseAssignment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # targets that already had the course


@transaction.atomic
def assign_course(
    *,
    course,
    month: dt.date,
    departments=(),
    posts=(),
    include_subdepartments: bool = True,
    required: bool = True,
    due_date: dt.date | None = None,
    note: str = "",
    created_by=None,
) -> AssignResult:
    """Assign ``course`` for ``month`` to several departments and posts at once, in one
    transaction. Targets that already have the course that month are skipped."""
    month = month_of(month)
    departments, posts = list(departments), list(posts)
    if not departments and not posts:
        raise AssignmentError(_("Choose at least one department or post."))
    if due_date is not None and due_date < month:
        raise AssignmentError(_("The deadline is before the month starts."))
    existing = CourseAssignment.objects.filter(course=course, month=month)
    taken_departments = set(
        existing.filter(department__in=departments).values_list("department_id", flat=True)
    )
    taken_posts = set(existing.filter(post__in=posts).values_list("post_id", flat=True))
    common = {
        "course": course,
        "month": month,
        "required": required,
        "due_date": due_date,
        "note": note,
        "created_by": created_by if getattr(created_by, "pk", None) else None,
    }
    result = AssignResult()
    rows = []
    for department in departments:
        if department.pk in taken_departments:
            result.skipped.append(department.name)
            continue
        rows.append(
            CourseAssignment(
                department=department, include_subdepartments=include_subdepartments, **common
            )
        )
    for post in posts:
        if post.pk in taken_posts:
            result.skipped.append(str(post))
            continue
        rows.append(CourseAssignment(post=post, include_subdepartments=False, **common))
    for row in rows:
        row.full_clean()
        row.save()
        result.created.append(row)
    return result


@transaction.atomic
def record_course_overdue(*, today: dt.date | None = None, months_back: int = 12) -> int:
    """Daily: a WarningFact for every monitored staff member who has not completed a required
    course assigned to them whose due date has passed. Idempotent (one fact per person and
    assignment); looks back ``months_back`` months. Returns the number of new facts."""
    from learning.models import CheckinMonth, WarningFact
    from learning.warnings import record_facts
    from organization.models import StaffProfile

    today = today or timezone.localdate()
    now = timezone.now()
    current = month_of(today)
    months = sorted(
        set(
            CourseAssignment.objects.filter(
                required=True,
                course__live=True,
                month__gte=add_months(current, -months_back),
                month__lte=current,
            ).values_list("month", flat=True)
        )
    )
    if not months:
        return 0
    members = dict(StaffProfile.objects.monitored().values_list("user_id", "department_id"))
    facts: list[WarningFact] = []
    for month in months:
        checkin_month = CheckinMonth.objects.filter(month=month).first()
        per_user = assigned_courses_bulk(
            members=members,
            month=month,
            today=today,
            deadline=checkin_month.deadline if checkin_month else None,
        )
        overdue = [(u, row) for u, rows in per_user.items() for row in rows if row.overdue]
        if not overdue:
            continue
        if checkin_month is None:
            from learning.services import get_or_create_month

            checkin_month = get_or_create_month(month=month)
        facts.extend(
            WarningFact(
                kind=WarningFact.Kind.COURSE_OVERDUE,
                user_id=user_id,
                month=checkin_month,
                department_id=members.get(user_id),
                task="",
                # One fact per person, course and month, whichever assignment brought it.
                reference=f"course:{row.course_id}",
                severity="medium",
                detail={
                    "course_id": row.course_id,
                    "course_title": row.title,
                    "due_date": row.due_date.isoformat(),
                    "assignment_id": row.assignment_id,
                },
                occurred_at=now,
            )
            for user_id, row in overdue
        )
    kind = WarningFact.Kind.COURSE_OVERDUE
    before = WarningFact.objects.filter(kind=kind).count()
    record_facts(facts)
    return WarningFact.objects.filter(kind=kind).count() - before
