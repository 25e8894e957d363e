"""The number of SQL queries per page does not grow with the content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ArticlePageFactory,
    BookPageFactory,
    CaseStudyPageFactory,
    ColumnIndexPageFactory,
    LiveClassPageFactory,
    MediaItemPageFactory,
)

pytestmark = pytest.mark.django_db

# Generous fixed ceilings (they catch an N+1 long before content is large).
MAX_QUERIES = 25


def count_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: renditions, menu and settings caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def add_articles(column, n, image, start=0):
    for i in range(start, start + n):
        ArticlePageFactory(
            parent=column,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            cover_image=image if i % 2 else None,
            tags=[f"标签{i % 4}", "作风建设"],
        )


def test_home_page_queries_do_not_grow(client, home_page, image):
    columns = [ColumnIndexPageFactory(parent=home_page) for _ in range(2)]
    for column in columns:
        add_articles(column, 3, image)
    few = count_queries(client, "/")
    columns += [ColumnIndexPageFactory(parent=home_page) for _ in range(4)]
    for column in columns:
        add_articles(column, 10, image, start=10)
    many = count_queries(client, "/")
    assert few == many
    assert many <= MAX_QUERIES


def test_column_listing_queries_do_not_grow(client, column, image):
    add_articles(column, 3, image)
    few = count_queries(client, column.url)
    add_articles(column, 30, image, start=3)
    assert count_queries(client, column.url) == few
    assert count_queries(client, column.url + "?page=3&tag=作风建设") == few
    assert few <= MAX_QUERIES


def test_article_page_queries_do_not_grow(client, column, image):
    add_articles(column, 3, image)
    article = ArticlePageFactory(parent=column, tags=["作风建设", "标签1"], cover_image=image)
    few = count_queries(client, article.url)
    add_articles(column, 30, image, start=3)
    assert count_queries(client, article.url) == few
    assert few <= MAX_QUERIES


def test_case_index_queries_do_not_grow(client, case_index):
    for _ in range(3):
        CaseStudyPageFactory(parent=case_index, tags=["警示"])
    few = count_queries(client, case_index.url)
    for i in range(30):
        CaseStudyPageFactory(parent=case_index, tags=["警示", f"案{i}"])
    assert count_queries(client, case_index.url) == few


def test_reading_room_queries_do_not_grow(client, reading_room, image):
    for _ in range(3):
        BookPageFactory(parent=reading_room, cover_image=image, tags=["读本"])
    few = count_queries(client, reading_room.url)
    for i in range(30):
        BookPageFactory(parent=reading_room, cover_image=image, publication_year=2000 + i)
    assert count_queries(client, reading_room.url) == few


def test_culture_hall_queries_do_not_grow(client, culture_hall, image, no_embeds):
    for _ in range(3):
        MediaItemPageFactory(parent=culture_hall, cover_image=image, tags=["视频"])
        LiveClassPageFactory(parent=culture_hall)
    few = count_queries(client, culture_hall.url)
    for _ in range(30):
        MediaItemPageFactory(parent=culture_hall, cover_image=image, tags=["视频"])
        LiveClassPageFactory(parent=culture_hall)
    assert count_queries(client, culture_hall.url) == few


def test_feed_queries_do_not_grow(client, column, image):
    add_articles(column, 3, image)
    few = count_queries(client, column.url + "feed/rss/")
    add_articles(column, 30, image, start=3)
    assert count_queries(client, column.url + "feed/rss/") == few
