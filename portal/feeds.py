"""RSS and Atom feeds of the listing pages (served as routes of the listing pages)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page


class ListingRssFeed(Feed):
    """The newest items of a listing page (honours ``?tag=``, ``?year=`` ...)."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, page: Page):
        return page

    def title(self, page) -> str:
        site_name = getattr(settings, "WAGTAIL_SITE_NAME", "")
        return f"{page.title} - {site_name}" if site_name else page.title

    def link(self, page) -> str:
        return page.get_url(self.request)

    def description(self, page) -> str:
        text = page.search_description or strip_tags(getattr(page, "intro", "") or "")
        return text.strip() or _("The newest items of %(title)s") % {"title": page.title}

    def items(self, page):
        return page.get_feed_items(self.request)

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        for field in ("summary", "description", "search_description"):
            text = getattr(item, field, "") or ""
            if text:
                return Truncator(strip_tags(str(text))).chars(300)
        return ""

    def item_link(self, item) -> str:
        return item.get_url(self.request)

    def item_guid(self, item) -> str:
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        value = getattr(item, "date", None)
        if isinstance(value, datetime.date):
            return timezone.make_aware(datetime.datetime.combine(value, datetime.time(8, 0)))
        return item.first_published_at or item.last_published_at

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item) -> str | None:
        return getattr(item, "author", "") or None

    def item_categories(self, item) -> list[str]:
        return [tag.name for tag in item.tags.all()] if hasattr(item, "tags") else []


class ListingAtomFeed(ListingRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, page) -> str:
        return self.description(page)
