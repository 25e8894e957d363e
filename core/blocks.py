"""StreamField blocks shared by the site's page types.

Each block renders through its own template in ``templates/blocks/``.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=pgettext_lazy("heading block", "level"),
        choices=[("h2", _("section heading")), ("h3", _("sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("heading")
        template = "blocks/heading_block.html"


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("rich text")
        template = "blocks/paragraph_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=255, required=False)

    class Meta:
        icon = "image"
        label = _("image")
        template = "blocks/image_block.html"


class VideoEmbedBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("video address"),
        help_text=_("Address of the video page, e.g. on a video-sharing site."),
    )
    title = blocks.CharBlock(label=_("title"), max_length=200, required=False)
    caption = blocks.CharBlock(label=_("caption"), max_length=255, required=False)

    class Meta:
        icon = "media"
        label = _("embedded video")
        template = "blocks/video_embed_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(
        label=_("link text"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the document title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("document link")
        template = "blocks/document_link_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("quote")
        template = "blocks/quote_block.html"


class TableWithCaptionBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("table")
        template = "blocks/table_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of articles, case studies and other content pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    video = VideoEmbedBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()
    table = TableWithCaptionBlock()

    class Meta:
        label = _("body")


class ChapterBlock(blocks.StructBlock):
    """One chapter of a book or reading in the reading room."""

    title = blocks.CharBlock(label=_("chapter title"), max_length=200)
    content = blocks.RichTextBlock(label=_("chapter text"))

    class Meta:
        icon = "list-ol"
        label = _("chapter")
        template = "blocks/chapter_block.html"
