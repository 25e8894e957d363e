"""StreamField blocks that point at a regulation or one of its articles.

Other apps (case studies, post risks) use ``RegulationReferenceBlock`` in a StreamField, or a
``ForeignKey("regulations.RegulationNode")`` with a plain ``FieldPanel`` (the article chooser
widget is registered for that model).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks

from regulations.admin_views import regulation_article_chooser_viewset

RegulationArticleChooserBlock = regulation_article_chooser_viewset.get_block_class(
    name="RegulationArticleChooserBlock", module_path="regulations.blocks"
)


class RegulationReferenceBlock(blocks.StructBlock):
    regulation = blocks.PageChooserBlock(
        label=_("Regulation"), page_type="regulations.RegulationPage", required=False
    )
    article = RegulationArticleChooserBlock(label=_("Article"), required=False)
    note = blocks.CharBlock(
        label=pgettext_lazy("regulation", "Note"), required=False, max_length=200
    )

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("regulation") and not value.get("article"):
            raise StructBlockValidationError(
                block_errors={
                    "regulation": ValidationError(_("Choose a regulation or an article."))
                }
            )
        return value

    class Meta:
        icon = "doc-full"
        label = _("Regulation reference")
        template = "regulations/blocks/regulation_reference.html"
