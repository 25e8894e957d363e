"""Public pages: reports with receipts, follow-ups, the CAPTCHA image."""

from __future__ import annotations

import time

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Site

from feedback import captcha, conf, ratelimit, selectors, services
from feedback.forms import FollowUpForm, ReceiptLookupForm, ReportForm
from feedback.models import AuditAction, Report
from feedback.views.common import private_page, rate_limited_response

RECEIPT_SESSION_KEY = "feedback_receipt"


@private_page
def index(request):
    form_pages = selectors.public_form_pages(Site.find_for_request(request))
    return render(request, "feedback/index.html", {"form_pages": form_pages})


@private_page
@require_http_methods(["GET", "POST"])
def report_create(request):
    if request.method == "POST":
        if ratelimit.is_limited(request, "submit"):
            return rate_limited_response(request)
        form = ReportForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            data = form.cleaned_data
            submitted = services.report_submit(
                category=data["category"],
                department=data["department"],
                accused_name=data["accused_name"],
                accused_position=data["accused_position"],
                description=data["description"],
                occurred_when=data["occurred_when"],
                occurred_where=data["occurred_where"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                files=data["attachments"],
            )
            # Rendered directly (no redirect): the code exists only in this one response.
            return render(
                request,
                "feedback/report_submitted.html",
                {"report": submitted.report, "receipt_code": submitted.receipt_code},
            )
    else:
        form = ReportForm(request=request)
    form.refresh_captcha()
    return render(request, "feedback/report_form.html", {"form": form})


@private_page
@require_http_methods(["GET"])
def captcha_image(request, challenge_id: str):
    if ratelimit.is_limited(request, "captcha"):
        return HttpResponse(status=429)
    text = captcha.question(request, challenge_id)
    if text is None:
        raise Http404
    return HttpResponse(captcha.render_png(text), content_type="image/png")


def _session_report(request) -> Report | None:
    data = request.session.get(RECEIPT_SESSION_KEY)
    if not isinstance(data, dict) or data.get("exp", 0) < time.time():
        request.session.pop(RECEIPT_SESSION_KEY, None)
        return None
    return Report.objects.select_related("department").filter(pk=data.get("id")).first()


@private_page
@require_http_methods(["GET", "POST"])
def receipt_lookup(request):
    form = ReceiptLookupForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.is_limited(request, "receipt"):
            return rate_limited_response(request)
        report = None
        if form.is_valid():
            report = services.report_find_by_receipt(code=form.cleaned_data["code"])
            if report is None:
                form.add_error("code", _("No report matches this receipt code."))
        if report is not None:
            request.session.cycle_key()
            if not request.user.is_authenticated:
                # An anonymous browser session (and its server-side row) ends with the receipt
                # access; a signed-in user's session keeps its own lifetime (the "exp" below
                # still limits the receipt).
                request.session.set_expiry(conf.get("FEEDBACK_RECEIPT_SESSION_SECONDS"))
            request.session[RECEIPT_SESSION_KEY] = {
                "id": report.pk,
                "exp": time.time() + conf.get("FEEDBACK_RECEIPT_SESSION_SECONDS"),
            }
            return redirect("feedback:receipt_status")
        form.data = form.data.copy()
        form.data["code"] = ""
    return render(request, "feedback/receipt_lookup.html", {"form": form})


@private_page
@require_http_methods(["GET", "POST"])
def receipt_status(request):
    report = _session_report(request)
    if report is None:
        return redirect("feedback:receipt_lookup")
    if request.method == "POST":
        if ratelimit.is_limited(request, "followup"):
            return rate_limited_response(request)
        form = FollowUpForm(request.POST, request.FILES, report=report)
        if form.is_valid():
            try:
                services.report_add_followup(
                    report=report,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except ValueError:
                form.add_error("attachments", _("The files of this report exceed the limit."))
            else:
                from django.contrib import messages

                messages.success(request, _("Your additional information has been received."))
                return redirect("feedback:receipt_status")
    else:
        form = FollowUpForm(report=report)
        services.audit(report=report, action=AuditAction.REPORTER_VIEWED)
    thread = report.messages.filter(kind__in=["followup", "reply"]).prefetch_related("attachments")
    return render(
        request,
        "feedback/receipt_status.html",
        {
            "report": report,
            "thread": thread,
            "initial_files": report.attachments.filter(message__isnull=True),
            "form": form,
        },
    )


@private_page
@require_POST
def receipt_leave(request):
    request.session.pop(RECEIPT_SESSION_KEY, None)
    return redirect("feedback:index")
