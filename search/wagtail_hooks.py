"""Admin: synonyms (a snippet editors manage) and the search-terms report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import admin_views
from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["words", "note"]
    search_fields = ["words", "note"]


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-terms/", admin_views.search_terms, name="search_terms_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return MenuItem(
        _("Search terms"),
        reverse("search_terms_report"),
        icon_name="search",
        order=900,
    )
