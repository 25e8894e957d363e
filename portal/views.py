"""Error handlers (wired as handler404 / handler500 in portal/urls.py)."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>服务器错误</title>'
    "</head><body><h1>服务器错误</h1><p>请稍后再试。</p></body></html>"
)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a styled Chinese page instead of Django's English "403 Forbidden"."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """Render 500.html without a request context: no database, no context processors."""
    try:
        html = loader.get_template("500.html").render()
    except Exception:  # the error page itself must never fail
        logger.exception("Could not render 500.html")
        html = FALLBACK_500
    return HttpResponseServerError(html)
