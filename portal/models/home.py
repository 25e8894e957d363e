"""The home page: latest news, column highlights, quick entries and the bulletin slot."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .articles import ArticlePage, ColumnIndexPage, latest_articles

LATEST_NEWS = 8
HIGHLIGHT_COLUMNS = 4
HIGHLIGHT_ITEMS = 5

link_url_validator = RegexValidator(
    r"^(/|https?://)\S*$",
    _("Enter an address starting with /, http:// or https://."),
)


class QuickLinkIcon(models.TextChoices):
    SCHOOL = "school", _("School")
    BOOK = "book", _("Book")
    CASE = "case", _("Case file")
    LAW = "law", pgettext_lazy("portal", "Regulations")
    FEEDBACK = "feedback", _("Feedback")
    STAFF = "staff", _("Staff")
    VIDEO = "video", _("Video")
    BELL = "bell", _("Bell")
    LINK = "link", _("Link")


class HomePage(Page):
    """The site root. Latest news, column highlights and quick entries."""

    intro = RichTextField(_("introduction"), blank=True)
    bulletin_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("current warning bulletin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page of the current warning bulletin, highlighted on the home page."),
    )
    bulletin_notice = models.TextField(
        _("bulletin notice"),
        blank=True,
        help_text=_("A short text shown with the bulletin."),
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("bulletin_page"), FieldPanel("bulletin_notice")],
            heading=_("warning bulletin"),
        ),
        InlinePanel("quick_links", heading=_("quick entries"), label=_("quick entry"), max_num=12),
        InlinePanel(
            "highlight_columns",
            heading=_("column highlights"),
            label=_("column"),
            max_num=HIGHLIGHT_COLUMNS,
            help_text=_("Leave empty to show the first columns of the site."),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("bulletin_notice")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    # -- reads (each a fixed number of queries) ---------------------------------------------

    def get_latest_news(self, limit: int = LATEST_NEWS) -> list[ArticlePage]:
        articles = list(latest_articles(self, limit=limit))
        self._attach_columns(articles)
        return articles

    def _columns_by_path(self) -> dict[str, ColumnIndexPage]:
        if not hasattr(self, "_column_cache"):
            self._column_cache = {
                column.path: column
                for column in ColumnIndexPage.objects.child_of(self).live().public()
            }
        return self._column_cache

    def _attach_columns(self, articles: list[ArticlePage]) -> None:
        columns = self._columns_by_path()
        for article in articles:
            article.column = columns.get(article.path[: -ColumnIndexPage.steplen])

    def get_highlight_columns(self) -> list[ColumnIndexPage]:
        """Chosen columns (or the first ones), each with ``latest`` articles attached."""
        chosen = [
            item.column
            for item in self.highlight_columns.select_related("column").all()
            if item.column.live
        ]
        columns = chosen or list(self._columns_by_path().values())[:HIGHLIGHT_COLUMNS]
        columns = [c for c in columns if c.path.startswith(self.path)][:HIGHLIGHT_COLUMNS]
        if not columns:
            return []
        prefix = len(columns[0].path)
        partition = Substr("path", 1, prefix)
        articles = (
            ArticlePage.objects.live()
            .public()
            .filter(depth=columns[0].depth + 1)
            .annotate(column_path=partition)
            .filter(column_path__in=[c.path for c in columns])
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[partition],
                    order_by=[F("date").desc(), F("pk").desc()],
                )
            )
            .filter(position__lte=HIGHLIGHT_ITEMS)
            .order_by("column_path", "position")
        )
        by_column: dict[str, list[ArticlePage]] = {c.path: [] for c in columns}
        for article in articles:
            by_column[article.column_path].append(article)
        for column in columns:
            column.latest = by_column[column.path]
        return columns

    def get_quick_links(self):
        return list(self.quick_links.select_related("link_page").all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.get_latest_news()
        context["highlight_columns"] = self.get_highlight_columns()
        context["quick_links"] = self.get_quick_links()
        context["bulletin"] = self.bulletin_page if self.bulletin_page_id else None
        return context


class HomePageQuickLink(Orderable):
    """A quick entry on the home page: online school, reading room, feedback ..."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField(_("title"), max_length=50)
    icon = models.CharField(
        _("icon"), max_length=20, choices=QuickLinkIcon.choices, default=QuickLinkIcon.LINK
    )
    description = models.CharField(
        pgettext_lazy("portal", "description"), max_length=120, blank=True
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[link_url_validator],
        help_text=_("Used when no page is chosen, e.g. /feedback/ or https://..."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("icon")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("link_page"), FieldPanel("link_url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quick entry")
        verbose_name_plural = _("quick entries")

    def clean(self):
        super().clean()
        if not self.link_page_id and not self.link_url:
            raise ValidationError({"link_url": _("Choose a page or enter an address.")})

    def get_url(self, request=None) -> str:
        if self.link_page_id and self.link_page and self.link_page.live:
            return self.link_page.get_url(request) or ""
        return self.link_url


class HomePageHighlightColumn(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="highlight_columns")
    column = models.ForeignKey(
        ColumnIndexPage,
        verbose_name=_("column"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("column")]

    class Meta(Orderable.Meta):
        verbose_name = _("column highlight")
        verbose_name_plural = _("column highlights")
