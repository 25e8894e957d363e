"""Quizzes of the online school: questions edited as StreamField blocks on a course or lesson,
graded on the server; staff attempts are stored and limited, the public's are not."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
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


@dataclass
class QuestionResult:
    number: int
    prompt: str
    kind: str
    options: list[tuple[str, str]]  # (value, label)
    chosen: set[str]
    correct_values: set[str]
    explanation: str

    @property
    def is_correct(self) -> bool:
        return self.chosen == self.correct_values


def questions(page) -> list[dict]:
    """The page's questions as plain dicts: id, kind, prompt, options, correct values."""
    out = []
    for block in page.quiz:
        value = block.value
        kind = value["kind"]
        if kind == QuestionKind.TRUE_FALSE:
            options = [("true", str(_("True"))), ("false", str(_("False")))]
            correct = {"true" if value["statement_true"] else "false"}
        else:
            options = [(str(i), choice["text"]) for i, choice in enumerate(value["choices"])]
            correct = {str(i) for i, choice in enumerate(value["choices"]) if choice["correct"]}
        if not options or not correct:
            continue  # an unfinished question is not asked
        out.append(
            {
                "id": block.id,
                "kind": kind,
                "prompt": value["prompt"],
                "options": options,
                "correct": correct,
                "explanation": value["explanation"],
            }
        )
    return out


def grade(*, page, data) -> tuple[int, list[QuestionResult]]:
    """Grade the submitted form ``data`` (a QueryDict) against the page's questions."""
    results = []
    for number, question in enumerate(questions(page), start=1):
        valid = {value for value, _label in question["options"]}
        raw = data.getlist(f"q-{question['id']}")[:MAX_ANSWER_LENGTH]
        chosen = {value for value in raw if value in valid}
        if question["kind"] != QuestionKind.MULTIPLE and len(chosen) > 1:
            chosen = set()  # two answers to a single-answer question count as wrong
        results.append(
            QuestionResult(
                number=number,
                prompt=question["prompt"],
                kind=question["kind"],
                options=question["options"],
                chosen=chosen,
                correct_values=question["correct"],
                explanation=question["explanation"],
            )
        )
    if not results:
        return 0, results
    score = round(100 * sum(r.is_correct for r in results) / len(results))
    return score, results


def attempts_used(*, user, page) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return QuizAttempt.objects.filter(user=user, page=page).count()


def has_passed(*, user, page) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return QuizAttempt.objects.filter(user=user, page=page, passed=True).exists()


class AttemptsExhausted(Exception):
    pass


@transaction.atomic
def submit_quiz(*, user, page, data) -> tuple[int, bool, list[QuestionResult]]:
    """Grade and, for a logged-in user, store the attempt (refused past the attempts limit)."""
    score, results = grade(page=page, data=data)
    passed = bool(results) and score >= page.quiz_pass_mark
    if getattr(user, "is_authenticated", False):
        # Lock the user's row so two parallel submissions cannot both use the last attempt.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        used = QuizAttempt.objects.filter(user=user, page=page).count()
        if page.quiz_max_attempts and used >= page.quiz_max_attempts:
            raise AttemptsExhausted
        QuizAttempt.objects.create(
            user=user,
            page=page,
            score=score,
            passed=passed,
            answers={r.number: sorted(r.chosen) for r in results},
        )
    return score, passed, results
