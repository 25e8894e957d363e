from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class HomePage(Page):
    """The site root. Latest news, column highlights and quick entries."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
