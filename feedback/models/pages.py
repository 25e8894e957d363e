"""Editor-built forms (Wagtail form builder): suggestions, surveys and the SMS contest."""

from __future__ import annotations

from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField


class ProtectedFormPageMixin:
    """CAPTCHA, honeypot, length limits, rate limit and no-store for public form pages."""

    def get_form_class(self):
        from feedback.forms import protect_form_class

        return protect_form_class(super().get_form_class())

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.request = getattr(self, "_current_request", None)
        return form

    def serve(self, request, *args, **kwargs):
        return self.serve_protected_form(request, *args, **kwargs)

    def serve_protected_form(self, request, *args, **kwargs):
        from wagtail.contrib.forms.models import FormMixin

        from feedback import ratelimit
        from feedback.views.common import no_store, rate_limited_response

        request._page_cache_ok = False
        self._current_request = request
        if request.method == "POST" and ratelimit.is_limited(request, "form"):
            return no_store(rate_limited_response(request), referrer=True)
        if request.method == "POST" and not getattr(self, "accepting_entries", True):
            request.method = "GET"
        response = FormMixin.serve(self, request, *args, **kwargs)
        if hasattr(response, "context_data") and response.context_data.get("form") is not None:
            response.context_data["form"].refresh_captcha()
        # Not a report page: keep the Referer policy of the site so stock CSRF checks work.
        return no_store(response, referrer=True)

    def process_form_submission(self, form):
        from feedback.forms import PROTECTION_FIELDS

        for name in PROTECTION_FIELDS:
            form.cleaned_data.pop(name, None)
        return super().process_form_submission(form)


class FeedbackFormField(AbstractFormField):
    page = ParentalKey("FeedbackFormPage", on_delete=models.CASCADE, related_name="form_fields")


class FeedbackFormPage(ProtectedFormPageMixin, AbstractEmailForm):
    """Suggestions (意见建议) and surveys (问卷调查) built by editors."""

    intro = RichTextField(pgettext_lazy("feedback", "introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    template = "feedback/pages/feedback_form_page.html"
    landing_page_template = "feedback/pages/feedback_form_page_landing.html"

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            pgettext_lazy("feedback", "Email"),
        ),
    ]

    class Meta:
        verbose_name = _("suggestion or survey form")
        verbose_name_plural = _("suggestion and survey forms")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", pgettext_lazy("feedback", "Rejected")


class ContestEntry(AbstractFormSubmission):
    """A contest submission with a moderation status; approved entries are published."""

    status = models.CharField(
        _("moderation status"),
        max_length=10,
        choices=EntryStatus.choices,
        default=EntryStatus.PENDING,
        db_index=True,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["-submit_time", "-id"]

    def __str__(self) -> str:
        return self.entry_text[:40]

    def _entry_text(self) -> str:
        page = self.page.specific
        return str(self.form_data.get(page.entry_field_clean_name, ""))

    _entry_text.short_description = pgettext_lazy("feedback", "entry")
    entry_text = property(_entry_text)

    @property
    def author_text(self) -> str:
        page = self.page.specific
        if not page.author_field_clean_name:
            return ""
        return str(self.form_data.get(page.author_field_clean_name, ""))

    def get_data(self):
        return {**super().get_data(), "status": self.get_status_display()}

    def save(self, *args, **kwargs):
        from django.utils import timezone

        if self.status != EntryStatus.PENDING and self.moderated_at is None:
            self.moderated_at = timezone.now()
        elif self.status == EntryStatus.PENDING:
            self.moderated_at = None
        super().save(*args, **kwargs)


class ContestFormField(AbstractFormField):
    page = ParentalKey("ContestPage", on_delete=models.CASCADE, related_name="form_fields")


class ContestPage(ProtectedFormPageMixin, RoutablePageMixin, AbstractEmailForm):
    """The integrity slogan/SMS contest (廉政短信征集): entries moderated, chosen ones published."""

    intro = RichTextField(pgettext_lazy("feedback", "introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)
    entry_field_label = models.CharField(
        _("entry field"),
        max_length=255,
        help_text=_("Label of the form field whose text is published, e.g. 短信内容."),
    )
    author_field_label = models.CharField(
        _("author field"),
        max_length=255,
        blank=True,
        help_text=_("Optional: label of the field shown as the author, e.g. 单位."),
    )
    accepting_entries = models.BooleanField(_("accepting entries"), default=True)

    template = "feedback/pages/contest_page.html"
    landing_page_template = "feedback/pages/feedback_form_page_landing.html"

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("accepting_entries"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldRowPanel([FieldPanel("entry_field_label"), FieldPanel("author_field_label")]),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            pgettext_lazy("feedback", "Email"),
        ),
    ]

    class Meta:
        verbose_name = _("slogan and SMS contest")
        verbose_name_plural = _("slogan and SMS contests")

    def get_submission_class(self):
        return ContestEntry

    def _clean_name(self, label: str) -> str:
        for field in self.get_form_fields():
            if field.label == label:
                return field.clean_name
        return ""

    @property
    def entry_field_clean_name(self) -> str:
        return self._clean_name(self.entry_field_label)

    @property
    def author_field_clean_name(self) -> str:
        return self._clean_name(self.author_field_label) if self.author_field_label else ""

    def published_entries(self):
        return ContestEntry.objects.filter(page=self, status=EntryStatus.APPROVED).order_by(
            "-moderated_at", "-id"
        )

    @path("")
    def form_view(self, request, *args, **kwargs):
        return self.serve_protected_form(request, *args, **kwargs)

    @path("entries/")
    def entries_view(self, request):
        from django.core.paginator import Paginator

        paginator = Paginator(self.published_entries(), 30)
        page_obj = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "feedback/pages/contest_entries.html",
            {"page": self, "self": self, "page_obj": page_obj},
        )

    def serve(self, request, *args, **kwargs):
        return RoutablePageMixin.serve(self, request, *args, **kwargs)
