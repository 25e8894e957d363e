"""Warning bulletins (预警通报): Wagtail pages drafted from a month's data and edited by
inspectors, published to the staff area (login required) or to the public."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff area (login required)")
    PUBLIC = "public", _("Public site")


class BulletinIndexPage(Page):
    """The list of warning bulletins (预警通报)."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["early_warning.BulletinPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("warning bulletin list")
        verbose_name_plural = _("warning bulletin lists")

    def visible_bulletins(self, request):
        bulletins = BulletinPage.objects.child_of(self).live().order_by("-month", "-pk")
        if not request.user.is_authenticated:
            bulletins = bulletins.filter(audience=Audience.PUBLIC)
        return bulletins

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bulletins"] = list(self.visible_bulletins(request)[:120])
        return context


class BulletinPage(Page):
    """One month's warning bulletin. ``data`` is a snapshot of the month's figures taken when
    the draft was made (levels by department, measures); the texts are the inspectors'."""

    month = models.DateField(_("month"))
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("e.g. 2026年第3期")
    )
    audience = models.CharField(
        _("published to"), max_length=8, choices=Audience.choices, default=Audience.STAFF
    )
    intro = RichTextField(_("introduction"), blank=True)
    typical_problems = RichTextField(_("typical problems"), blank=True)
    requirements = RichTextField(_("requirements"), blank=True)
    show_figures = models.BooleanField(_("show the month's figures"), default=True)
    data = models.JSONField(_("figures"), default=dict, blank=True, editable=False)

    parent_page_types = ["early_warning.BulletinIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("month"), FieldPanel("number")]), FieldPanel("audience")],
            heading=_("bulletin"),
        ),
        FieldPanel("intro"),
        FieldPanel("show_figures"),
        FieldPanel("typical_problems"),
        FieldPanel("requirements"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("typical_problems"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("warning bulletin")
        verbose_name_plural = _("warning bulletins")

    def serve(self, request, *args, **kwargs):
        if self.audience == Audience.STAFF and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if request.GET.get("print") == "1":
            context = self.get_context(request, *args, **kwargs)
            return TemplateResponse(request, "early_warning/bulletin_page_print.html", context)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = self.data or {}
        return context
