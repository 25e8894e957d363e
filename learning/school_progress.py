"""Writes and reads for online-school progress (staff only; nothing for anonymous users)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from learning.quiz import QuizAttempt, has_passed
from learning.school import VIDEO_STUDIED_FRACTION, CoursePage, LessonPage, LessonProgress


def _is_studied(progress: LessonProgress, lesson: LessonPage) -> bool:
    if progress.text_shown_at is None:
        return False
    return not lesson.tracks_video or progress.video_fraction >= VIDEO_STUDIED_FRACTION


@transaction.atomic
def record_lesson_view(*, user, lesson: LessonPage) -> LessonProgress | None:
    """Record that the lesson's text was shown to ``user`` (no-op for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"course_id": lesson.get_parent().pk}
    )
    if progress.text_shown_at is None:
        progress.text_shown_at = now
    if progress.studied_at is None and _is_studied(progress, lesson):
        progress.studied_at = now
    progress.save()
    return progress


@transaction.atomic
def record_video_progress(*, user, lesson: LessonPage, fraction: float) -> LessonProgress:
    """Keep the highest watched fraction reported; mark studied at ≥ 90% with the text shown.

    Only uploaded videos are measured; a lesson with an embedded video only counts as studied
    when its text is shown (the provider's player cannot report progress to us).
    """
    fraction = min(max(float(fraction), 0.0), 1.0)
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"course_id": lesson.get_parent().pk}
    )
    progress.video_fraction = max(progress.video_fraction, fraction)
    if progress.studied_at is None and _is_studied(progress, lesson):
        progress.studied_at = timezone.now()
    progress.save()
    return progress


@dataclass
class CourseProgress:
    tracked: bool
    total: int = 0
    studied: int = 0
    studied_ids: set[int] = field(default_factory=set)
    resume_lesson: LessonPage | None = None
    started: bool = False
    quiz_required: bool = False
    quiz_passed: bool = False

    @property
    def complete(self) -> bool:
        lessons_done = self.total > 0 and self.studied == self.total
        return self.tracked and lessons_done and (self.quiz_passed or not self.quiz_required)

    @property
    def percent(self) -> int:
        return round(100 * self.studied / self.total) if self.total else 0


def course_progress(*, user, course: CoursePage, lessons: list[LessonPage]) -> CourseProgress:
    """The user's progress in ``course`` (one query); untracked for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return CourseProgress(tracked=False, total=len(lessons))
    rows = list(
        LessonProgress.objects.filter(user=user, course=course)
        .order_by("-updated_at", "-pk")
        .values("lesson_id", "studied_at", "updated_at")
    )
    by_id = {lesson.pk: lesson for lesson in lessons}
    studied_ids = {r["lesson_id"] for r in rows if r["studied_at"] and r["lesson_id"] in by_id}
    resume = None
    # Resume at the last lesson visited if it is not finished, otherwise at the next unstudied.
    if rows and rows[0]["lesson_id"] in by_id and rows[0]["lesson_id"] not in studied_ids:
        resume = by_id[rows[0]["lesson_id"]]
    if resume is None:
        resume = next((lesson for lesson in lessons if lesson.pk not in studied_ids), None)
    return CourseProgress(
        tracked=True,
        total=len(lessons),
        studied=len(studied_ids),
        studied_ids=studied_ids,
        resume_lesson=resume,
        started=bool(rows),
        quiz_required=course.has_quiz,
        quiz_passed=course.has_quiz and has_passed(user=user, page=course),
    )


def completed_courses(*, user) -> set[int]:
    """Ids of the courses whose live lessons the user has all studied (three queries)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    studied = set(
        LessonProgress.objects.filter(user=user, studied_at__isnull=False).values_list(
            "course_id", "lesson_id"
        )
    )
    courses = CoursePage.objects.filter(pk__in={c for c, _l in studied})
    course_paths = dict(courses.values_list("path", "pk"))
    with_quiz = {course.pk for course in courses.only("pk", "quiz") if course.has_quiz}
    passed = set(
        QuizAttempt.objects.filter(user=user, passed=True, page_id__in=with_quiz).values_list(
            "page_id", flat=True
        )
    )
    if not course_paths:
        return set()
    prefix = Q()
    for course_path in course_paths:
        prefix |= Q(path__startswith=course_path)
    lessons_by_course: dict[int, set[int]] = {}
    for pk, path in LessonPage.objects.live().public().filter(prefix).values_list("pk", "path"):
        course_id = course_paths.get(path[: -LessonPage.steplen])
        if course_id is not None:
            lessons_by_course.setdefault(course_id, set()).add(pk)
    return {
        course_id
        for course_id, lesson_ids in lessons_by_course.items()
        if (course_id not in with_quiz or course_id in passed)
        and all((course_id, lesson_id) in studied for lesson_id in lesson_ids)
    }
