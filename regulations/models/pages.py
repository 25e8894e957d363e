"""Wagtail pages of the regulations library: the library (listing) and one page per version."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from regulations.models.constants import Category, Status, Tier


class RegulationLibraryPage(Page):
    """The library: lists the current version of every regulation below it, with filters."""

    intro = models.TextField(pgettext_lazy("regulation", "introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["regulations.RegulationPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("regulations library")
        verbose_name_plural = _("regulations libraries")

    def get_context(self, request, *args, **kwargs):
        from regulations import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.library_listing(library=self, params=request.GET))
        return context


class RegulationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "regulations.RegulationPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("regulation tag")
        verbose_name_plural = _("regulation tags")


class RegulationPageQuerySet(PageQuerySet):
    def with_status(self, *, today: dt.date | None = None):
        """Annotate ``computed_status`` (see :attr:`RegulationPage.status`) in SQL."""
        today = today or timezone.localdate()
        return self.annotate(
            computed_status=Case(
                When(~Q(status_override=""), then=F("status_override")),
                When(repeal_date__lte=today, then=Value(Status.REPEALED.value)),
                When(effective_date__gt=today, then=Value(Status.PENDING.value)),
                When(superseded_on__lte=today, then=Value(Status.AMENDED.value)),
                default=Value(Status.CURRENT.value),
                output_field=CharField(),
            )
        )

    def current(self):
        return self.filter(is_current=True)


RegulationPageManager = PageManager.from_queryset(RegulationPageQuerySet)


def make_work_key(title: str, subtitle: str = "") -> str:
    """Versions of one regulation share this key: the title and subtitle without spaces."""
    key = "".join(title.split())
    if subtitle.strip():
        key += "|" + "".join(subtitle.split())
    return key[:300]


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RegulationPage(RoutablePageMixin, Page):
    """One version of a regulation; its text is parsed into :class:`RegulationNode` rows."""

    subtitle = models.CharField(
        _("subtitle"),
        max_length=255,
        blank=True,
        help_text=_("Distinguishes documents that share a title, e.g. a book of the Civil Code."),
    )
    document_number = models.CharField(_("document number"), max_length=120, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=40, choices=Category.choices, default=Category.LAW
    )
    sector = models.CharField(_("legal sector"), max_length=60, blank=True)
    version_date = models.DateField(
        _("version date"),
        null=True,
        blank=True,
        help_text=_("The date of this version (adoption or last amendment); empty if undated."),
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    repeal_date = models.DateField(_("repeal date"), null=True, blank=True)
    status_override = models.CharField(
        _("status (manual)"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Leave empty to derive the status from the dates and later versions."),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, blank=True)
    tags = ClusterTaggableManager(_("tags"), through=RegulationPageTag, blank=True)
    source_text = models.TextField(
        _("text"),
        help_text=_(
            "Paste the full text. Chapters (第一章 …), sections (第一节 …) and articles (第一条 …) "
            "are recognised automatically; a header starting with '# Title' followed by dated "
            "history lines (2018年3月20日 …通过) is read too."
        ),
    )
    history = models.JSONField(_("history"), default=list, blank=True)
    # Derived, maintained by regulations.services (never edited by hand).
    work_key = models.CharField(max_length=300, db_index=True, editable=False, default="")
    is_current = models.BooleanField(default=True, db_index=True, editable=False)
    superseded_on = models.DateField(null=True, blank=True, editable=False)
    sort_date = models.DateField(null=True, blank=True, db_index=True, editable=False)
    article_count = models.PositiveIntegerField(default=0, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    source_path = models.CharField(max_length=500, blank=True, editable=False)

    objects = RegulationPageManager()

    parent_page_types = ["regulations.RegulationLibraryPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("sector")]),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_authority")]),
                FieldRowPanel([FieldPanel("tier"), FieldPanel("tags")]),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("repeal_date"), FieldPanel("status_override")]),
            ],
            heading=_("Dates and status"),
        ),
        HelpPanel(
            content=_(
                "The structure (chapters, articles, paragraphs) and the history are derived "
                "from the text when the page is saved."
            )
        ),
        FieldPanel("source_text"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.FilterField("category"),
        index.FilterField("tier"),
        index.FilterField("is_current"),
    ]

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        indexes = [models.Index(fields=["work_key", "version_date"])]

    # ----------------------------------------------------------------------------------------
    # Derived values

    @property
    def status(self) -> str:
        """现行有效 / 已被修改 / 已废止 / 尚未生效, unless a person set it explicitly."""
        annotated = getattr(self, "computed_status", None)
        if annotated:
            return annotated
        return derive_status(
            override=self.status_override,
            repeal_date=self.repeal_date,
            effective_date=self.effective_date,
            superseded_on=self.superseded_on,
        )

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.subtitle}".strip()

    @property
    def citation_title(self) -> str:
        """《中华人民共和国民法典·人格权编》"""
        if self.subtitle:
            return f"《{self.title}·{self.subtitle}》"
        return f"《{self.title}》"

    def cite(self, label: str = "") -> str:
        return f"{self.citation_title}{label}"

    def get_admin_display_title(self) -> str:
        """Versions of one law share a title: the admin (explorer, choosers, moderation)
        shows the subtitle and version date too, e.g. 中华人民共和国监察法（2024-12-25 版本）."""
        title = f"{super().get_admin_display_title()} {self.subtitle}".strip()
        if self.version_date:
            return _("%(title)s (version of %(date)s)") % {
                "title": title,
                "date": self.version_date.isoformat(),
            }
        return _("%(title)s (undated version)") % {"title": title}

    @cached_property
    def history_events(self) -> list[dict]:
        from regulations.models.constants import EventKind

        events = []
        for event in self.history or []:
            try:
                date = dt.date.fromisoformat(event.get("date", ""))
            except (TypeError, ValueError):
                date = None
            kind = event.get("kind") or "other"
            try:
                kind_label = EventKind(kind).label
            except ValueError:
                kind_label = EventKind.OTHER.label
            events.append(
                {"date": date, "kind": kind, "kind_label": kind_label, "text": event.get("text")}
            )
        return events

    # ----------------------------------------------------------------------------------------
    # Saving: the structure is re-derived from the text

    def clean(self):
        super().clean()
        from regulations import services
        from regulations.parser import ParseError

        try:
            services.apply_text(page=self, text=self.source_text or "")
        except ParseError as exc:
            raise ValidationError({"source_text": services.error_message(exc)}) from None
        if self.repeal_date and self.effective_date and self.repeal_date < self.effective_date:
            raise ValidationError(
                {"repeal_date": _("The repeal date cannot be before the effective date.")}
            )

    def save(self, *args, **kwargs):
        from regulations import services

        if self.__dict__.pop("_minimal_clean", False):
            # The importer derived and checked every field itself: only Wagtail's minimal
            # checks (title, slug unique among siblings) instead of a full_clean per page.
            self.minimal_clean()
            kwargs["clean"] = False
        self.work_key = make_work_key(self.title, self.subtitle)
        sync = not getattr(self, "_structure_synced", False)
        text_changed = self.source_hash != source_digest(self.source_text or "")
        result = super().save(*args, **kwargs)
        if sync:
            if text_changed:
                services.rebuild_structure(page=self)
            services.refresh_versions(work_key=self.work_key)
        return result

    def get_indexed_instance(self):
        # During an import, Wagtail's search index is updated in bulk at the end
        # (regulations.services.deferred_page_indexing), not on every save.
        from regulations import services

        if services.indexing_deferred():
            return None
        return super().get_indexed_instance()

    # ----------------------------------------------------------------------------------------
    # Rendering

    def get_context(self, request, *args, **kwargs):
        from regulations import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.regulation_detail(page=self))
        return context

    @path("compare/")
    def compare(self, request):
        from django.template.response import TemplateResponse

        from regulations import selectors

        context = self.get_context(request)
        context.update(selectors.version_comparison(page=self, params=request.GET))
        status = 400 if context.get("compare_error") else 200
        return TemplateResponse(
            request, "regulations/regulation_compare.html", context, status=status
        )


def derive_status(
    *,
    override: str = "",
    repeal_date: dt.date | None = None,
    effective_date: dt.date | None = None,
    superseded_on: dt.date | None = None,
    today: dt.date | None = None,
) -> str:
    today = today or timezone.localdate()
    if override:
        return override
    if repeal_date and repeal_date <= today:
        return Status.REPEALED.value
    if effective_date and effective_date > today:
        return Status.PENDING.value
    if superseded_on and superseded_on <= today:
        return Status.AMENDED.value
    return Status.CURRENT.value
