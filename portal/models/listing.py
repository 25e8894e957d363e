"""The listing behaviour shared by index pages: filters, pagination and feeds."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Page

from core.listing import ListingFilters, page_range, paginate, parse_filters

CARD_IMAGE_SPEC = "fill-480x270"
TAG_CLOUD_SIZE = 20


def with_card_images(queryset: QuerySet, *, field: str = "cover_image") -> QuerySet:
    """Join the cover image and prefetch its card rendition (two queries in all)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE_SPEC)
    return queryset.select_related(field).prefetch_related(
        Prefetch(f"{field}__renditions", queryset=renditions)
    )


class ListingPageMixin(RoutablePageMixin):
    """An index page listing its children of one type, with filters and feeds.

    Subclasses set ``listing_model`` (a Page subclass) and may override the
    ordering, the year lookup, choice filters and the page size.
    """

    listing_model: type[Page]
    listing_ordering: tuple[str, ...] = ("-date", "-pk")
    year_field = "date"
    year_field_is_date = True
    per_page = 12
    feed_size = 20
    # query parameter -> (model field, choices)
    choice_filters: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    has_cover_images = True

    # -- querysets -------------------------------------------------------------------------

    def get_listing_model(self) -> type[Page]:
        return self.listing_model

    def get_listing_base_queryset(self) -> QuerySet:
        """Every live, public item of this listing, newest first."""
        return (
            self.get_listing_model()
            .objects.child_of(self)
            .live()
            .public()
            .order_by(*self.listing_ordering)
        )

    def parse_listing_filters(self, request) -> ListingFilters:
        allowed = {name: dict(choices) for name, (_field, choices) in self.choice_filters.items()}
        return parse_filters(request.GET, choice_filters=allowed)

    def filter_listing(self, queryset: QuerySet, filters: ListingFilters) -> QuerySet:
        if filters.tag:
            queryset = queryset.filter(tags__name=filters.tag)
        if filters.year:
            lookup = f"{self.year_field}__year" if self.year_field_is_date else self.year_field
            queryset = queryset.filter(**{lookup: filters.year})
        for name, (field_name, _choices) in self.choice_filters.items():
            value = filters.choices.get(name)
            if value:
                queryset = queryset.filter(**{field_name: value})
        return queryset

    def decorate_listing(self, queryset: QuerySet) -> QuerySet:
        """Add the joins and prefetches the cards need (a fixed number of queries)."""
        queryset = queryset.prefetch_related("tags")
        if self.has_cover_images:
            queryset = with_card_images(queryset)
        return queryset

    def get_listing_tags(self, base_queryset: QuerySet) -> list[dict]:
        through = self.get_listing_model().tags.through
        return list(
            through.objects.filter(content_object__in=base_queryset.values("pk"))
            .values("tag__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "tag__name")[:TAG_CLOUD_SIZE]
        )

    def get_listing_years(self, base_queryset: QuerySet) -> list[int]:
        if self.year_field_is_date:
            return [
                d.year
                for d in base_queryset.order_by().dates(self.year_field, "year", order="DESC")
            ]
        return list(
            base_queryset.exclude(**{self.year_field: None})
            .order_by(f"-{self.year_field}")
            .values_list(self.year_field, flat=True)
            .distinct()
        )

    # -- rendering -------------------------------------------------------------------------

    def get_listing_context(self, request) -> dict:
        filters = self.parse_listing_filters(request)
        base = self.get_listing_base_queryset()
        items = self.decorate_listing(self.filter_listing(base, filters))
        page_obj = paginate(items, page=request.GET.get("page"), per_page=self.per_page)
        choice_options = [
            {
                "name": name,
                "label": self.get_choice_filter_label(name),
                "choices": choices,
                "value": filters.choices.get(name, ""),
                "value_label": dict(choices).get(filters.choices.get(name, ""), ""),
                "remove_qs": filters.querystring(**{name: None}),
            }
            for name, (_field, choices) in self.choice_filters.items()
        ]
        tag_cloud = self.get_listing_tags(base)
        tag_options = [t["tag__name"] for t in tag_cloud]
        if filters.tag and filters.tag not in tag_options:
            tag_options.append(filters.tag)
        return {
            "filters": filters,
            "feeds": self.feed_urls(request),
            "tag_options": tag_options,
            "remove_tag_qs": filters.querystring(tag=None),
            "remove_year_qs": filters.querystring(year=None),
            "page_obj": page_obj,
            "items": page_obj.object_list,
            "page_numbers": page_range(page_obj),
            "tag_cloud": tag_cloud,
            "years": self.get_listing_years(base),
            "choice_options": choice_options,
            "pagination_base": filters.querystring(page=None),
        }

    def get_choice_filter_label(self, name: str) -> str:
        return FILTER_LABELS.get(name, name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_listing_context(request))
        return context

    # -- feeds -----------------------------------------------------------------------------

    def get_feed_items(self, request) -> list[Page]:
        filters = self.parse_listing_filters(request)
        queryset = self.filter_listing(self.get_listing_base_queryset(), filters)
        return list(queryset.prefetch_related("tags")[: self.feed_size])

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        from portal.feeds import ListingRssFeed

        return ListingRssFeed()(request, page=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from portal.feeds import ListingAtomFeed

        return ListingAtomFeed()(request, page=self)

    def feed_urls(self, request=None) -> dict[str, str]:
        base = self.get_url(request)
        if not base:
            return {}
        return {"rss": f"{base}feed/rss/", "atom": f"{base}feed/atom/"}


FILTER_LABELS = {
    "kind": pgettext_lazy("portal", "kind"),
    "violation": _("violation type"),
    "rank": _("rank category"),
}
