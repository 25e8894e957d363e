"""Quizzes of the online school: questions edited as StreamField blocks on a course or lesson,
graded on the server; staff attempts are stored and limited, the public's are not."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.snippets.blocks import SnippetChooserBlock

MAX_ANSWER_LENGTH = 64


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer text"), max_length=300)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=pgettext_lazy("school", "question type"), choices=QuestionKind.choices
    )
    prompt = blocks.TextBlock(label=_("question"))
    choices = blocks.ListBlock(
        ChoiceBlock(),
        label=_("answers"),
        required=False,
        help_text=_("For true-or-false questions, leave empty and tick 'statement is true'."),
    )
    statement_true = blocks.BooleanBlock(label=_("statement is true"), required=False)
    explanation = blocks.TextBlock(label=pgettext_lazy("school", "explanation"), required=False)

    class Meta:
        icon = "help"
        label = _("question")

    def clean(self, value):
        """Refuse questions nobody could answer right: a choice question needs two answers or
        more, a single-choice question exactly one correct answer, a multiple-choice question
        at least one."""
        value = super().clean(value)
        kind = value.get("kind")
        if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return value
        choices = [choice for choice in value.get("choices") or [] if choice.get("text")]
        correct = sum(1 for choice in choices if choice.get("correct"))
        message = None
        if len(choices) < 2:
            message = _("Give at least two answers.")
        elif kind == QuestionKind.SINGLE and correct != 1:
            message = _("A single-choice question needs exactly one correct answer.")
        elif kind == QuestionKind.MULTIPLE and correct < 1:
            message = _("Mark at least one correct answer.")
        if message:
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(message)}
            )
        return value


class BankDrawBlock(blocks.StructBlock):
    """Draw some questions at random from a question bank, a fresh draw for every paper."""

    bank = SnippetChooserBlock("learning.QuestionBank", label=_("question bank"))
    count = blocks.IntegerBlock(label=_("questions to draw"), min_value=1, max_value=100, default=5)

    class Meta:
        icon = "list-ul"
        label = _("random questions from a bank")


def quiz_stream_blocks():
    return [("question", QuestionBlock()), ("bank_draw", BankDrawBlock())]


class QuestionBank(models.Model):
    """A reusable pool of questions; quizzes draw from it at random (题库随机组卷)."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(pgettext_lazy("school", "description"), blank=True)
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=pgettext_lazy("school", "questions"),
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("questions")]

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def question_count(self) -> int:
        """Questions in the bank (finished or not)."""
        return sum(1 for block in self.questions.raw_data if block.get("type") == "question")

    question_count.short_description = pgettext_lazy("school", "questions")


class QuizPaper(models.Model):
    """The paper drawn for a staff member's next attempt: which questions, in which order.

    Kept until it is submitted, so reloading the quiz shows the same paper and the answers
    are graded against the questions that were shown (the public's paper is kept in the
    session instead).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_papers"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    question_keys = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quiz paper")
        verbose_name_plural = _("quiz papers")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="learning_quizpaper_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.page_id}"


class QuizAttempt(models.Model):
    """One staff member's submitted attempt at the quiz of a course or lesson page."""

    # Not content: keep the attempts out of Wagtail's reference index (a write per attempt).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    passed = models.BooleanField(_("passed"), default=False)
    answers = models.JSONField(_("answers"), default=dict)
    question_count = models.PositiveSmallIntegerField(
        pgettext_lazy("school", "questions"), default=0
    )
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["user", "page"])]
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.page_id}: {self.score}"

    def user_name(self) -> str:
        from organization.models import display_name

        return display_name(self.user)

    user_name.short_description = pgettext_lazy("school", "name")


