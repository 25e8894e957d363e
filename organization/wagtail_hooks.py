"""Admin screens for the organisation (设置 → 组织与内控), for inspectors and administrators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from organization import admin_views
from organization.models import (
    Department,
    Post,
    PostAssignment,
    Procedure,
    RiskPoint,
    StaffProfile,
)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "parent", "code", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    list_export = ["name", "code", "parent", "sort_order", "is_active", "description"]
    export_filename = "departments"
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "user"
    menu_label = _("Posts")
    list_display = ["name", "department", "is_active"]
    list_filter = ["department", "is_active"]
    list_export = ["department", "name", "description", "is_active"]
    export_filename = "posts"
    search_fields = ["name", "department__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return Post.objects.select_related("department")


class RiskPointViewSet(SnippetViewSet):
    model = RiskPoint
    icon = "warning"
    menu_label = _("Risk points")
    list_display = ["title", "post", "category", "level"]
    list_filter = ["category", "level", "post__department"]
    list_export = ["post", "title", "description", "category", "level", "prevention_measures"]
    export_filename = "risk_points"
    search_fields = ["title", "description", "post__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return RiskPoint.objects.select_related("post__department")


class ProcedureViewSet(SnippetViewSet):
    model = Procedure
    icon = "list-ol"
    menu_label = _("Work procedures")
    list_display = ["title", "department", "is_active"]
    list_filter = ["department", "is_active"]
    list_export = ["department", "title", "description", "is_active"]
    export_filename = "procedures"
    search_fields = ["title", "description"]
    search_backend_name = None

    def get_queryset(self, request):
        return Procedure.objects.select_related("department")


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = pgettext_lazy("organization", "Staff")
    list_display = ["user", "__str__", "department", "job_title", "is_monitored"]
    list_filter = ["department", "is_monitored"]
    list_export = ["user", "__str__", "department", "employee_number", "job_title", "phone"]
    export_filename = "staff"
    search_fields = ["user__username", "user__last_name", "user__first_name", "employee_number"]
    search_backend_name = None

    def get_queryset(self, request):
        return StaffProfile.objects.select_related("user", "department")


class PostAssignmentViewSet(SnippetViewSet):
    model = PostAssignment
    icon = "date"
    menu_label = _("Post assignments")
    list_display = ["user", "post", "start_date", "end_date"]
    list_filter = ["post__department", "start_date", "end_date"]
    list_export = ["user", "post", "start_date", "end_date", "note"]
    export_filename = "post_assignments"
    search_fields = ["user__username", "user__last_name", "post__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return PostAssignment.objects.select_related("user", "post__department")


class OrganizationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 260
    items = (
        DepartmentViewSet,
        PostViewSet,
        RiskPointViewSet,
        ProcedureViewSet,
        StaffProfileViewSet,
        PostAssignmentViewSet,
    )


register_snippet(OrganizationGroup)


@hooks.register("register_admin_urls")
def register_excel_urls():
    return [
        path(
            "organization/excel/",
            admin_views.excel_import,
            name="organization_excel_import",
        ),
        path(
            "organization/excel/export.xlsx",
            admin_views.excel_export,
            name="organization_excel_export",
        ),
    ]


class ExcelMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_excel_menu_item():
    return ExcelMenuItem(
        _("Organisation Excel import"),
        reverse("organization_excel_import"),
        icon_name="download",
        order=261,
    )
