from django.urls import reverse
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from regulations.admin_views import regulation_article_chooser_viewset


@hooks.register("register_admin_viewset")
def register_article_chooser():
    return regulation_article_chooser_viewset


class LibraryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def register_library_menu_item():
    from regulations.models import RegulationLibraryPage

    class _Item(LibraryMenuItem):
        @property
        def url(self):
            library = RegulationLibraryPage.objects.order_by("path").only("id").first()
            if library is None:
                return reverse("wagtailadmin_explore_root")
            return reverse("wagtailadmin_explore", args=[library.pk])

        @url.setter
        def url(self, value):
            pass

    return _Item(pgettext_lazy("regulation", "Regulations"), "", icon_name="doc-full", order=250)
