"""RSS/Atom feeds for listing pages.

The feeds are routes of the listing pages themselves (``<listing url>feed/rss/`` and
``<listing url>feed/atom/``, see ``portal.models.listing.ListingPageMixin``), so they
need no URL patterns here. This module stays so that site-wide feeds can be added.
"""

urlpatterns: list = []
