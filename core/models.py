"""Site-wide settings and the CMS-managed main menu.

Both are Wagtail site settings (one row per Site), edited under 设置 in the admin:

* ``SiteSettings`` — name, logo, contact details, reporting channels, footer links, ICP line.
* ``MainMenu`` — the header menu: a StreamField of ``item`` blocks, each a page or a URL with
  an optional list of children (one dropdown level).

Templates read ``settings.core.SiteSettings.*``; the menu is rendered with
``{% main_menu %}`` from ``core_tags`` (cached per site, purged on save and on page changes).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

ALLOWED_URL_PREFIXES = ("http://", "https://", "/", "mailto:", "tel:", "#")


def validate_link_url(value: str) -> None:
    """Accept absolute http(s) URLs, site-relative paths, mailto:, tel: and anchors only."""
    if value and not value.strip().lower().startswith(ALLOWED_URL_PREFIXES):
        raise ValidationError(
            _("Enter a URL starting with https://, http://, /, mailto: or tel:."),
            code="invalid_url",
        )


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to a URL."""

    label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=pgettext_lazy("site", "label"),
        help_text=_("Leave blank to use the page title."),
    )
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label=pgettext_lazy("site", "URL"),
        help_text=_("Used when no page is chosen, e.g. https://www.ccdi.gov.cn/ or /search/."),
        validators=[validate_link_url],
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("page") and not value.get("url"):
            errors["page"] = ValidationError(_("Choose a page or enter a URL."))
        if value.get("url") and not value.get("page") and not value.get("label"):
            errors["label"] = ValidationError(_("A link to a URL needs a label."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "link"
        label = _("link")


class MenuItemBlock(LinkBlock):
    """A top-level menu entry, with an optional dropdown of child links."""

    children = blocks.ListBlock(
        LinkBlock(),
        required=False,
        default=[],
        label=_("dropdown links"),
    )

    class Meta:
        icon = "list-ul"
        label = _("menu item")


class ReportingChannelBlock(blocks.StructBlock):
    """One way to report a problem (举报渠道): a hotline, a website, a mailbox, a visit."""

    name = blocks.CharBlock(max_length=60, label=pgettext_lazy("site", "name"))
    description = blocks.TextBlock(
        required=False, max_length=300, label=pgettext_lazy("site", "description")
    )
    phone = blocks.CharBlock(required=False, max_length=40, label=_("phone"))
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label=pgettext_lazy("site", "URL"),
        validators=[validate_link_url],
    )

    class Meta:
        icon = "warning"
        label = _("reporting channel")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Identity and contact details shown in the header and footer."""

    select_related = ["logo"]

    site_name = models.CharField(
        pgettext_lazy("site", "site name"), max_length=100, default="廉政教育与风险预警平台"
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=100,
        blank=True,
        help_text=_("The body that runs the site, shown under the site name."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hotline = models.CharField(_("reporting hotline"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    email = models.EmailField(_("email"), blank=True)
    reporting_channels = StreamField(
        [("channel", ReportingChannelBlock())],
        blank=True,
        verbose_name=_("reporting channels"),
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
    )
    icp_number = models.CharField(
        _("ICP licence number"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 京ICP备12345678号"),
    )
    copyright_line = models.CharField(_("copyright line"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("organisation"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("reporting_channels"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("copyright_line")],
            heading=_("Legal"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


@register_setting(icon="list-ul")
class MainMenu(BaseSiteSetting):
    """The header menu of one site."""

    items = StreamField(
        [("item", MenuItemBlock())],
        blank=True,
        verbose_name=_("menu items"),
    )

    panels = [FieldPanel("items")]

    class Meta:
        verbose_name = _("main menu")
        verbose_name_plural = _("main menu")
