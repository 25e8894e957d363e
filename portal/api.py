"""Wagtail API v2 for pages, images and documents (read-only).

The viewsets are Wagtail's, hardened: a number too large for the database in a query
parameter (``offset``, ``limit``, ``child_of``, ``id`` …) or in the detail URL answers
400/404 JSON instead of an overflow error (500).
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.converters import MAX_ID_DIGITS

MAX_OFFSET = 1_000_000
# Free-text parameters that may legitimately hold a long run of digits.
TEXT_PARAMETERS = frozenset({"search", "search_operator", "fields", "order", "html_path", "type"})


class BoundedNumbersMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, value in request.GET.items():
            if name in TEXT_PARAMETERS:
                continue
            digits = value.strip().lstrip("-+")
            if digits.isdigit() and len(digits) > MAX_ID_DIGITS:
                raise BadRequestError(f"{name} is too large")
        for name in ("offset", "limit"):
            raw = request.GET.get(name, "").strip()
            if raw.isdigit() and int(raw) > MAX_OFFSET:
                raise BadRequestError(f"{name} cannot be higher than {MAX_OFFSET}")

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]


class PortalPagesAPIViewSet(BoundedNumbersMixin, PagesAPIViewSet):
    pass


class PortalImagesAPIViewSet(BoundedNumbersMixin, ImagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(BoundedNumbersMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
