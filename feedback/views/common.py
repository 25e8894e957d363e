"""Shared helpers for feedback views: privacy headers, permission checks, error pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from feedback.csrf import csrf_protect_no_referrer
from feedback.selectors import is_inspector


def no_store(response, *, referrer: bool = False):
    """No caching anywhere, and (unless ``referrer``) no Referer leaking the page's address."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    if not referrer:
        response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_page(view):
    """Report pages: no-store, no-referrer, and a CSRF check that works with no-referrer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request._page_cache_ok = False
        return no_store(view(request, *args, **kwargs))

    return csrf_protect_no_referrer(wrapped)


def rate_limited_response(request):
    return render(request, "feedback/rate_limited.html", status=429)


def inspector_required(view):
    """The triage desk: members of the 纪检监察 group only; everyone else gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return no_store(redirect_to_login(request.get_full_path()))
        if not is_inspector(request.user):
            return no_store(render(request, "feedback/forbidden.html", status=403))
        return no_store(view(request, *args, **kwargs))

    return csrf_protect_no_referrer(wrapped)
