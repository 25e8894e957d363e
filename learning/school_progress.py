"""Writes and reads for online-school progress (staff only; nothing for anonymous users).

A lesson is studied when its text was shown, an uploaded video was watched to 90% and its quiz
(if it has one) was passed. A course is complete when all its live lessons are studied and its
own quiz (if any) was passed; the CourseCompletion is written once, at that moment, and the
certificate is printed from it. ``record_completion_if_complete`` is the service other parts of
the school call.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from learning.quiz import QuizAttempt, QuizStatus, has_passed, quiz_statuses
from learning.school import (
    VIDEO_STUDIED_FRACTION,
    CourseCompletion,
    CoursePage,
    LessonPage,
    LessonProgress,
)

CERTIFICATE_PREFIX = "LZ"


def _material_done(progress: LessonProgress, lesson: LessonPage) -> bool:
    """The text was shown and an uploaded video watched to 90%."""
    if progress.text_shown_at is None:
        return False
    return not lesson.tracks_video or progress.video_fraction >= VIDEO_STUDIED_FRACTION


def _mark_studied_if_done(*, user, progress: LessonProgress, lesson: LessonPage) -> bool:
    """Set ``studied_at`` when every condition is met; True when the lesson became studied."""
    if progress.studied_at is not None or not _material_done(progress, lesson):
        return False
    if lesson.has_quiz and not has_passed(user=user, page=lesson):
        return False
    progress.studied_at = timezone.now()
    return True


def _lesson_progress(*, user, lesson: LessonPage) -> tuple[LessonProgress, bool]:
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if progress is not None:
        return progress, False
    try:
        with transaction.atomic():
            return LessonProgress.objects.create(
                user=user, lesson=lesson, course_id=lesson.get_parent().pk
            ), True
    except IntegrityError:  # created by a parallel request
        return LessonProgress.objects.select_for_update().get(user=user, lesson=lesson), False


@transaction.atomic
def record_lesson_view(*, user, lesson: LessonPage) -> LessonProgress | None:
    """Record that the lesson's text was shown to ``user`` (no-op for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return None
    progress, _created = _lesson_progress(user=user, lesson=lesson)
    if progress.text_shown_at is None:
        progress.text_shown_at = timezone.now()
    became_studied = _mark_studied_if_done(user=user, progress=progress, lesson=lesson)
    progress.save()
    if became_studied:
        _complete_course_of(user=user, course_id=progress.course_id)
    return progress


@transaction.atomic
def record_video_progress(*, user, lesson: LessonPage, fraction: float) -> LessonProgress:
    """Keep the highest watched fraction reported; mark studied at ≥ 90% with the text shown
    (and the lesson's quiz passed).

    Only uploaded videos are measured; a lesson with an embedded video only counts as studied
    when its text is shown (the provider's player cannot report progress to us).
    """
    fraction = min(max(float(fraction), 0.0), 1.0)
    progress, _created = _lesson_progress(user=user, lesson=lesson)
    progress.video_fraction = max(progress.video_fraction, fraction)
    became_studied = _mark_studied_if_done(user=user, progress=progress, lesson=lesson)
    progress.save()
    if became_studied:
        _complete_course_of(user=user, course_id=progress.course_id)
    return progress


@transaction.atomic(savepoint=False)
def record_quiz_passed(*, user, page) -> CourseCompletion | None:
    """After a passed quiz: the lesson may now be studied, the course complete."""
    if isinstance(page, LessonPage):
        progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=page).first()
        if progress is None:
            return None  # the lesson was never opened: studied when it is
        if _mark_studied_if_done(user=user, progress=progress, lesson=page):
            progress.save(update_fields=["studied_at", "updated_at"])
        if progress.studied_at is None:
            return None
        return _complete_course_of(user=user, course_id=progress.course_id)
    if isinstance(page, CoursePage):
        return record_completion_if_complete(user=user, course=page)
    return None


def _complete_course_of(*, user, course_id: int) -> CourseCompletion | None:
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return None
    return record_completion_if_complete(user=user, course=course)


def _certificate_number(completion: CourseCompletion) -> str:
    year = timezone.localtime(completion.completed_at).year
    return f"{CERTIFICATE_PREFIX}-{year}-{completion.pk:06d}"


def _best_score(*, user, course: CoursePage) -> int | None:
    if not course.has_quiz:
        return None
    return QuizAttempt.objects.filter(user=user, page_id=course.pk).aggregate(best=Max("score"))[
        "best"
    ]


def _department_id(user) -> int | None:
    from organization import selectors as org

    profile = org.profile_for(user)
    return profile.department_id if profile is not None else None


