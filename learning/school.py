"""The online integrity school: course and lesson pages and staff lesson progress."""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyBlock, DocumentLinkBlock
from learning.quiz import quiz_stream_blocks

VIDEO_STUDIED_FRACTION = 0.9
MAX_BEACON_BYTES = 1024


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, including the public")
    DEPARTMENTS = "departments", _("Chosen departments")
    POSTS = "posts", _("Chosen posts")


class QuizMixin(RoutablePageMixin, models.Model):
    """Optional quiz on a course or lesson page, served at ``<page url>quiz/``."""

    quiz = StreamField(quiz_stream_blocks(), verbose_name=_("quiz questions"), blank=True)
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    quiz_shuffle = models.BooleanField(
        _("shuffle questions and answers"),
        default=False,
        help_text=_("Each paper shows the questions and their answers in a different order."),
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means unlimited."),
    )

    quiz_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("quiz_pass_mark"),
                        FieldPanel("quiz_max_attempts"),
                        FieldPanel("quiz_shuffle"),
                    ]
                ),
                FieldPanel("quiz"),
            ],
            heading=_("quiz"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_quiz(self) -> bool:
        """A quiz that can produce a paper (an unfinished question does not make one)."""
        from learning.quiz import quiz_is_usable

        return quiz_is_usable(self.quiz)

    def quiz_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("quiz")

    @path("quiz/", name="quiz")
    def quiz_view(self, request):
        """The quiz: a paper drawn for the viewer, graded on the server against that paper."""
        from learning import quiz as quizzes

        if not self.has_quiz:
            raise Http404
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        user = request.user
        tracked = user.is_authenticated
        limit = self.quiz_max_attempts if tracked else 0
        context = Page.get_context(self, request)
        context.update(quiz_page=self, tracked=tracked, attempts_limit=limit)
        http_status = 200
        submitted = exhausted = False
        if request.method == "POST":
            try:
                submission = quizzes.submit_quiz(
                    user=user, page=self, data=request.POST, session=request.session
                )
            except quizzes.AttemptsExhausted:
                exhausted = True
                http_status = 409
            except quizzes.PaperMissing:
                context["paper_missing"] = True
            else:
                submitted = True
                context.update(
                    submission=submission,
                    score=submission.score,
                    passed=submission.passed,
                    results=submission.results,
                    completion=submission.completion,
                )
        status = quizzes.quiz_status(user=user, page=self)  # after a submission: with it
        used = status.attempts
        context["status"] = status
        if not submitted and not exhausted and limit and used >= limit:
            exhausted = True
        if not submitted and not exhausted:
            paper = quizzes.current_paper(user=user, page=self, session=request.session)
            context["questions"] = paper.questions
        attempts_left = max(limit - used, 0) if limit else None
        context.update(
            submitted=submitted,
            exhausted=exhausted,
            attempts_used=used,
            attempts_left=attempts_left,
            can_retry=attempts_left is None or attempts_left > 0,
            back_url=self.get_url(request),
            quiz_url=self.quiz_url(request),
        )
        if context.get("completion"):
            context["certificate_url"] = context["completion"].course.certificate_url(request)
        return TemplateResponse(request, "learning/quiz.html", context, status=http_status)


class CoursePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("course tag")
        verbose_name_plural = _("course tags")


class CoursePageForm(WagtailAdminPageForm):
    """A course for chosen departments or posts must name some (else it is closed to all)."""

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if (
            audience
            and audience != Audience.EVERYONE
            and not cleaned.get("departments")
            and not cleaned.get("posts")
        ):
            self.add_error(
                "audience",
                _("Choose the departments or posts of this course, or open it to everyone."),
            )
        return cleaned


class CoursePage(QuizMixin, Page):  # noqa: DJ008 (Page.__str__)
    """A course of the online school; its lessons are its child pages."""

    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    departments = ParentalManyToManyField(
        "organization.Department", verbose_name=_("departments"), blank=True, related_name="+"
    )
    posts = ParentalManyToManyField(
        "organization.Post", verbose_name=_("posts"), blank=True, related_name="+"
    )
    required = models.BooleanField(
        pgettext_lazy("school", "required"),
        default=False,
        help_text=_("Required courses count towards the staff's learning record."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"), null=True, blank=True
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=CoursePageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.SchoolIndexPage"]
    subpage_types = ["learning.LessonPage"]
    base_form_class = CoursePageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("departments"), FieldPanel("posts")],
            heading=_("audience"),
        ),
        FieldRowPanel([FieldPanel("required"), FieldPanel("estimated_minutes")]),
        FieldPanel("cover_image"),
        FieldPanel("tags"),
        *QuizMixin.quiz_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("audience"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def is_open(self) -> bool:
        """Open courses can be read by the public without an account."""
        return self.audience == Audience.EVERYONE

    def lessons(self):
        return LessonPage.objects.child_of(self).live().public().order_by("path")

    def audience_guard(self, request, *, page=None, view=None):
        """None when the viewer may open this course (or ``page`` in it); otherwise the login
        redirect (anonymous) or the friendly 403 page. A certificate's owner always reaches
        their certificate, even after leaving the audience."""
        from learning.school_access import can_open_course, forbidden_response

        if self.is_open:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if can_open_course(request.user, self):
            return None
        if (
            getattr(view, "__func__", None) is CoursePage.certificate
            and CourseCompletion.objects.filter(user=request.user, course=self).exists()
        ):
            return None
        return forbidden_response(request, course=self, page=page)

    def serve(self, request, *args, **kwargs):
        view = args[0] if args else kwargs.get("view")
        denied = self.audience_guard(request, view=view)
        if denied is not None:
            return denied
        return super().serve(request, *args, **kwargs)

    def certificate_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("certificate")

    @path("certificate/", name="certificate")
    def certificate(self, request):
        """The printable certificate, for the staff member who completed the course only."""
        from learning.school_progress import completion_for

        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        completion = completion_for(user=request.user, course=self)
        if completion is None:
            raise Http404
        from organization.models import display_name

        context = Page.get_context(self, request)
        context.update(
            completion=completion,
            holder_name=display_name(request.user),
            department=completion.department,
        )
        return TemplateResponse(request, "learning/certificate.html", context)

    def get_context(self, request, *args, **kwargs):
        from learning.school_progress import course_progress, record_completion_if_complete

        context = super().get_context(request, *args, **kwargs)
        # The list shows titles and quiz/video state: the lessons' text is not loaded.
        lessons = list(self.lessons().defer("body", "attachments"))
        context["lessons"] = lessons
        context["course_tags"] = list(self.tags.all())
        progress = course_progress(user=request.user, course=self, lessons=lessons)
        if (
            progress.tracked
            and progress.completion is None
            and progress.complete
            and not getattr(request, "is_preview", False)
        ):
            # Complete without a record (a lesson was removed, say): write it now, once.
            progress.completion = record_completion_if_complete(user=request.user, course=self)
        context["progress"] = progress
        if progress.completion is not None:
            context["certificate_url"] = self.certificate_url(request)
        if self.has_quiz:
            context["quiz_url"] = self.quiz_url(request)
        return context


class LessonPage(QuizMixin, Page):  # noqa: DJ008 (Page.__str__)
    """A lesson: rich text, an optional video (uploaded or embedded) and attachments."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("uploaded video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An MP4 or WebM file, played in the page."),
    )
    video_url = models.URLField(
        _("video embed address"),
        blank=True,
        help_text=_("Address of the video on a video-sharing site."),
    )
    attachments = StreamField(
        [("document", DocumentLinkBlock())],
        verbose_name=_("attachments"),
        blank=True,
    )

    parent_page_types = ["learning.CoursePage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("video_file"), FieldPanel("video_url")],
            heading=_("video (an uploaded file or an address)"),
        ),
        FieldPanel("attachments"),
        *QuizMixin.quiz_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = pgettext_lazy("school", "lessons")

    @property
    def has_video(self) -> bool:
        return bool(self.video_file_id or self.video_url)

    @property
    def tracks_video(self) -> bool:
        """Only an uploaded video reports how much was watched; an embed cannot."""
        return bool(self.video_file_id)

    @property
    def player(self) -> str:
        return "video" if self.video_file_id else "embed"

    def get_course(self) -> CoursePage | None:
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    def serve(self, request, *args, **kwargs):
        course = self.get_course()
        if isinstance(course, CoursePage):
            request.school_course = course  # reused by get_context
            denied = course.audience_guard(request, page=self)
            if denied is not None:
                return denied
        return super().serve(request, *args, **kwargs)

    @path("")
    def lesson(self, request):
        from learning.school_progress import record_lesson_view

        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        is_preview = getattr(request, "is_preview", False)
        if request.user.is_authenticated and request.method == "GET" and not is_preview:
            record_lesson_view(user=request.user, lesson=self)
        return self.render(request)

    @path("progress/", name="progress_beacon")
    def progress_beacon(self, request):
        """Video beacon: ``{"fraction": 0.0–1.0}`` for the logged-in viewer."""
        from learning.school_progress import record_video_progress

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return JsonResponse({"error": str(_("Not signed in."))}, status=403)
        if not self.tracks_video:
            return JsonResponse({"error": str(_("This lesson has no video."))}, status=400)
        fraction = _parse_fraction(request)
        if fraction is None:
            return JsonResponse({"error": str(_("Invalid progress value."))}, status=400)
        progress = record_video_progress(user=request.user, lesson=self, fraction=fraction)
        return JsonResponse({"studied": progress.studied_at is not None})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = getattr(request, "school_course", None) or self.get_course()
        context["course"] = course
        siblings = list(
            LessonPage.objects.sibling_of(self)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
        )
        position = next((i for i, p in enumerate(siblings) if p.pk == self.pk), None)
        if position is not None:
            context["previous_lesson"] = siblings[position - 1] if position > 0 else None
            context["next_lesson"] = (
                siblings[position + 1] if position + 1 < len(siblings) else None
            )
            context["lesson_number"] = position + 1
            context["lesson_total"] = len(siblings)
        context["track_video"] = request.user.is_authenticated and self.tracks_video
        if context["track_video"]:
            context["progress_url"] = self.get_url(request) + self.reverse_subpage(
                "progress_beacon"
            )
        if self.has_quiz:
            from learning.quiz import quiz_status

            context["quiz_url"] = self.quiz_url(request)
            context["quiz_status"] = quiz_status(user=request.user, page=self)
        return context


def _parse_fraction(request) -> float | None:
    """The watched fraction from a JSON or form body, or None when it is not a number 0–1."""
    raw = None
    body = request.body[: MAX_BEACON_BYTES + 1]
    if len(body) > MAX_BEACON_BYTES:
        return None
    if request.content_type == "application/json":
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        raw = data.get("fraction")
        if isinstance(raw, bool):
            return None
    else:
        raw = request.POST.get("fraction")
    if raw is None or (isinstance(raw, str) and len(raw) > 32):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or value < 0 or value > 1:
        return None
    return value


class LessonProgress(models.Model):
    """One staff member's progress in one lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    text_shown_at = models.DateTimeField(_("text shown at"), null=True, blank=True)
    video_fraction = models.FloatField(_("video watched"), default=0)
    studied_at = models.DateTimeField(_("studied at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last visited"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_lesson_progress")
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.lesson_id}"


class CourseCompletion(models.Model):
    """A staff member completed a course: every lesson studied and every quiz passed.

    Written once, when the last condition is met; the certificate is printed from it.
    """

    # Not content: keep the completions out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member's department when the course was completed."),
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("quiz score"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="unique_course_completion")
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return self.certificate_number

    def user_name(self) -> str:
        from organization.models import display_name

        return display_name(self.user)

    user_name.short_description = pgettext_lazy("school", "name")


__all__ = [
    "VIDEO_STUDIED_FRACTION",
    "Audience",
    "CourseCompletion",
    "CoursePage",
    "CoursePageTag",
    "LessonPage",
    "LessonProgress",
]
