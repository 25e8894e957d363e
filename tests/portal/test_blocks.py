"""Each body block renders through its template; embeds degrade to a link."""

import pytest
from wagtail.embeds.models import Embed

from core.blocks import BodyBlock, ChapterBlock
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def render(stream_data):
    block = BodyBlock()
    return block.render(block.to_python(stream_data))


def test_heading_paragraph_quote():
    html = render(
        [
            {"type": "heading", "value": {"text": "一、总体要求", "level": "h2"}},
            {"type": "heading", "value": {"text": "（一）工作目标", "level": "h3"}},
            {"type": "paragraph", "value": "<p>坚持<b>严</b>的基调。</p>"},
            {"type": "quote", "value": {"text": "清白做人，干净做事。", "attribution": "家训"}},
        ]
    )
    assert '<h2 class="block-heading">一、总体要求</h2>' in html
    assert '<h3 class="block-heading">（一）工作目标</h3>' in html
    assert "<b>严</b>" in html
    assert "<blockquote>清白做人，干净做事。</blockquote>" in html and "—— 家训" in html


def test_image_block_has_alt_text_and_caption(image):
    html = render(
        [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "警示教育大会现场", "caption": "大会现场"},
            }
        ]
    )
    assert 'alt="警示教育大会现场"' in html
    assert "<figcaption>大会现场</figcaption>" in html


def test_document_block_links_to_the_document():
    document = DocumentFactory(title="学习材料")
    html = render([{"type": "document", "value": {"document": document.pk, "label": ""}}])
    assert f'href="{document.url}"' in html and "学习材料" in html and "PDF" in html
    html = render([{"type": "document", "value": {"document": document.pk, "label": "下载材料"}}])
    assert "下载材料" in html


def test_table_block():
    html = render(
        [
            {
                "type": "table",
                "value": {
                    "data": [["单位", "问题数"], ["市财政局", "3"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "整改统计",
                },
            }
        ]
    )
    assert '<div class="block-table"' in html
    assert "<caption>整改统计</caption>" in html
    assert '<th scope="col" >' in html or '<th scope="col"' in html
    assert "<td" in html and "市财政局" in html


def test_video_block_falls_back_to_a_link_when_the_embed_fails(no_embeds):
    url = "https://www.youtube.com/watch?v=abc"
    html = render([{"type": "video", "value": {"video": url, "title": "微视频", "caption": ""}}])
    assert "视频无法在此播放" in html
    assert f'href="{url}"' in html
    assert no_embeds == [url]


def test_video_block_without_network_never_breaks_the_page():
    # No monkeypatching: the real finder runs and cannot reach any provider here.
    html = render(
        [
            {
                "type": "video",
                "value": {"video": "https://unknown.invalid/v/1", "title": "", "caption": ""},
            }
        ]
    )
    assert 'href="https://unknown.invalid/v/1"' in html


def test_video_block_shows_a_fetched_embed(monkeypatch):
    from wagtail.embeds import embeds

    embed = Embed(
        url="https://v.example.cn/1", html='<iframe src="https://v.example.cn/e/1"></iframe>'
    )
    monkeypatch.setattr(embeds, "get_embed", lambda url, max_width=None, max_height=None: embed)
    html = render(
        [
            {
                "type": "video",
                "value": {"video": "https://v.example.cn/1", "title": "", "caption": "来源"},
            }
        ]
    )
    assert (
        '<div class="responsive-embed"><iframe src="https://v.example.cn/e/1"></iframe></div>'
        in html
    )
    assert "<figcaption>来源</figcaption>" in html


def test_chapter_block():
    block = ChapterBlock()
    html = block.render(block.to_python({"title": "第一章", "content": "<p>正文</p>"}))
    assert "第一章" in html and "<p>正文</p>" in html


def test_every_body_block_has_its_template():
    for name, child in BodyBlock().child_blocks.items():
        assert child.meta.template.startswith("blocks/"), name
