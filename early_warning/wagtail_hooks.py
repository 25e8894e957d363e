"""Admin screens: the warning rules (editable by inspectors without a programmer), the signals
(read-only) and a link to the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from early_warning.models import Rule, Signal
from organization import selectors as org


class RuleViewSet(SnippetViewSet):
    model = Rule
    icon = "warning"
    menu_label = _("Warning rules")
    list_display = [
        "name",
        "scope",
        "source",
        "kind",
        "min_severity",
        "count_threshold",
        "level",
        "is_active",
    ]
    list_filter = ["scope", "source", "kind", "level", "is_active"]
    list_export = [
        "name",
        "description",
        "scope",
        "source",
        "kind",
        "min_severity",
        "window_months",
        "count_threshold",
        "consecutive_months",
        "level",
        "is_active",
    ]
    export_filename = "warning_rules"
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["sort_order", "pk"]


class SignalViewSet(SnippetViewSet):
    model = Signal
    icon = "list-ul"
    menu_label = _("Warning signals")
    list_display = ["kind", "user", "department", "month", "source", "severity"]
    list_filter = ["source", "kind", "severity"]
    list_export = [
        "source",
        "kind",
        "user",
        "department",
        "month",
        "severity",
        "summary",
        "reference",
    ]
    export_filename = "warning_signals"
    search_fields = ["summary", "reference"]
    search_backend_name = None
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Signal.objects.select_related("user", "department")


class EarlyWarningGroup(SnippetViewSetGroup):
    items = (RuleViewSet, SignalViewSet)
    menu_icon = "warning"
    menu_label = _("Early warning")
    menu_name = "early-warning"


register_snippet(EarlyWarningGroup)


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return org.is_inspector(request.user) or org.is_department_head(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Warning dashboard"), reverse("early_warning:dashboard"), icon_name="view", order=260
    )