class QuizAnswer(models.Model):
    """One question of a submitted attempt: which question, what was chosen, right or wrong
    (the reports count the questions most often answered wrong from these rows)."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answer_rows")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # The question's stable key: "<block id>" on the page, "bank:<bank id>:<block id>" in a bank.
    question_key = models.CharField(max_length=100)
    prompt = models.TextField(_("question"))
    chosen = models.JSONField(default=list)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        indexes = [models.Index(fields=["page", "question_key"])]

    def __str__(self) -> str:
        return f"{self.attempt_id} / {self.question_key}"


# --- questions and papers -------------------------------------------------------------------

SESSION_PREFIX = "school-quiz-paper:"
MAX_SESSION_PAPERS = 20
BANK_PREFIX = "bank:"


@dataclass(frozen=True)
class Question:
    """A question as asked on a paper; ``options`` are in the order shown, their values are the
    answers' positions in the question as edited (so shuffling never changes grading)."""

    key: str
    kind: str
    prompt: str
    options: tuple[tuple[str, str], ...]  # (value, label)
    correct: frozenset[str]
    explanation: str

    @property
    def field_name(self) -> str:
        return f"q-{self.key}"

    @property
    def multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE


@dataclass
class QuestionResult:
    number: int
    key: str
    prompt: str
    kind: str
    options: tuple[tuple[str, str], ...]
    chosen: set[str]
    correct_values: frozenset[str]
    explanation: str

    @property
    def is_correct(self) -> bool:
        return self.chosen == self.correct_values

    @property
    def marked_options(self) -> list[tuple[str, bool, bool]]:
        """(label, chosen, correct) for each option, for the feedback."""
        return [
            (label, value in self.chosen, value in self.correct_values)
            for value, label in self.options
        ]

    @property
    def correct_labels(self) -> str:
        return "；".join(label for value, label in self.options if value in self.correct_values)


@dataclass
class Paper:
    """The questions drawn for one attempt, resolved against the current question texts."""

    keys: list[str]
    seed: str
    questions: list[Question]


def bank_key(bank_id: int, block_id: str) -> str:
    return f"{BANK_PREFIX}{bank_id}:{block_id}"


def parse_bank_key(key: str) -> tuple[int, str] | None:
    """``(bank id, block id)`` of a bank question key, or None."""
    if not key.startswith(BANK_PREFIX):
        return None
    bank_id, sep, block_id = key[len(BANK_PREFIX) :].partition(":")
    if not sep or not block_id or not bank_id.isdigit() or len(bank_id) > 18:
        return None
    return int(bank_id), block_id


def _choices(raw) -> list:
    """Answer dicts from a ListBlock value, raw (either storage format) or converted."""
    out = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            item = item["value"]  # ListBlock's storage format since Wagtail 2.16
        if hasattr(item, "get"):
            out.append(item)
    return out


def build_question(key: str, value) -> Question | None:
    """A question from a QuestionBlock value (raw JSON or converted); None when it is
    unfinished (not asked)."""
    if not hasattr(value, "get"):
        return None
    kind = value.get("kind")
    if kind == QuestionKind.TRUE_FALSE:
        options = (("true", str(_("True"))), ("false", str(_("False"))))
        correct = frozenset({"true" if value.get("statement_true") else "false"})
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = _choices(value.get("choices"))
        options = tuple((str(i), str(c.get("text") or "")) for i, c in enumerate(choices))
        correct = frozenset(str(i) for i, c in enumerate(choices) if c.get("correct"))
    else:
        return None
    prompt = str(value.get("prompt") or "")
    if not options or not correct or not prompt:
        return None
    return Question(
        key=key,
        kind=kind,
        prompt=prompt,
        options=options,
        correct=correct,
        explanation=str(value.get("explanation") or ""),
    )


def _stream_questions(stream, key_for) -> dict[str, Question]:
    """Questions of a quiz or bank StreamField, read from the stored JSON (converting every
    block through Wagtail's block API costs more than the rest of a submission)."""
    out = {}
    for raw in stream.raw_data:
        if raw.get("type") == "question" and raw.get("id"):
            key = key_for(raw["id"])
            question = build_question(key, raw.get("value"))
            if question is not None:
                out[key] = question
    return out


