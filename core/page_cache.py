"""Full-page cache for anonymous visitors of public Wagtail pages.

Only responses that a `before_serve_page` hook marked as cacheable (a live page without view
restrictions, served to an anonymous visitor) are stored, and only when they carry no cookies and
do not vary on Cookie. Every key embeds a site-wide *generation* number; publishing, unpublishing,
moving or deleting a page, or saving the site settings or the menu (core.signals) bumps the
generation, which invalidates every cached page at once. Simple and always correct: a page's
listing, menu and home-page teasers all change when any page is published.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "page-cache:generation"
MARK_ATTR = "_page_cache_ok"
HEADER = "X-Page-Cache"
BYPASS_COOKIES = ("messages",)


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def purge_all() -> None:
    """Invalidate every cached page (O(1): bumps the generation)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request, generation: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}".encode()
    return f"page-cache:{generation}:{hashlib.sha256(raw).hexdigest()}"


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.COOKIES for name in BYPASS_COOKIES)


def mark_cacheable(request, page) -> None:
    """Called from the before_serve_page hook for pages that may be cached."""
    if not _request_is_cacheable(request):
        return
    if getattr(request, "is_preview", False) or request.user.is_authenticated:
        return
    if page.get_view_restrictions().exists():
        return
    setattr(request, MARK_ATTR, True)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        generation = current_generation()
        key = _key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "HIT"
            return cached
        response = self.get_response(request)
        if (
            getattr(request, MARK_ATTR, False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "cookie" not in response.get("Vary", "").lower()
        ):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            response[HEADER] = "MISS"
            cache.set(key, response, cache_seconds())
        return response
