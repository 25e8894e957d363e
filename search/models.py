"""The embedded search index: one row per findable thing, plus (term, entry) postings.

An inverted index in two ordinary tables works the same on SQLite and PostgreSQL and answers a
query with one indexed range scan per term (see README, "Search", for the measurements that
chose it over Wagtail's database backend fed segmented text).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

AUDIENCE_PUBLIC = "public"
AUDIENCE_LOGIN = "login"  # any logged-in user (Wagtail "private, accessible to logged-in users")
AUDIENCE_GROUPS = "groups"  # members of the listed groups (and superusers)


class SearchEntry(models.Model):
    """A document in the index: a page, or one article of a regulation."""

    key = models.CharField(max_length=100, unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    source = models.CharField(max_length=40)
    type = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=100, blank=True)
    tier = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=40, blank=True)
    audience = models.CharField(max_length=10, default=AUDIENCE_PUBLIC)
    group_ids = models.CharField(max_length=200, blank=True)  # ",3,7," for AUDIENCE_GROUPS
    # Regulation articles: the regulation's title and version, the article label, the order.
    group_title = models.CharField(max_length=500, blank=True)
    version_date = models.DateField(null=True, blank=True)
    article = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    length = models.PositiveIntegerField(default=0)
    # Last on purpose: SQLite reads the short facet columns without touching the long text.
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


class SearchPosting(models.Model):
    """One term of one entry with its precomputed BM25 weight (idf is applied at query time).

    Keyed by (term, entry): a term's postings are one range of the primary key. Migration 0003
    makes the table ``WITHOUT ROWID`` on SQLite (the key's b-tree holds the weight, so there is
    no separate table to write) and adds the weight to the key index on PostgreSQL (``INCLUDE``),
    so a query reads postings from the index alone and an import writes one tree fewer.
    """

    pk = models.CompositePrimaryKey("term", "entry")
    term = models.CharField(max_length=40)
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()

    def __str__(self) -> str:
        return self.term


class SynonymGroup(models.Model):
    """Words that find each other (受贿 / 收受贿赂). Editors manage them in the admin."""

    words = models.CharField(
        _("words"),
        max_length=500,
        help_text=_(
            "Two or more words separated by spaces or commas, e.g. 受贿 收受贿赂. "
            "A search for any of them also finds the others. New words are recognised inside "
            "documents after the next index rebuild."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words

    @property
    def word_list(self) -> list[str]:
        from search.segmentation import parse_words

        return parse_words(self.words)

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.word_list) < 2:
            raise ValidationError({"words": _("Enter at least two different words.")})


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing."""

    query = models.CharField(_("query"), max_length=100)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)
    zero_hits = models.PositiveIntegerField(_("searches without results"), default=0)
    last_total = models.PositiveIntegerField(_("results"), default=0)

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="search_querystat_unique_day")
        ]
        indexes = [models.Index(fields=["date", "query"])]

    def __str__(self) -> str:
        return self.query
