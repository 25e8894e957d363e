"""Admin views: Excel import and export of the whole organisation."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from organization import excel


def can_manage(user) -> bool:
    return user.is_active and (
        user.is_superuser
        or (
            user.has_perm("organization.add_department")
            and user.has_perm("organization.change_staffprofile")
        )
    )


def excel_import(request):
    if not can_manage(request.user):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = bool(request.POST.get("dry_run"))
        if upload is None:
            report = excel.ImportReport(errors=[excel.RowError("", 0, _("Choose a file."))])
        else:
            report = excel.import_workbook(file=upload, dry_run=dry_run)
    return render(
        request,
        "organization/admin/excel_import.html",
        {"report": report, "sheets": excel.SHEETS},
    )


def excel_export(request):
    if not can_manage(request.user):
        raise PermissionDenied
    response = HttpResponse(
        excel.export_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="organization.xlsx"'
    return response
