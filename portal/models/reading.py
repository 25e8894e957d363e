"""The reading room (廉政书屋): books and readings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import ChapterBlock

from .listing import ListingPageMixin

isbn_validator = RegexValidator(
    r"^(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]$",
    _("Enter a valid ISBN-10 or ISBN-13, e.g. 978-7-5098-1234-5."),
)


class ReadingRoomPage(ListingPageMixin, Page):
    """The reading room: lists its books and readings."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.BookPage"]
    max_count_per_parent = 1
    listing_ordering = ("-publication_year", "title", "pk")
    year_field = "publication_year"
    year_field_is_date = False

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("reading room")
        verbose_name_plural = _("reading rooms")

    @property
    def listing_model(self):
        return BookPage


class BookPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.BookPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("book tag")
        verbose_name_plural = _("book tags")


class BookPage(Page):
    """A book or reading: its details, a summary and its chapters or a document."""

    author = models.CharField(_("author"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publication_year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, validators=[isbn_validator])
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    chapters = StreamField(
        [("chapter", ChapterBlock())],
        verbose_name=_("chapters"),
        blank=True,
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("full text document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the full text as a file (PDF, Word ...)."),
    )
    tags = ClusterTaggableManager(through=BookPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.ReadingRoomPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("author"), FieldPanel("publisher")]),
                FieldRowPanel([FieldPanel("publication_year"), FieldPanel("isbn")]),
            ],
            heading=_("bibliographic details"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("summary"),
        FieldPanel("chapters"),
        FieldPanel("document"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("author"),
        index.SearchField("publisher"),
        index.SearchField("summary"),
        index.SearchField("chapters"),
        index.FilterField("publication_year"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("author"),
        APIField("publisher"),
        APIField("publication_year"),
        APIField("isbn"),
        APIField("cover_image"),
        APIField("summary"),
        APIField("chapters"),
        APIField("document"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["book_tags"] = list(self.tags.all())
        return context
