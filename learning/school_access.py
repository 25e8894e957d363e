"""Who may open a course of the online school (its audience).

A course is open to everyone (the public reads it without an account), or to its chosen
departments (their sub-departments included) and chosen posts (current post assignments) —
either list admits. A course assigned to someone (learning.assignments) is open to them whatever
its audience: an inspector's assignment must not lead to a 403. Editors, inspectors and
superusers may open every course. Reads only; a handful of queries per viewer,
whatever the number of courses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.response import TemplateResponse

from core import roles
from learning.assignments import ancestors_and_self, department_parents
from organization import selectors as org

SCOPE_ATTR = "_school_audience_scope"
ALL_COURSES_GROUPS = (roles.EDITORS, roles.INSPECTORS)


@dataclass(frozen=True)
class ViewerScope:
    """What a signed-in viewer belongs to, for audience checks."""

    sees_all: bool
    department_ids: frozenset[int]  # their departments and every department above them
    post_ids: frozenset[int]
    assigned_course_ids: frozenset[int] = frozenset()


def viewer_scope(user) -> ViewerScope | None:
    """The viewer's groups, departments and posts (cached on the user object); None when
    anonymous."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, SCOPE_ATTR, None)
    if cached is not None:
        return cached
    sees_all = user.is_superuser or user.groups.filter(name__in=ALL_COURSES_GROUPS).exists()
    if sees_all:
        scope = ViewerScope(sees_all=True, department_ids=frozenset(), post_ids=frozenset())
    else:
        department_ids: set[int] = set()
        profile = org.profile_for(user)
        if profile is not None and profile.department is not None:
            department_ids.add(profile.department.pk)
        post_ids: set[int] = set()
        for assignment in org.current_assignments(user):
            post_ids.add(assignment.post_id)
            department_ids.add(assignment.post.department_id)
        parents = department_parents()  # one query for the whole (small) tree
        all_departments = {
            node for pk in department_ids for node in ancestors_and_self(pk, parents)
        }
        scope = ViewerScope(
            sees_all=False,
            department_ids=frozenset(all_departments),
            post_ids=frozenset(post_ids),
            assigned_course_ids=_assigned_course_ids(department_ids, all_departments, post_ids),
        )
    setattr(user, SCOPE_ATTR, scope)
    return scope


def _assigned_course_ids(own: set[int], with_ancestors: set[int], post_ids: set[int]):
    """Courses ever assigned to someone in these departments or posts (one query)."""
    from django.db.models import Q

    from learning.assignments import CourseAssignment

    condition = Q(department_id__in=own) | Q(
        department_id__in=with_ancestors, include_subdepartments=True
    )
    if post_ids:
        condition |= Q(post_id__in=post_ids)
    if not own and not post_ids:
        return frozenset()
    return frozenset(
        CourseAssignment.objects.filter(condition).values_list("course_id", flat=True).distinct()
    )


def _allowed(course, scope: ViewerScope | None, department_ids, post_ids) -> bool:
    from learning.school import Audience

    if course.audience == Audience.EVERYONE:
        return True
    if scope is None:
        return False
    if scope.sees_all or course.pk in scope.assigned_course_ids:
        return True
    return bool(scope.department_ids & set(department_ids)) or bool(scope.post_ids & set(post_ids))


def can_open_course(user, course) -> bool:
    """Whether ``user`` may open ``course`` (its page, lessons, quizzes)."""
    return bool(openable_courses(user, [course]))


def openable_courses(user, courses: list) -> list:
    """The courses of ``courses`` that ``user`` may open, in order (at most two queries for the
    courses, whatever their number, plus the viewer's scope once)."""
    from learning.school import Audience, CoursePage

    closed = [course.pk for course in courses if course.audience != Audience.EVERYONE]
    if not closed:
        return list(courses)
    scope = viewer_scope(user)
    if scope is None:
        return [course for course in courses if course.audience == Audience.EVERYONE]
    if scope.sees_all:
        return list(courses)
    departments: dict[int, set[int]] = {}
    posts: dict[int, set[int]] = {}
    if scope.department_ids:
        for course_id, department_id in CoursePage.departments.through.objects.filter(
            coursepage_id__in=closed
        ).values_list("coursepage_id", "department_id"):
            departments.setdefault(course_id, set()).add(department_id)
    if scope.post_ids:
        for course_id, post_id in CoursePage.posts.through.objects.filter(
            coursepage_id__in=closed
        ).values_list("coursepage_id", "post_id"):
            posts.setdefault(course_id, set()).add(post_id)
    return [
        course
        for course in courses
        if _allowed(course, scope, departments.get(course.pk, ()), posts.get(course.pk, ()))
    ]


def forbidden_response(request, *, course, page=None) -> TemplateResponse:
    """The friendly 403 page for a signed-in viewer outside a course's audience."""
    page = page or course
    return TemplateResponse(
        request,
        "learning/course_forbidden.html",
        {"page": page, "self": page, "request": request, "course": course},
        status=403,
    )
