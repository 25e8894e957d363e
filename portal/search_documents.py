"""What the portal's pages contribute to the site search (see search.registry)."""

from __future__ import annotations

import datetime as dt

from portal.models import ArticlePage, BookPage, CaseStudyPage, LiveClassPage, MediaItemPage
from portal.models.cases import ViolationType
from portal.models.culture import MediaKind
from search.registry import IndexDocument, SearchSource, register
from search.text import html_to_text, join, stream_text


def _tags(page) -> str:
    return " ".join(tag.name for tag in page.tags.all())


def _base(page, **kwargs) -> IndexDocument:
    return IndexDocument(
        key=f"page:{page.pk}",
        page_id=page.pk,
        title=page.title,
        url=page.get_url() or page.url_path,
        **kwargs,
    )


class ArticleSource(SearchSource):
    def documents(self, page):
        parent = page.get_parent()
        body = stream_text(page.body)
        summary = page.summary if page.summary and page.summary[:20] not in body else ""
        yield _base(
            page,
            type="article",
            title_extra=_tags(page),
            text=join(summary, body, page.author, page.source),
            date=page.date,
            category=parent.title if parent else "",
        )


class CaseSource(SearchSource):
    def documents(self, page):
        yield _base(
            page,
            type="case",
            title_extra=_tags(page),
            text=join(
                page.summary,
                html_to_text(page.facts),
                html_to_text(page.lessons),
                html_to_text(page.applicable_regulations),
                page.regulation_citations(),
                page.source,
            ),
            date=page.date,
            category=page.violation_type,
        )


class BookSource(SearchSource):
    def documents(self, page):
        yield _base(
            page,
            type="book",
            title_extra=join(page.author, _tags(page)),
            text=join(page.summary, page.publisher, page.isbn, stream_text(page.chapters)),
            date=dt.date(page.publication_year, 1, 1) if page.publication_year else None,
        )


class MediaSource(SearchSource):
    def documents(self, page):
        if isinstance(page, LiveClassPage):
            yield _base(
                page,
                type="media",
                title_extra=page.speaker,
                text=join(html_to_text(page.description), page.venue, page.speaker),
                date=page.start_time.date() if page.start_time else None,
                category="live",
            )
        else:
            yield _base(
                page,
                type="media",
                title_extra=_tags(page),
                text=page.description,
                date=page.date,
                category=page.kind,
            )


register(ArticleSource(name="portal.articles", type="article", models=(ArticlePage,)))
register(
    CaseSource(
        name="portal.cases",
        type="case",
        models=(CaseStudyPage,),
        facet_labels={"category": dict(ViolationType.choices)},
    )
)
register(BookSource(name="portal.books", type="book", models=(BookPage,)))
register(
    MediaSource(
        name="portal.media",
        type="media",
        models=(MediaItemPage, LiveClassPage),
        facet_labels={
            "category": {**dict(MediaKind.choices), "live": LiveClassPage._meta.verbose_name}
        },
    )
)
