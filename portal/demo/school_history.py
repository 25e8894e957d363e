"""Demo assigned learning and learning history of the online school.

Course assignments for this month and the previous one (departments and posts, some required,
with deadlines), and for every demo staff member a plausible history: lessons studied, quiz
attempts with their per-question answers, and course completions with certificate numbers
(LZ-<year>-<id>, as the school numbers them). The reports, the staff area and the supervision
pages then show real figures.

Idempotent and bulk: an assignment is identified by (course, month, department or post); a
staff member who already has any learning history is left alone, so a second load writes
nothing. The outcomes are drawn from a random generator seeded with the username, so every
load tells the same story.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.months import add_months, deadline_for, month_of
from learning.assignments import CourseAssignment
from learning.quiz import QuestionBank, QuizAnswer, QuizAttempt
from learning.school import CourseCompletion, CoursePage, LessonPage, LessonProgress
from organization.models import Department, Post, PostAssignment, StaffProfile
from portal.demo import school as school_data

CERTIFICATE_PREFIX = "LZ"
MONITORED_DEPARTMENTS = (
    "市住房和城乡建设局",
    "市人力资源和社会保障局",
    "市市场监督管理局",
    "市财政局",
    "市卫生健康委员会",
    "江城区城市管理局",
)


@dataclass(frozen=True)
class AssignmentSpec:
    months_ago: int  # 0: this month, 1: the previous month
    course: str  # course slug
    department: str = ""  # a department name, or
    post: str = ""  # a post name: that post in every monitored department
    required: bool = True
    due_day: int | None = None  # day of the month; None: the month's check-in deadline
    note: str = ""


ASSIGNMENTS = (
    AssignmentSpec(
        0,
        "dangji-chufen-tiaoli",
        department="市住房和城乡建设局",
        due_day=25,
        note="结合工程建设领域专项整治开展学习",
    ),
    AssignmentSpec(0, "dangji-chufen-tiaoli", department="市财政局", due_day=25),
    AssignmentSpec(0, "lianjie-congye", post="行政审批岗", note="重点岗位人员必学"),
    AssignmentSpec(0, "lianjie-congye", post="财务管理岗", note="重点岗位人员必学"),
    AssignmentSpec(0, "lianjie-jiafeng", department="市卫生健康委员会", required=False),
    AssignmentSpec(1, "dangji-chufen-tiaoli", department="市人力资源和社会保障局", due_day=20),
    AssignmentSpec(1, "dangji-chufen-tiaoli", department="市市场监督管理局", due_day=20),
    AssignmentSpec(1, "dangji-chufen-tiaoli", department="江城区城市管理局", due_day=20),
    AssignmentSpec(1, "dangji-chufen-tiaoli", department="市卫生健康委员会", due_day=20),
    AssignmentSpec(1, "lianjie-congye", post="执法检查岗", due_day=28),
    AssignmentSpec(1, "lianjie-congye", post="综合办公岗", due_day=28),
    AssignmentSpec(1, "lianjie-jiafeng", department="市住房和城乡建设局", required=False),
)

# Chance that an assigned course is completed / started but unfinished, by months ago.
OUTCOMES = {0: (0.45, 0.3), 1: (0.75, 0.15)}
# Chance that a staff member studies the open family-values course without being assigned it.
VOLUNTARY = ("lianjie-jiafeng", 0.3)


# --------------------------------------------------------------------------- assignments


def ensure_assignments(*, today: dt.date, report: Any = None) -> int:
    """The demo course assignments (missing ones created); returns how many were created."""
    this_month = month_of(today)
    courses = {
        c.slug: c for c in CoursePage.objects.filter(slug__in={a.course for a in ASSIGNMENTS})
    }
    departments = {
        d.name: d
        for d in Department.objects.filter(parent__isnull=True, name__in=MONITORED_DEPARTMENTS)
    }
    posts = defaultdict(list)
    for post in Post.objects.filter(department__in=departments.values()).order_by(
        "department__sort_order"
    ):
        posts[post.name].append(post)
    inspector = get_user_model().objects.filter(username="inspector").first()
    existing = set(
        CourseAssignment.objects.filter(
            month__in=[add_months(this_month, -1), this_month]
        ).values_list("course_id", "month", "department_id", "post_id")
    )
    wanted = []
    for spec in ASSIGNMENTS:
        course = courses.get(spec.course)
        if course is None:
            continue
        month = add_months(this_month, -spec.months_ago)
        targets = (
            [(departments.get(spec.department), None)]
            if spec.department
            else [(None, post) for post in posts.get(spec.post, [])]
        )
        for department, post in targets:
            if department is None and post is None:
                continue
            key = (
                course.pk,
                month,
                department.pk if department else None,
                post.pk if post else None,
            )
            status = "unchanged" if key in existing else "created"
            if report is not None:
                report.tally("course assignments").add(status)
            if status == "unchanged":
                continue
            existing.add(key)
            wanted.append(
                CourseAssignment(
                    course=course,
                    month=month,
                    department=department,
                    include_subdepartments=True,
                    post=post,
                    required=spec.required,
                    due_date=deadline_for(month, spec.due_day) if spec.due_day else None,
                    note=spec.note,
                    created_by=inspector,
                )
            )
    CourseAssignment.objects.bulk_create(wanted)
    return len(wanted)


# --------------------------------------------------------------------------- quiz questions


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    prompt: str
    options: tuple[str, ...]  # option values
    correct: frozenset[str]
    wrong_chance: float


def _question(key: str, value: dict, wrong_chance: float) -> Question | None:
    if value.get("kind") == "true_false":
        options = ("true", "false")
        correct = frozenset({"true" if value.get("statement_true") else "false"})
    else:
        choices = value.get("choices") or []
        options = tuple(str(i) for i in range(len(choices)))
        correct = frozenset(str(i) for i, c in enumerate(choices) if c.get("correct"))
    if not options or not correct:
        return None
    return Question(
        key, value.get("kind", "single"), value.get("prompt", ""), options, correct, wrong_chance
    )


@dataclass
class Quiz:
    page: Any
    fixed: list[Question]
    draws: list[tuple[list[Question], int]]  # (bank questions, how many to draw)
    pass_mark: int
    max_attempts: int

    def paper(self, rng: random.Random) -> list[Question]:
        questions = list(self.fixed)
        for pool, count in self.draws:
            questions += rng.sample(pool, min(count, len(pool)))
        return questions


def _quiz_of(page, banks: dict[int, list[Question]]) -> Quiz | None:
    fixed, draws = [], []
    for block in page.quiz.raw_data:
        if block["type"] == "question":
            question = _question(str(block["id"]), block["value"], 0.3)
            if question is not None:
                fixed.append(question)
        elif block["type"] == "bank_draw":
            pool = banks.get(block["value"].get("bank"))
            if pool:
                draws.append((pool, int(block["value"].get("count") or 1)))
    if not fixed and not draws:
        return None
    return Quiz(page, fixed, draws, page.quiz_pass_mark, page.quiz_max_attempts or 3)


def _banks() -> dict[int, list[Question]]:
    banks = {}
    difficulty = {
        school_data.block_id("bank", str(i)): chance
        for i, chance in enumerate(school_data.BANK_DIFFICULTY)
    }
    for bank in QuestionBank.objects.all():
        pool = []
        for block in bank.questions.raw_data:
            if block["type"] != "question":
                continue
            key = f"bank:{bank.pk}:{block['id']}"
            question = _question(key, block["value"], difficulty.get(str(block["id"]), 0.25))
            if question is not None:
                pool.append(question)
        banks[bank.pk] = pool
    return banks


# --------------------------------------------------------------------------- history


@dataclass
class Rows:
    progress: list[LessonProgress]
    attempts: list[tuple[QuizAttempt, list[QuizAnswer]]]
    completions: list[CourseCompletion]


class Story:
    """One staff member's learning, written as unsaved rows."""

    def __init__(self, *, user_id: int, department_id: int | None, username: str, now: dt.datetime):
        self.user_id = user_id
        self.department_id = department_id
        self.rng = random.Random(f"demo-school:{username}")
        self.ability = self.rng.uniform(-0.12, 0.12)
        self.now = now
        self.rows = Rows([], [], [])

    def moment(self, month: dt.date) -> dt.datetime:
        """A working-hours moment in ``month``, never later than now."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(month, dt.time(8, 30), tz)
        end = min(dt.datetime.combine(add_months(month, 1), dt.time.min, tz), self.now)
        if end <= start:
            return self.now - dt.timedelta(minutes=30)
        span = (end - start).total_seconds()
        return start + dt.timedelta(seconds=self.rng.uniform(0, span * 0.8))

    def later(self, moment: dt.datetime, minutes: tuple[int, int]) -> dt.datetime:
        return min(moment + dt.timedelta(minutes=self.rng.randint(*minutes)), self.now)

    def study(self, *, course, lessons, quizzes: dict[int, Quiz], month: dt.date, outcome: str):
        """``outcome``: "completed" (every lesson studied, every quiz passed) or "started"."""
        moment = self.moment(month)
        studied = (
            lessons
            if outcome == "completed"
            else lessons[: self.rng.randint(0, max(0, len(lessons) - 1))]
        )
        all_passed = True
        for lesson in studied:
            progress = LessonProgress(
                user_id=self.user_id,
                lesson_id=lesson.pk,
                course_id=course.pk,
                text_shown_at=moment,
                video_fraction=1.0 if lesson.video_file_id else 0.0,
            )
            passed = True
            if lesson.pk in quizzes:  # a lesson with a quiz is studied once the quiz is passed
                moment, passed, _best = self.take(
                    quizzes[lesson.pk], moment, must_pass=outcome == "completed"
                )
                all_passed &= passed
            progress.studied_at = moment if passed else None
            self.rows.progress.append(progress)
            moment = self.later(moment, (10, 90))
        best = None
        course_quiz = quizzes.get(course.pk)
        if course_quiz is not None and (outcome == "completed" or self.rng.random() < 0.5):
            moment, passed, best = self.take(course_quiz, moment, must_pass=outcome == "completed")
            all_passed &= passed
        if outcome == "completed" and all_passed:
            self.rows.completions.append(
                CourseCompletion(
                    user_id=self.user_id,
                    course_id=course.pk,
                    department_id=self.department_id,
                    completed_at=moment,
                    score=best,
                )
            )

    def take(self, quiz: Quiz, moment: dt.datetime, *, must_pass: bool):
        """Attempts until passed (or the attempts run out); (last moment, passed, best score)."""
        best, passed = None, False
        for number in range(1, quiz.max_attempts + 1):
            moment = self.later(moment, (3, 40 if number == 1 else 600))
            last = number == quiz.max_attempts
            score, passed = self.attempt(quiz, moment, force_pass=must_pass and last)
            best = score if best is None else max(best, score)
            if passed or not must_pass:
                break
        return moment, passed, best

    def attempt(self, quiz: Quiz, moment: dt.datetime, *, force_pass: bool) -> tuple[int, bool]:
        paper = quiz.paper(self.rng)
        right = [self.rng.random() >= max(0.02, q.wrong_chance - self.ability) for q in paper]
        needed = -(-quiz.pass_mark * len(paper) // 100)  # ceil
        while force_pass and sum(right) < needed:
            right[right.index(False)] = True
        answers, chosen_by_number = [], {}
        for number, (question, is_right) in enumerate(zip(paper, right, strict=True), start=1):
            chosen = self.choose(question, is_right)
            chosen_by_number[number] = sorted(chosen)
            answers.append(
                QuizAnswer(
                    page_id=quiz.page.pk,
                    question_key=question.key,
                    prompt=question.prompt,
                    chosen=sorted(chosen),
                    is_correct=is_right,
                )
            )
        score = round(100 * sum(right) / len(paper)) if paper else 0
        passed = bool(paper) and score >= quiz.pass_mark
        attempt = QuizAttempt(
            user_id=self.user_id,
            page_id=quiz.page.pk,
            score=score,
            passed=passed,
            answers=chosen_by_number,
            question_count=len(paper),
            correct_count=sum(right),
            submitted_at=moment,
        )
        self.rows.attempts.append((attempt, answers))
        return score, passed

    def choose(self, question: Question, is_right: bool) -> set[str]:
        if is_right:
            return set(question.correct)
        wrong = [o for o in question.options if o not in question.correct]
        if question.kind == "multiple":
            # A typical mistake: one right answer missed, or a wrong one ticked.
            picked = set(question.correct)
            if wrong and (len(picked) == 1 or self.rng.random() < 0.5):
                picked.add(self.rng.choice(wrong))
            else:
                picked.discard(self.rng.choice(sorted(picked)))
            return picked
        return {self.rng.choice(wrong)} if wrong else set()


def _certificate_number(completion: CourseCompletion) -> str:
    """LZ-<year>-<id>, as learning.school_progress numbers the completions it writes."""
    year = timezone.localtime(completion.completed_at).year
    return f"{CERTIFICATE_PREFIX}-{year}-{completion.pk:06d}"


def _create_completions(completions: list[CourseCompletion]) -> None:
    """Bulk-create the completions, then number them from their ids (two bulk writes)."""
    completions.sort(key=lambda c: c.completed_at)
    for completion in completions:
        completion.certificate_number = f"tmp-{uuid.uuid4().hex[:24]}"
    CourseCompletion.objects.bulk_create(completions, batch_size=1000)
    for completion in completions:
        completion.certificate_number = _certificate_number(completion)
    CourseCompletion.objects.bulk_update(completions, ["certificate_number"], batch_size=1000)


@transaction.atomic
def build_school_history(
    *, today: dt.date, report: Any = None, log: Callable[[str], None] = lambda _msg: None
) -> dict[str, int]:
    """Assignments and the demo staff's learning history; returns the rows written."""
    assignments = ensure_assignments(today=today, report=report)
    this_month = month_of(today)
    courses = {
        c.pk: c
        for c in CoursePage.objects.filter(slug__in=[c["slug"] for c in school_data.COURSES])
    }
    lessons = defaultdict(list)
    of_courses = Q(pk__in=[])
    for course in courses.values():
        of_courses |= Q(path__startswith=course.path, depth=course.depth + 1)
    for lesson in LessonPage.objects.filter(of_courses).order_by("path"):
        lessons[lesson.path[: -LessonPage.steplen]].append(lesson)
    banks = _banks()
    quizzes = {}
    for page in [*courses.values(), *(lesson for group in lessons.values() for lesson in group)]:
        quiz = _quiz_of(page, banks)
        if quiz is not None:
            quizzes[page.pk] = quiz

    profiles = list(
        StaffProfile.objects.monitored()
        .filter(department__name__in=MONITORED_DEPARTMENTS, department__parent__isnull=True)
        .select_related("user")
        .order_by("user__username")
    )
    user_ids = [p.user_id for p in profiles]
    with_history = (
        set(
            LessonProgress.objects.filter(user_id__in=user_ids, course_id__in=courses).values_list(
                "user_id", flat=True
            )
        )
        | set(
            CourseCompletion.objects.filter(
                user_id__in=user_ids, course_id__in=courses
            ).values_list("user_id", flat=True)
        )
        | set(
            QuizAttempt.objects.filter(user_id__in=user_ids, page_id__in=quizzes).values_list(
                "user_id", flat=True
            )
        )
    )
    held_posts = defaultdict(set)
    for user_id, post_id in (
        PostAssignment.objects.current(this_month)
        .filter(user_id__in=user_ids)
        .values_list("user_id", "post_id")
    ):
        held_posts[user_id].add(post_id)
    reach = defaultdict(list)  # (department id or post id marker) -> [(month, course id)]
    for row in (
        CourseAssignment.objects.filter(
            month__in=[add_months(this_month, -1), this_month], course_id__in=courses
        )
        .order_by("month", "pk")
        .values("month", "course_id", "department_id", "post_id")
    ):
        target = ("d", row["department_id"]) if row["department_id"] else ("p", row["post_id"])
        reach[target].append((row["month"], row["course_id"]))
    voluntary = next((c for c in courses.values() if c.slug == VOLUNTARY[0]), None)

    now = timezone.now()
    stories = []
    for profile in profiles:
        if profile.user_id in with_history:
            if report is not None:
                report.tally("school history").add("unchanged")
            continue
        story = Story(
            user_id=profile.user_id,
            department_id=profile.department_id,
            username=profile.user.username,
            now=now,
        )
        assigned: dict[int, dt.date] = {}
        for target in [
            ("d", profile.department_id),
            *(("p", p) for p in held_posts[profile.user_id]),
        ]:
            for month, course_id in reach.get(target, []):
                assigned.setdefault(course_id, month)
        for course_id, month in sorted(assigned.items(), key=lambda item: (item[1], item[0])):
            months_ago = (this_month.year - month.year) * 12 + this_month.month - month.month
            complete, start = OUTCOMES.get(months_ago, OUTCOMES[1])
            draw = story.rng.random()
            outcome = (
                "completed" if draw < complete else "started" if draw < complete + start else ""
            )
            if outcome:
                course = courses[course_id]
                story.study(
                    course=course,
                    lessons=lessons[course.path],
                    quizzes=quizzes,
                    month=month,
                    outcome=outcome,
                )
        if (
            voluntary is not None
            and voluntary.pk not in assigned
            and story.rng.random() < VOLUNTARY[1]
        ):
            story.study(
                course=voluntary,
                lessons=lessons[voluntary.path],
                quizzes=quizzes,
                month=add_months(this_month, -story.rng.randint(0, 1)),
                outcome="completed",
            )
        stories.append(story)
        if report is not None:
            written = story.rows.progress or story.rows.attempts or story.rows.completions
            report.tally("school history").add("created" if written else "unchanged")

    progress = [row for s in stories for row in s.rows.progress]
    attempts = [pair for s in stories for pair in s.rows.attempts]
    completions = [row for s in stories for row in s.rows.completions]
    LessonProgress.objects.bulk_create(progress, batch_size=1000)
    QuizAttempt.objects.bulk_create([a for a, _answers in attempts], batch_size=1000)
    answers = []
    for attempt, rows in attempts:
        for row in rows:
            row.attempt = attempt
            answers.append(row)
    QuizAnswer.objects.bulk_create(answers, batch_size=2000)
    _create_completions(completions)
    written = {
        "assignments": assignments,
        "lesson progress": len(progress),
        "quiz attempts": len(attempts),
        "quiz answers": len(answers),
        "completions": len(completions),
    }
    log("school history: " + ", ".join(f"{count} {name}" for name, count in written.items()))
    return written