def quiz_is_usable(stream) -> bool:
    """Whether a quiz StreamField can produce a paper: a finished question, or a draw of at
    least one question from a bank (no query: a draw from a bank emptied since is caught when
    the paper is drawn)."""
    for raw in stream.raw_data:
        kind = raw.get("type")
        if kind == "question" and build_question("", raw.get("value")) is not None:
            return True
        if kind == "bank_draw" and (spec := _draw_spec(raw)) is not None and spec[1] > 0:
            return True
    return False


def page_questions(page) -> dict[str, Question]:
    """The page's own (fixed) questions by block id; bank draws are not resolved here."""
    return _stream_questions(page.quiz, str)


def bank_questions(bank: QuestionBank) -> dict[str, Question]:
    return _stream_questions(bank.questions, lambda block_id: bank_key(bank.pk, block_id))


def _draw_spec(raw) -> tuple[int, int] | None:
    """``(bank id, count)`` of a stored bank_draw block, or None when it is malformed."""
    value = raw.get("value")
    if not hasattr(value, "get"):
        return None
    bank = value.get("bank")
    bank = getattr(bank, "pk", bank)
    try:
        return int(bank), int(value.get("count") or 0)
    except (TypeError, ValueError):
        return None


def draw_keys(page, *, rng: random.Random, found: dict | None = None) -> list[str]:
    """A fresh paper: the page's questions plus the bank draws (fewer when a bank has fewer),
    shuffled when the page asks for it. One query for all the banks. The questions seen are
    added to ``found`` (key -> Question) when it is given."""
    fixed = page_questions(page)
    plan: list[tuple[str, object]] = []  # ("question", block id) or ("draw", (bank, count))
    for raw in page.quiz.raw_data:
        if raw.get("type") == "question" and raw.get("id") in fixed:
            plan.append(("question", raw["id"]))
        elif raw.get("type") == "bank_draw" and (spec := _draw_spec(raw)) is not None:
            plan.append(("draw", spec))
    bank_ids = {spec[0] for kind, spec in plan if kind == "draw"}
    banks = QuestionBank.objects.in_bulk(bank_ids) if bank_ids else {}
    in_banks = {bank_id: bank_questions(bank) for bank_id, bank in banks.items()}
    if found is not None:
        found.update(fixed)
        for questions_in_bank in in_banks.values():
            found.update(questions_in_bank)
    keys: list[str] = []
    seen: set[str] = set()
    for kind, item in plan:
        if kind == "question":
            if item not in seen:
                keys.append(item)
                seen.add(item)
            continue
        bank_id, count = item
        pool = [key for key in in_banks.get(bank_id, {}) if key not in seen]
        picked = rng.sample(pool, min(max(count, 0), len(pool)))
        keys.extend(picked)
        seen.update(picked)
    if page.quiz_shuffle:
        rng.shuffle(keys)
    return keys


def resolve_paper(page, keys, *, seed: str, found: dict | None = None) -> Paper:
    """The questions of a stored paper, in its order; a question deleted since the draw (or a
    key that is not a question) is skipped. One query for the banks, none without (or when
    ``found`` already holds every question, just drawn)."""
    clean = [key for key in keys if isinstance(key, str) and 0 < len(key) <= 100]
    known: dict[str, Question] = dict(found or {})
    missing = [key for key in clean if key not in known]
    bank_ids = set()
    for key in missing:
        parsed = parse_bank_key(key)
        if parsed is not None:
            bank_ids.add(parsed[0])
    if len(bank_ids) < len(missing) and not found:
        known.update(page_questions(page))
    if bank_ids:
        for bank in QuestionBank.objects.filter(pk__in=bank_ids):
            known.update(bank_questions(bank))
    questions = []
    for key in clean:
        question = known.get(key)
        if question is None:
            continue
        if page.quiz_shuffle and question.kind != QuestionKind.TRUE_FALSE:
            options = list(question.options)
            random.Random(f"{seed}|{key}").shuffle(options)
            question = replace(question, options=tuple(options))
        questions.append(question)
    return Paper(keys=clean, seed=seed, questions=questions)