def is_course_complete(*, user, course: CoursePage) -> bool:
    """All live lessons studied and the course quiz (if any) passed; a course with neither
    lessons nor a quiz is never complete."""
    if not getattr(user, "is_authenticated", False):
        return False
    lesson_ids = set(course.lessons().values_list("pk", flat=True))
    if not lesson_ids and not course.has_quiz:
        return False
    if lesson_ids:
        studied = set(
            LessonProgress.objects.filter(
                user=user, lesson_id__in=lesson_ids, studied_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
        if studied != lesson_ids:
            return False
    return not course.has_quiz or has_passed(user=user, page=course)


@transaction.atomic(savepoint=False)
def record_completion_if_complete(*, user, course: CoursePage) -> CourseCompletion | None:
    """Write the user's CourseCompletion once, when the course has become complete.

    Returns the completion (the existing one when it was written before), or None when the
    course is not complete. The department is the user's department now, the score the best
    course-quiz score (None without a course quiz), the certificate number ``LZ-<year>-<id>``.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    existing = CourseCompletion.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    if not is_course_complete(user=user, course=course):
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                user=user,
                course=course,
                department_id=_department_id(user),
                completed_at=now,
                score=_best_score(user=user, course=course),
                certificate_number=f"tmp-{uuid.uuid4().hex[:24]}",
            )
            completion.certificate_number = _certificate_number(completion)
            CourseCompletion.objects.filter(pk=completion.pk).update(
                certificate_number=completion.certificate_number
            )
    except IntegrityError:  # written by a parallel request
        return (
            CourseCompletion.objects.filter(user=user, course=course)
            .select_related("department__parent")  # the certificate shows the department's path
            .first()
        )
    return completion


# --- reads -----------------------------------------------------------------------------------


@dataclass
class LessonRow:
    lesson: LessonPage
    studied: bool = False
    viewed: bool = False  # its text was shown (studied or not)
    quiz: QuizStatus | None = None  # None: the lesson has no quiz


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
    quiz: QuizStatus | None = None  # the course quiz, None without one
    rows: list[LessonRow] = field(default_factory=list)
    completion: CourseCompletion | None = None

    @property
    def lessons_done(self) -> bool:
        return self.studied == self.total

    @property
    def complete(self) -> bool:
        if self.completion is not None:
            return True
        has_work = self.total > 0 or self.quiz_required
        return (
            self.tracked
            and has_work
            and self.lessons_done
            and (self.quiz_passed or not self.quiz_required)
        )

    @property
    def percent(self) -> int:
        return round(100 * self.studied / self.total) if self.total else 0


def course_progress(*, user, course: CoursePage, lessons: list[LessonPage]) -> CourseProgress:
    """The user's progress in ``course`` (three queries: lesson progress, quiz results,
    completion); untracked for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return CourseProgress(
            tracked=False,
            total=len(lessons),
            quiz_required=course.has_quiz,
            rows=[LessonRow(lesson=lesson) for lesson in lessons],
        )
    rows = list(
        LessonProgress.objects.filter(user=user, course=course)
        .order_by("-updated_at", "-pk")
        .values("lesson_id", "studied_at", "text_shown_at", "updated_at")
    )
    by_id = {lesson.pk: lesson for lesson in lessons}
    viewed_ids = {r["lesson_id"] for r in rows if r["text_shown_at"]}
    studied_ids = {r["lesson_id"] for r in rows if r["studied_at"] and r["lesson_id"] in by_id}
    resume = None
    # Resume at the last lesson visited if it is not finished, otherwise at the next unstudied.
    if rows and rows[0]["lesson_id"] in by_id and rows[0]["lesson_id"] not in studied_ids:
        resume = by_id[rows[0]["lesson_id"]]
    if resume is None:
        resume = next((lesson for lesson in lessons if lesson.pk not in studied_ids), None)
    quiz_pages = [lesson.pk for lesson in lessons if lesson.has_quiz]
    if course.has_quiz:
        quiz_pages.append(course.pk)
    statuses = quiz_statuses(user=user, page_ids=quiz_pages)
    course_quiz = statuses.get(course.pk, QuizStatus()) if course.has_quiz else None
    return CourseProgress(
        tracked=True,
        total=len(lessons),
        studied=len(studied_ids),
        studied_ids=studied_ids,
        resume_lesson=resume,
        started=bool(rows),
        quiz_required=course.has_quiz,
        quiz_passed=bool(course_quiz and course_quiz.passed),
        quiz=course_quiz,
        rows=[
            LessonRow(
                lesson=lesson,
                studied=lesson.pk in studied_ids,
                viewed=lesson.pk in viewed_ids,
                quiz=statuses.get(lesson.pk, QuizStatus()) if lesson.has_quiz else None,
            )
            for lesson in lessons
        ],
        completion=CourseCompletion.objects.filter(user=user, course=course).first(),
    )


def completion_for(*, user, course: CoursePage) -> CourseCompletion | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CourseCompletion.objects.filter(user=user, course=course)
        .select_related("department__parent")  # the certificate shows the department's path
        .first()
    )


def completed_courses(*, user) -> set[int]:
    """Ids of the courses the user completed (one query; a completion, once written, stays)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(CourseCompletion.objects.filter(user=user).values_list("course_id", flat=True))


def lesson_moved(*, lesson_id: int, course_id: int) -> int:
    """A lesson now belongs to another course: its progress rows follow it. Completions of the
    old course stay (they were earned); the new course may now be complete for some people,
    which is recorded when they next study or pass a quiz in it. Returns the rows moved."""
    return LessonProgress.objects.filter(lesson_id=lesson_id).update(course_id=course_id)
