"""Warning-education case studies (警示教育案例)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from regulations.blocks import RegulationReferenceBlock

from .listing import ListingPageMixin

EXCERPT_CHARS = 120


class ViolationType(models.TextChoices):
    POLITICAL = "political", _("Violation of political discipline")
    ORGANIZATIONAL = "organizational", _("Violation of organisational discipline")
    INTEGRITY = "integrity", _("Violation of integrity discipline")
    MASS = "mass", _("Violation of discipline towards the masses")
    WORK = "work", _("Violation of work discipline")
    LIFE = "life", _("Violation of discipline in private life")
    EIGHT_RULES = "eight_rules", _("Violation of the central eight-point rules")
    DUTY_CRIME = "duty_crime", _("Job-related offences and crimes")


class RankCategory(models.TextChoices):
    BUREAU = "bureau", _("Department or bureau level")
    COUNTY = "county", _("County or division level")
    TOWNSHIP = "township", _("Township or section level")
    GENERAL = "general", _("General cadre")
    OTHER = "other", _("Other")


class CaseIndexPage(ListingPageMixin, Page):
    """The list of case studies, filterable by violation type and rank."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.CaseStudyPage"]
    max_count_per_parent = 1
    has_cover_images = False
    choice_filters = {
        "violation": ("violation_type", ViolationType.choices),
        "rank": ("rank_category", RankCategory.choices),
    }

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("case study index")
        verbose_name_plural = _("case study indexes")

    @property
    def listing_model(self):
        return CaseStudyPage


class CaseStudyPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("case study tag")
        verbose_name_plural = _("case study tags")


class CaseStudyPage(Page):
    """One case of a disciplined official, told for warning education."""

    date = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=100, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings and feeds."),
    )
    violation_type = models.CharField(
        _("violation type"), max_length=20, choices=ViolationType.choices
    )
    rank_category = models.CharField(
        _("rank category"),
        max_length=20,
        choices=RankCategory.choices,
        default=RankCategory.OTHER,
        help_text=_("The rank of the official concerned."),
    )
    disposition_party = models.BooleanField(_("party disciplinary sanction"), default=False)
    disposition_administrative = models.BooleanField(_("administrative sanction"), default=False)
    disposition_judicial = models.BooleanField(
        _("transferred to the judicial authorities"), default=False
    )
    facts = RichTextField(_("facts of the case"))
    lessons = RichTextField(_("lessons"), blank=True)
    regulation_references = StreamField(
        [("reference", RegulationReferenceBlock())],
        blank=True,
        verbose_name=_("regulation references"),
        help_text=_(
            "Choose the regulations or articles from the regulations library that apply to "
            "this case."
        ),
    )
    applicable_regulations = RichTextField(
        _("other applicable regulations"),
        blank=True,
        help_text=_("Optional free text for citations that are not in the regulations library."),
    )
    tags = ClusterTaggableManager(through=CaseStudyPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.CaseIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("date"), FieldPanel("source")]), FieldPanel("summary")],
            heading=_("publication"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("violation_type"), FieldPanel("rank_category")]),
                FieldRowPanel(
                    [
                        FieldPanel("disposition_party"),
                        FieldPanel("disposition_administrative"),
                        FieldPanel("disposition_judicial"),
                    ],
                    heading=_("disposition"),
                ),
            ],
            heading=_("classification"),
        ),
        FieldPanel("facts"),
        FieldPanel("lessons"),
        FieldPanel("regulation_references"),
        FieldPanel("applicable_regulations"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("facts"),
        index.SearchField("lessons"),
        index.SearchField("applicable_regulations"),
        index.SearchField("regulation_citations"),
        index.FilterField("date"),
        index.FilterField("violation_type"),
        index.FilterField("rank_category"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("violation_type"),
        APIField("rank_category"),
        APIField("dispositions"),
        APIField("facts"),
        APIField("lessons"),
        APIField("regulation_references"),
        APIField("applicable_regulations"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def dispositions(self) -> list[str]:
        """Labels of the dispositions imposed, in order of severity."""
        labels = []
        if self.disposition_party:
            labels.append(str(_("Party disciplinary sanction")))
        if self.disposition_administrative:
            labels.append(str(_("Administrative sanction")))
        if self.disposition_judicial:
            labels.append(str(_("Transferred to the judicial authorities")))
        return labels

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_tags"] = list(self.tags.all())
        context["regulation_links"] = self.regulation_links(request=request)
        return context

    def regulation_citations(self) -> str:
        """The citations of the chosen references as text (for search indexes)."""
        return "\n".join(link["citation"] for link in self.regulation_links())

    def regulation_links(self, *, request=None) -> list[dict]:
        """The chosen references, ready to render, in two queries at most, whatever their number.

        Each item: ``citation`` (《…》第X条), ``url`` (the article's deep link, or "" when
        its regulation is not published), ``excerpt`` (the article's text, shortened) and
        ``note``. A reference whose article was deleted falls back to its regulation, if any;
        one whose targets were all deleted is left out.
        """
        from regulations.models import RegulationNode, RegulationPage

        raw = [
            block.get("value") or {}
            for block in self.regulation_references.raw_data
            if block.get("type") == "reference"
        ]
        article_ids = {value["article"] for value in raw if isinstance(value.get("article"), int)}
        page_ids = {
            value["regulation"] for value in raw if isinstance(value.get("regulation"), int)
        }
        articles = RegulationNode.objects.in_bulk(article_ids)
        regulations = RegulationPage.objects.in_bulk(
            page_ids | {node.page_id for node in articles.values()}
        )
        items = []
        for value in raw:
            note = value.get("note") or ""
            node = articles.get(value.get("article"))
            if node is not None and node.page_id in regulations:
                node.page = page = regulations[node.page_id]
                citation = node.citation
                anchor = f"#{node.anchor}"
                excerpt = Truncator("".join(node.paragraphs)).chars(EXCERPT_CHARS, truncate="……")
            else:
                page = regulations.get(value.get("regulation"))
                if page is None:
                    continue
                citation, anchor, excerpt = page.citation_title, "", ""
            url = ""
            if page.live:
                page_url = page.get_url(request=request)
                url = f"{page_url}{anchor}" if page_url else ""
            items.append(
                {
                    "citation": citation,
                    "url": url,
                    "excerpt": excerpt,
                    "note": note,
                    "is_current": page.is_current,
                }
            )
        return items