def _session_key(page) -> str:
    return f"{SESSION_PREFIX}{page.pk}"


def _paper_seed(stored: QuizPaper) -> str:
    return f"paper:{stored.pk}"


def _session_paper(page, session) -> Paper | None:
    raw = session.get(_session_key(page))
    if not isinstance(raw, dict) or not isinstance(raw.get("keys"), list):
        return None
    return resolve_paper(page, raw["keys"], seed=str(raw.get("seed", "")))


def _new_session_paper(page, session) -> Paper:
    found: dict[str, Question] = {}
    keys = draw_keys(page, rng=random.Random(), found=found)
    seed = secrets.token_hex(8)
    stale = [k for k in session.keys() if k.startswith(SESSION_PREFIX)]  # noqa: SIM118 (a session is not iterable)
    for old in stale[: max(0, len(stale) - MAX_SESSION_PAPERS + 1)]:
        del session[old]  # keep the session small: the oldest papers go first
    session[_session_key(page)] = {"keys": keys, "seed": seed}
    return resolve_paper(page, keys, seed=seed, found=found)


def current_paper(*, user, page, session) -> Paper:
    """The paper to show: the one drawn before and not yet submitted, or a fresh draw.

    Staff papers are stored (the same paper on every reload until it is submitted); the
    public's paper is kept in the session. A stored paper whose questions have all been
    deleted since is replaced.
    """
    if not getattr(user, "is_authenticated", False):
        paper = _session_paper(page, session)
        if paper is not None and paper.questions:
            return paper
        return _new_session_paper(page, session)
    stored = QuizPaper.objects.filter(user=user, page_id=page.pk).first()
    if stored is not None:
        paper = resolve_paper(page, stored.question_keys, seed=_paper_seed(stored))
        if paper.questions:
            return paper
        stored.delete()
    found: dict[str, Question] = {}
    keys = draw_keys(page, rng=random.Random(), found=found)
    if not keys:
        return Paper(keys=[], seed="", questions=[])
    try:
        with transaction.atomic():
            stored = QuizPaper.objects.create(user=user, page_id=page.pk, question_keys=keys)
    except IntegrityError:  # drawn at the same moment in another request: show that one
        stored = QuizPaper.objects.get(user=user, page_id=page.pk)
    return resolve_paper(page, stored.question_keys, seed=_paper_seed(stored), found=found)


# --- grading and attempts --------------------------------------------------------------------


def grade(*, questions: list[Question], data) -> tuple[int, list[QuestionResult]]:
    """Grade the submitted form ``data`` (a QueryDict) against the paper's ``questions`` only:
    answers to anything else are ignored, unknown answer values count as not chosen."""
    results = []
    for number, question in enumerate(questions, start=1):
        valid = {value for value, _label in question.options}
        raw = data.getlist(question.field_name)[:MAX_ANSWER_LENGTH]
        chosen = {value for value in raw if value in valid}
        if not question.multiple and len(chosen) > 1:
            chosen = set()  # two answers to a single-answer question count as wrong
        results.append(
            QuestionResult(
                number=number,
                key=question.key,
                prompt=question.prompt,
                kind=question.kind,
                options=question.options,
                chosen=chosen,
                correct_values=question.correct,
                explanation=question.explanation,
            )
        )
    if not results:
        return 0, results
    score = round(100 * sum(r.is_correct for r in results) / len(results))
    return score, results


@dataclass(frozen=True)
class QuizStatus:
    attempts: int = 0
    best_score: int | None = None
    passed: bool = False


