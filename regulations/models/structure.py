"""The parsed structure of a regulation version: plain rows, cheap to render and to index."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regulations.models.constants import HEADING_KINDS, NodeKind


class RegulationNodeQuerySet(models.QuerySet):
    def articles(self):
        return self.filter(kind=NodeKind.ARTICLE)

    def headings(self):
        return self.filter(kind__in=HEADING_KINDS)


class RegulationNode(models.Model):
    """A part, chapter, section, heading, article or free paragraph of one regulation version.

    ``text`` holds the paragraphs (款) and items (项) of an article separated by newlines, without
    the article label. ``anchor`` is stable across versions (``art-12``, ``art-12-1`` for
    第十二条之一, ``ch-1``, ``part-2-ch-1``), so ``page.url + "#" + anchor`` is a deep link.
    """

    page = models.ForeignKey(
        "regulations.RegulationPage",
        on_delete=models.CASCADE,
        related_name="nodes",
        verbose_name=_("regulation"),
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    label = models.CharField(pgettext_lazy("regulation", "label"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    anchor = models.CharField(_("anchor"), max_length=80)
    text = models.TextField(_("text"), blank=True)
    path = models.CharField(_("chapter path"), max_length=500, blank=True)
    number = models.PositiveIntegerField(
        pgettext_lazy("regulation", "number"), null=True, blank=True
    )
    sub_number = models.PositiveIntegerField(_("sub-number"), null=True, blank=True)

    objects = RegulationNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("regulation article")
        verbose_name_plural = _("regulation articles")
        ordering = ["page", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "anchor"], name="regulation_node_unique_anchor"
            ),
        ]
        indexes = [
            models.Index(fields=["page", "position"]),
            models.Index(fields=["page", "kind"]),
        ]

    def __str__(self) -> str:
        if self.kind == NodeKind.ARTICLE:
            return self.citation
        return f"{self.page.title} {self.heading}".strip()

    @property
    def heading(self) -> str:
        return " ".join(part for part in (self.label, self.title) if part)

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.split("\n") if line]

    @property
    def citation(self) -> str:
        """《中华人民共和国监察法》第十二条"""
        return self.page.cite(self.label if self.kind == NodeKind.ARTICLE else self.heading)

    def get_url(self, request=None) -> str:
        return f"{self.page.get_url(request=request) or ''}#{self.anchor}"

    @property
    def url(self) -> str:
        return self.get_url()


# Alias: what other apps and the search index think of as "articles".
RegulationArticle = RegulationNode
