"""Admin: a menu link to the report desk (inspectors only) and contest-entry moderation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from feedback.models import ContestEntry
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
