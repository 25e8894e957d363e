"""The anonymous full-page cache: hits, bypasses and purge on publish."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from core.page_cache import HEADER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


@pytest.fixture
def cached():
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield


def test_second_anonymous_request_is_served_from_cache(client, cached, home_page):
    first = client.get(home_page.url)
    assert first.status_code == 200
    assert first[HEADER] == "MISS"
    second = client.get(home_page.url)
    assert second[HEADER] == "HIT"
    assert second.content == first.content


def test_cache_hit_costs_no_query(client, cached, home_page, django_assert_num_queries):
    client.get(home_page.url)
    with django_assert_num_queries(0):
        assert client.get(home_page.url)[HEADER] == "HIT"


def test_query_string_is_part_of_the_key(client, cached, home_page):
    client.get(home_page.url)
    assert client.get(home_page.url + "?page=2")[HEADER] == "MISS"


def test_publishing_purges_the_cache(client, cached, home_page):
    client.get(home_page.url)
    assert client.get(home_page.url)[HEADER] == "HIT"
    home_page.title = "新的首页标题"
    home_page.save_revision().publish()
    response = client.get(home_page.url)
    assert response[HEADER] == "MISS"
    assert "新的首页标题" in response.content.decode()


def test_unpublishing_and_deleting_purge_the_cache(client, cached, home_page):
    child = home_page.add_child(instance=Page(title="临时页面", slug="temp"))
    client.get(home_page.url)
    assert client.get(home_page.url)[HEADER] == "HIT"
    child.unpublish()
    assert client.get(home_page.url)[HEADER] == "MISS"
    assert client.get(home_page.url)[HEADER] == "HIT"
    child.delete()
    assert client.get(home_page.url)[HEADER] == "MISS"


def test_logged_in_users_bypass_the_cache(client, cached, home_page, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-123456-x")
    client.force_login(user)
    client.get(home_page.url)
    response = client.get(home_page.url)
    assert HEADER not in response


def test_disabled_when_seconds_is_zero(client, home_page):
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(home_page.url)
        assert HEADER not in client.get(home_page.url)


def test_not_found_is_not_cached(client, cached, home_page):
    assert client.get("/no-such-page/").status_code == 404
    assert HEADER not in client.get("/no-such-page/")


def test_restricted_pages_are_not_cached(client, cached, home_page):
    from wagtail.models import PageViewRestriction

    secret = home_page.add_child(instance=Page(title="内部页面", slug="internal"))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    client.get(secret.url)
    assert HEADER not in client.get(secret.url)
