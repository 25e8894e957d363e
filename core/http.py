"""Helpers for the project's public JSON endpoints under /api/ (CONTRACT.md)."""

from __future__ import annotations

from functools import wraps

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

JSON_OPTIONS = {"ensure_ascii": False}
READ_METHODS = ("GET", "HEAD")


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON_OPTIONS)


def json_read_only(view):
    """Allow GET/HEAD only and answer anything else with a JSON 405 (not an HTML CSRF 403:
    the endpoints never change anything, so they need no CSRF protection)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            response = json_error(f"method {request.method} not allowed", 405)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


@json_read_only
def api_not_found(request, *args, **kwargs):
    """Catch-all under /api/: an unknown path is a JSON 404, not the HTML page."""
    return json_error("not found", 404)