def quiz_statuses(*, user, page_ids) -> dict[int, QuizStatus]:
    """Attempts, best score and passed for each page (one query)."""
    page_ids = list(page_ids)
    if not getattr(user, "is_authenticated", False) or not page_ids:
        return {}
    rows = (
        QuizAttempt.objects.filter(user=user, page_id__in=page_ids)
        .order_by()
        .values("page_id")
        .annotate(
            attempts=Count("pk"), best=Max("score"), passes=Count("pk", filter=Q(passed=True))
        )
    )
    return {
        row["page_id"]: QuizStatus(
            attempts=row["attempts"], best_score=row["best"], passed=row["passes"] > 0
        )
        for row in rows
    }


def quiz_status(*, user, page) -> QuizStatus:
    return quiz_statuses(user=user, page_ids=[page.pk]).get(page.pk, QuizStatus())


def has_passed(*, user, page) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return QuizAttempt.objects.filter(user=user, page_id=page.pk, passed=True).exists()


class AttemptsExhausted(Exception):
    """The quiz's attempts are all used."""


class PaperMissing(Exception):
    """No paper was drawn for this submission (expired session, submitted twice, ...)."""


@dataclass
class Submission:
    score: int
    passed: bool
    results: list[QuestionResult]
    attempt: QuizAttempt | None = None
    completion: object | None = None  # learning.school.CourseCompletion
    attempts_used: int = 0  # this one included (staff only)

    @property
    def correct_count(self) -> int:
        return sum(r.is_correct for r in self.results)


def submit_quiz(*, user, page, data, session) -> Submission:
    """Grade ``data`` against the paper drawn for this user; for staff, store the attempt and
    one answer row per question (refused past the attempts limit), for the public nothing.

    Raises AttemptsExhausted or PaperMissing.
    """
    if getattr(user, "is_authenticated", False):
        return _submit_tracked(user=user, page=page, data=data)
    raw = session.pop(_session_key(page), None)
    if not isinstance(raw, dict) or not isinstance(raw.get("keys"), list):
        raise PaperMissing
    paper = resolve_paper(page, raw["keys"], seed=str(raw.get("seed", "")))
    if not paper.questions:
        raise PaperMissing
    score, results = grade(questions=paper.questions, data=data)
    return Submission(score=score, passed=score >= page.quiz_pass_mark, results=results)


@transaction.atomic
def _submit_tracked(*, user, page, data) -> Submission:
    # Lock the user's row so two parallel submissions cannot both use the last attempt (or
    # both grade the same paper).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    used = QuizAttempt.objects.filter(user=user, page_id=page.pk).count()
    if page.quiz_max_attempts and used >= page.quiz_max_attempts:
        raise AttemptsExhausted
    stored = QuizPaper.objects.filter(user=user, page_id=page.pk).first()
    if stored is None:
        raise PaperMissing
    paper = resolve_paper(page, stored.question_keys, seed=_paper_seed(stored))
    if not paper.questions:
        raise PaperMissing
    score, results = grade(questions=paper.questions, data=data)
    passed = score >= page.quiz_pass_mark
    correct = sum(r.is_correct for r in results)
    attempt = QuizAttempt.objects.create(
        user=user,
        page_id=page.pk,
        score=score,
        passed=passed,
        answers={r.key: sorted(r.chosen) for r in results},
        question_count=len(results),
        correct_count=correct,
    )
    QuizAnswer.objects.bulk_create(
        [
            QuizAnswer(
                attempt=attempt,
                page_id=page.pk,
                question_key=r.key,
                prompt=r.prompt,
                chosen=sorted(r.chosen),
                is_correct=r.is_correct,
            )
            for r in results
        ]
    )
    stored.delete()
    completion = None
    if passed:
        from learning.school_progress import record_quiz_passed

        completion = record_quiz_passed(user=user, page=page)
    return Submission(
        score=score,
        passed=passed,
        results=results,
        attempt=attempt,
        completion=completion,
        attempts_used=used + 1,
    )
