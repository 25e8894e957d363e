"""The online integrity school's index page (courses come in a later issue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class SchoolIndexPage(Page):
    """The online school (网上廉政学校): introduction and, later, its courses."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["learning.CoursePage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("online school")
        verbose_name_plural = _("online schools")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from learning.school import CoursePage
        from learning.school_access import openable_courses

        from .listing import with_card_images

        courses = CoursePage.objects.child_of(self).live().public().order_by("path")
        # Only the courses the viewer may open (the public: the open ones).
        context["courses"] = openable_courses(request.user, list(with_card_images(courses)))
        return context
