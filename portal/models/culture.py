"""The culture hall (廉政文化馆): media items and live classes (廉政周末大舞台)."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .listing import ListingPageMixin, with_card_images

AUDIO_EXTENSIONS = {".mp3", ".m4a", ".aac", ".ogg", ".oga", ".wav", ".flac"}
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".webm", ".ogv", ".mov"}
LIVE_CLASSES_SHOWN = 4


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    SONG = "song", _("Song")
    ANIMATION = "animation", _("Animation")
    PSA = "psa", _("Public-service advert")


class LiveClassStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Ended")


class CultureHallPage(ListingPageMixin, Page):
    """The culture hall: media items, filterable by kind, and the live classes."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.MediaItemPage", "portal.LiveClassPage"]
    max_count_per_parent = 1
    choice_filters = {"kind": ("kind", MediaKind.choices)}

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("culture hall")
        verbose_name_plural = _("culture halls")

    @property
    def listing_model(self):
        return MediaItemPage

    def get_live_classes(self) -> dict[str, list[LiveClassPage]]:
        """Current and upcoming classes (soonest first) and the latest ended ones."""
        now = timezone.now()
        classes = with_card_images(LiveClassPage.objects.child_of(self).live().public())
        return {
            "current": list(
                classes.filter(end_time__gte=now).order_by("start_time", "pk")[:LIVE_CLASSES_SHOWN]
            ),
            "past": list(
                classes.filter(end_time__lt=now).order_by("-start_time", "-pk")[:LIVE_CLASSES_SHOWN]
            ),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["live_classes"] = self.get_live_classes()
        return context


class MediaItemPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.MediaItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("media tag")
        verbose_name_plural = _("media tags")


def _extension(document) -> str:
    if document is None or not document.file:
        return ""
    return os.path.splitext(document.file.name)[1].lower()


class MediaItemPage(Page):
    """A video, song, animation or public-service advert: embedded or uploaded."""

    kind = models.CharField(
        pgettext_lazy("portal", "kind"), max_length=20, choices=MediaKind.choices
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    embed_url = models.URLField(
        _("embed address"),
        blank=True,
        help_text=_("Address of the item on a video-sharing site."),
    )
    media_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("uploaded file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An MP4/WebM video or MP3/M4A audio file, played in the page."),
    )
    duration = models.DurationField(
        _("duration"), null=True, blank=True, help_text=_("Format: hh:mm:ss")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(pgettext_lazy("portal", "description"), blank=True)
    tags = ClusterTaggableManager(through=MediaItemPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.CultureHallPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("duration")]),
        MultiFieldPanel(
            [FieldPanel("embed_url"), FieldPanel("media_file")],
            heading=_("media (an address or an uploaded file)"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("kind"),
        APIField("date"),
        APIField("embed_url"),
        APIField("media_file"),
        APIField("duration"),
        APIField("cover_image"),
        APIField("description"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")

    def clean(self):
        super().clean()
        if not self.embed_url and not self.media_file_id:
            raise ValidationError(
                {"embed_url": _("Enter an embed address or choose an uploaded file.")}
            )

    @property
    def player(self) -> str:
        """``"audio"``, ``"video"`` (HTML5 player for the uploaded file), or ``"embed"``."""
        ext = _extension(self.media_file)
        if ext in AUDIO_EXTENSIONS:
            return "audio"
        if ext in VIDEO_EXTENSIONS:
            return "video"
        if self.media_file_id and self.kind == MediaKind.SONG:
            return "audio"
        if self.media_file_id and not self.embed_url:
            return "video"
        return "embed"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["media_tags"] = list(self.tags.all())
        return context


class LiveClassPage(Page):
    """A live class of 廉政周末大舞台: schedule, live stream and replay."""

    start_time = models.DateTimeField(_("start time"))
    end_time = models.DateTimeField(_("end time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    live_stream_url = models.URLField(_("live-stream address"), blank=True)
    replay_url = models.URLField(_("replay address"), blank=True)
    replay_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("replay file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(pgettext_lazy("portal", "description"), blank=True)

    parent_page_types = ["portal.CultureHallPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("speaker")]),
            ],
            heading=_("schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("live_stream_url"),
                FieldPanel("replay_url"),
                FieldPanel("replay_document"),
            ],
            heading=_("live stream and replay"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("description"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("speaker"),
        index.SearchField("venue"),
        index.SearchField("description"),
        index.FilterField("start_time"),
    ]
    api_fields = [
        APIField("start_time"),
        APIField("end_time"),
        APIField("venue"),
        APIField("speaker"),
        APIField("live_stream_url"),
        APIField("replay_url"),
        APIField("replay_document"),
        APIField("status"),
        APIField("description"),
    ]

    class Meta:
        verbose_name = _("live class")
        verbose_name_plural = _("live classes")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def get_status(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.start_time:
            return LiveClassStatus.UPCOMING
        if now <= self.end_time:
            return LiveClassStatus.LIVE
        return LiveClassStatus.ENDED

    @property
    def status(self) -> str:
        return self.get_status()

    @property
    def status_label(self) -> str:
        return LiveClassStatus(self.status).label

    @property
    def replay_player(self) -> str:
        """``"audio"``/``"video"`` for an uploaded replay file, ``"embed"`` or ``""``."""
        ext = _extension(self.replay_document)
        if ext in AUDIO_EXTENSIONS:
            return "audio"
        if self.replay_document_id:
            return "video"
        return "embed" if self.replay_url else ""
