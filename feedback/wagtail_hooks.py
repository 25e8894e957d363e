"""Admin: a menu link to the report desk (inspectors only), contest-entry moderation and the
read-only list of department ratings with their comments (inspectors)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from feedback.models import ContestEntry, DepartmentRating
from feedback.selectors import is_inspector


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return is_inspector(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Report desk"), reverse("feedback:desk_inbox"), icon_name="mail", order=250
    )


class ContestEntryViewSet(ModelViewSet):
    model = ContestEntry
    icon = "tick-inverse"
    menu_label = _("Contest entries")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["entry_text", "page", "submit_time", "status"]
    list_filter = ["status", "page"]
    form_fields = ["status"]
    ordering = ["-submit_time"]
    list_per_page = 50
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_contest_entries():
    return ContestEntryViewSet("contest_entries")


RATING_FIELDS = [
    "department",
    "month",
    "attitude",
    "efficiency",
    "integrity",
    "transparency",
    "comment",
    "created_at",
]


class DepartmentRatingIndexView(IndexView):
    def get_base_queryset(self):
        # The department is shown on every row: one join, not one query per row.
        return super().get_base_queryset().select_related("department")


class DepartmentRatingViewSet(ModelViewSet):
    """Every rating with its comment, for inspectors: read, filter and export; never edited
    (the 纪检监察 group holds only the view permission, granted by migration 0004)."""

    model = DepartmentRating
    index_view_class = DepartmentRatingIndexView
    icon = "pick"
    menu_label = _("Department ratings")
    add_to_admin_menu = True
    menu_order = 270
    list_display = RATING_FIELDS
    list_filter = ["department", "month"]
    list_export = RATING_FIELDS
    export_filename = "department-ratings"
    search_fields = ["comment"]
    form_fields = ["comment"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = RATING_FIELDS


@hooks.register("register_admin_viewset")
def register_department_ratings():
    return DepartmentRatingViewSet("department_ratings")
