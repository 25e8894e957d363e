"""Columns (专栏) and their news and education articles."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock

from .listing import ListingPageMixin, with_card_images

RELATED_ARTICLES = 4


class ColumnIndexPage(ListingPageMixin, Page):
    """A column (专栏) such as 廉政之窗: lists its articles."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    @property
    def listing_model(self):
        return ArticlePage


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticlePage(Page):
    """A news or education article inside a column."""

    date = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=100, blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings and feeds."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.ColumnIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("source"), FieldPanel("author")],
            heading=_("publication"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_links", heading=_("related articles"), label=_("related article")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.SearchField("source"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("source"),
        APIField("author"),
        APIField("summary"),
        APIField("cover_image"),
        APIField("body"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    # -- navigation ------------------------------------------------------------------------

    def _siblings(self):
        return ArticlePage.objects.sibling_of(self, inclusive=False).live().public()

    def get_previous_article(self) -> ArticlePage | None:
        """The article published just before this one in the same column."""
        older = Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)
        return self._siblings().filter(older).order_by("-date", "-pk").first()

    def get_next_article(self) -> ArticlePage | None:
        """The article published just after this one in the same column."""
        newer = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
        return self._siblings().filter(newer).order_by("date", "pk").first()

    def get_related_articles(self, limit: int = RELATED_ARTICLES) -> list[ArticlePage]:
        """Editor-chosen related articles first, then others sharing the most tags."""
        chosen = [
            link.related_page
            for link in self.related_links.select_related("related_page").all()
            if link.related_page and link.related_page.live and link.related_page.pk != self.pk
        ][:limit]
        if len(chosen) >= limit:
            return chosen
        tag_ids = list(self.tagged_items.values_list("tag_id", flat=True))
        if not tag_ids:
            return chosen
        inferred = (
            ArticlePage.objects.live()
            .public()
            .filter(tagged_items__tag_id__in=tag_ids)
            .exclude(pk__in=[self.pk, *(p.pk for p in chosen)])
            .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
            .order_by("-shared_tags", "-date", "-pk")[: limit - len(chosen)]
        )
        return chosen + list(inferred)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["column"] = self.get_parent()
        context["article_tags"] = list(self.tags.all())
        context["previous_article"] = self.get_previous_article()
        context["next_article"] = self.get_next_article()
        context["related_articles"] = self.get_related_articles()
        return context


class ArticlePageRelatedLink(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


def latest_articles(root: Page, *, limit: int):
    """The newest live public articles anywhere below ``root``."""
    return with_card_images(
        ArticlePage.objects.descendant_of(root).live().public().order_by("-date", "-pk")
    )[:limit]
