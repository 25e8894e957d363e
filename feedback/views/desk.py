"""The inspectors' triage desk (纪检监察 group only). Every view of a report is audited."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from feedback import selectors, services
from feedback.forms import AssignForm, InboxFilterForm, MessageForm, StatusForm
from feedback.models import (
    AuditAction,
    AuditLogEntry,
    Category,
    MessageKind,
    Report,
    ReportAttachment,
    Status,
)
from feedback.views.common import inspector_required

PAGE_SIZE = 25


@inspector_required
@require_GET
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.inbox(filters=filters, user=request.user)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/desk/inbox.html",
        {
            "desk_tab": "inbox",
            "filter_form": form,
            "page_obj": page_obj,
            "query": query.urlencode(),
            "now": timezone.now(),
            "open_count": Report.objects.open().count(),
            "overdue_count": Report.objects.overdue().count(),
        },
    )


def _detail_context(request, report, **forms):
    return {
        "desk_tab": "inbox",
        "report": report,
        "messages_thread": report.messages.select_related("author").prefetch_related("attachments"),
        "initial_files": report.attachments.filter(message__isnull=True),
        "audit_log": selectors.report_audit_log(report)[:200],
        "assign_form": forms.get("assign_form") or AssignForm(initial={"handler": report.handler}),
        "status_form": forms.get("status_form") or StatusForm(report=report),
        "note_form": forms.get("note_form") or MessageForm(prefix="note"),
        "reply_form": forms.get("reply_form") or MessageForm(prefix="reply"),
    }


@inspector_required
@require_GET
def detail(request, pk: int):
    report = get_object_or_404(Report.objects.select_related("department", "handler"), pk=pk)
    services.audit(report=report, action=AuditAction.VIEWED, user=request.user)
    return render(request, "feedback/desk/detail.html", _detail_context(request, report))


@inspector_required
@require_POST
def assign(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.report_assign(
            report=report, handler=form.cleaned_data["handler"], user=request.user
        )
        messages.success(request, _("Handler updated."))
        return redirect("feedback:desk_detail", pk=pk)
    return render(
        request,
        "feedback/desk/detail.html",
        _detail_context(request, report, assign_form=form),
        status=400,
    )


@inspector_required
@require_POST
def change_status(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = StatusForm(request.POST, report=report)
    if form.is_valid():
        services.report_change_status(
            report=report,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
            user=request.user,
        )
        messages.success(request, _("Status updated."))
        return redirect("feedback:desk_detail", pk=pk)
    return render(
        request,
        "feedback/desk/detail.html",
        _detail_context(request, report, status_form=form),
        status=400,
    )


@inspector_required
@require_POST
def add_message(request, pk: int, kind: str):
    report = get_object_or_404(Report, pk=pk)
    if kind not in (MessageKind.NOTE, MessageKind.REPLY):
        raise Http404
    form = MessageForm(request.POST, prefix=kind)
    if form.is_valid():
        services.report_add_message(
            report=report, kind=kind, body=form.cleaned_data["body"], user=request.user
        )
        messages.success(
            request, _("Note added.") if kind == MessageKind.NOTE else _("Reply sent.")
        )
        return redirect("feedback:desk_detail", pk=pk)
    return render(
        request,
        "feedback/desk/detail.html",
        _detail_context(request, report, **{f"{kind}_form": form}),
        status=400,
    )


@inspector_required
@require_GET
def download(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report_id=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    services.audit(
        report=attachment.report,
        action=AuditAction.DOWNLOADED,
        user=request.user,
        detail=attachment.original_name,
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@inspector_required
@require_GET
def audit_log(request):
    qs = AuditLogEntry.objects.select_related("report").order_by("-created_at", "-id")
    page_obj = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "feedback/desk/audit_log.html", {"page_obj": page_obj, "desk_tab": "audit"}
    )


def _parse_year(value) -> int:
    try:
        year = int(str(value)[:4])
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _stat_rows(stats: dict) -> list[tuple[str, str, int]]:
    rows = [(_("Category"), Category(r["category"]).label, r["n"]) for r in stats["by_category"]]
    rows += [
        (_("Department"), r["department__name"] or _("Not given"), r["n"])
        for r in stats["by_department"]
    ]
    rows += [
        (_("Month"), timezone.localtime(r["m"]).strftime("%Y-%m") if r["m"] else "", r["n"])
        for r in stats["by_month"]
    ]
    rows += [(_("Status"), Status(r["status"]).label, r["n"]) for r in stats["by_status"]]
    return rows


@inspector_required
@require_GET
def statistics(request):
    year = _parse_year(request.GET.get("year"))
    stats = selectors.statistics(year=year)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        services.audit(
            report=None, action=AuditAction.EXPORTED, user=request.user, detail=f"{year} {export}"
        )
        rows = _stat_rows(stats)
        header = (_("Dimension"), _("Value"), pgettext("feedback", "Reports"))
        filename = f"feedback-statistics-{year}.{export}"
        if export == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows(_safe_cells(row) for row in rows)
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            from openpyxl import Workbook

            workbook = Workbook()
            sheet = workbook.active
            sheet.title = str(year)
            sheet.append(header)
            for row in rows:
                sheet.append(_safe_cells(row))
            out = io.BytesIO()
            workbook.save(out)
            response = HttpResponse(
                out.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    for row in stats["by_category"]:
        row["label"] = Category(row["category"]).label
    for row in stats["by_status"]:
        row["label"] = Status(row["status"]).label
    top = max([r["n"] for r in stats["by_month"]] or [1])
    for row in stats["by_month"]:
        row["bar"] = round(row["n"] / top * 100, 1)
    return render(
        request,
        "feedback/desk/statistics.html",
        {
            "desk_tab": "stats",
            "stats": stats,
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


def _safe_cells(row):
    """Neutralise spreadsheet formulas in text cells (CSV/XLSX injection)."""
    cells = [cell if isinstance(cell, int | float) else str(cell) for cell in row]
    return [
        f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
        for cell in cells
    ]
