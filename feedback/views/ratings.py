"""Department ratings (政风行风评议) and their public results."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from feedback import conf, ratelimit, selectors, services
from feedback.forms import RatingForm
from feedback.models import DIMENSIONS
from feedback.views.common import private_page, rate_limited_response

COOKIE = "feedback_rated"
COOKIE_SALT = "feedback.rated"


def _rated_cookie(request) -> dict:
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT)
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def _already_rated_here(request, *, department_id: int, month: datetime.date) -> bool:
    """Per-client limit without storing the client: a signed cookie (once per department and
    month per browser) and a cache counter keyed by an HMAC of the IP (a few per department and
    day per network, so an office behind one address can still rate; see ratelimit.py)."""
    from django.core.cache import cache

    if str(department_id) in _rated_cookie(request).get(f"{month:%Y-%m}", []):
        return True
    key = f"feedback-rated:{ratelimit.client_fingerprint(request)}:{department_id}:{month:%Y%m}"
    return (cache.get(key) or 0) >= conf.get("FEEDBACK_RATINGS_PER_CLIENT_DAY")


def _remember(request, response, *, department_id: int, month: datetime.date) -> None:
    from django.core.cache import cache

    key = f"feedback-rated:{ratelimit.client_fingerprint(request)}:{department_id}:{month:%Y%m}"
    if not cache.add(key, 1, timeout=24 * 3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=24 * 3600)
    month_key = f"{month:%Y-%m}"
    current = _rated_cookie(request)
    ids = [*current.get(month_key, []), str(department_id)][-200:]
    response.set_cookie(
        COOKIE,
        signing.dumps({month_key: ids}, salt=COOKIE_SALT),
        max_age=40 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@private_page
@require_http_methods(["GET", "POST"])
def rate(request):
    if request.method == "POST":
        if ratelimit.is_limited(request, "rate"):
            return rate_limited_response(request)
        form = RatingForm(request.POST, request=request)
        if form.is_valid():
            department = form.cleaned_data["department"]
            month = services.month_start()
            if _already_rated_here(request, department_id=department.pk, month=month):
                form.add_error(
                    "department", _("You have already rated this department this month.")
                )
            else:
                try:
                    services.rating_submit(
                        department=department,
                        scores=form.scores(),
                        comment=form.cleaned_data["comment"],
                        user=request.user,
                    )
                except services.AlreadyRated:
                    form.add_error(
                        "department", _("You have already rated this department this month.")
                    )
                else:
                    messages.success(request, _("Thank you, your rating has been recorded."))
                    response = redirect("feedback:rating_results")
                    _remember(request, response, department_id=department.pk, month=month)
                    return response
    else:
        form = RatingForm(request=request, initial={"department": request.GET.get("department")})
    form.refresh_captcha()
    return render(request, "feedback/rating_form.html", {"form": form, "dimensions": DIMENSIONS})


def _parse_month(value) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(str(value)[:7], "%Y-%m").date()
    except ValueError:
        return None


@require_GET
def results(request):
    months = selectors.rating_months()
    month = _parse_month(request.GET.get("month")) if request.GET.get("month") else None
    if month is None:
        month = months[0] if months else services.month_start()
    rows = selectors.rating_results(month=month)
    response = render(
        request,
        "feedback/rating_results.html",
        {
            "month": month,
            "months": months,
            "rows": rows,
            "chart_height": 34 * len(rows) + 20,
            "today": timezone.localdate(),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return response
