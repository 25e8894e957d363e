"""Error pages, login pages, sitemap, redirects and the pages API."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.urls import path
from wagtail.contrib.redirects.models import Redirect

from portal.models import ArticlePage
from portal.urls import urlpatterns as portal_urlpatterns
from portal.views import server_error

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), *portal_urlpatterns]
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"


def test_unknown_url_gives_a_styled_404(client, home_page):
    response = client.get("/no-such-page/at-all/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>页面未找到</h1>" in html
    assert "抱歉" in html
    assert 'class="skip-link"' in html and "css/site.css" in html  # the site's own chrome
    assert 'id="error-search-q" name="q"' in html
    assert '<label class="visually-hidden" for="error-search-q">搜索本站</label>' in html
    assert "返回首页" in html
    assert 'class="breadcrumbs"' not in html


def test_404_outside_any_site(client, db):
    """Even with no Wagtail site configured, a 404 is the styled page, not a 500."""
    from wagtail.models import Site

    Site.objects.all().delete()
    response = client.get("/nothing/")
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_raises_gives_the_500_page(client, home_page):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>服务器错误</h1>" in html
    assert '<html lang="zh-Hans">' in html
    assert "返回首页" in html


def test_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html
    assert "<style>" in html  # inline CSS: nothing to fetch from the app while it is failing


def test_login_page_is_chinese_and_labelled(client, home_page):
    html = client.get("/accounts/login/?next=/admin/").content.decode()
    assert "<h1>登录</h1>" in html
    assert re.search(r'<label for="id_username">用户名</label>', html)
    assert re.search(r'<label for="id_password">密码</label>', html)
    assert 'autocomplete="current-password"' in html
    assert 'name="next" value="/admin/"' in html


def test_login_with_a_wrong_password_shows_a_chinese_error(client, home_page):
    get_user_model().objects.create_user("zhangsan", password="correct-horse-1")
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "请输入一个正确的" in html  # Django's own zh-hans message
    response = client.post(
        "/accounts/login/", {"username": "zhangsan", "password": "correct-horse-1"}
    )
    assert response.status_code == 302


def test_logged_in_header_offers_log_out(client, home_page):
    user = get_user_model().objects.create_user("lisi", password="correct-horse-1")
    client.force_login(user)
    html = client.get(home_page.url).content.decode()
    assert "退出登录" in html and "lisi" in html
    assert 'action="/accounts/logout/"' in html


def test_admin_login_page_is_chinese(client, db):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="zh-hans"' in html.lower()
    assert "登录" in html


def test_sitemap_lists_live_pages_only(client, home_page, column, article):
    draft = column.add_child(instance=ArticlePage(title="草稿文章", slug="draft", live=False))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"{column.url}</loc>" in xml
    assert f"{article.url}</loc>" in xml
    assert draft.slug not in xml


def test_redirects_are_permanent(client, home_page, article):
    Redirect.objects.create(old_path="/old-news/123", redirect_page=article, is_permanent=True)
    response = client.get("/old-news/123")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)


def test_pages_api_lists_live_pages(client, home_page, column, article):
    column.add_child(instance=ArticlePage(title="草稿文章", slug="draft", live=False))
    response = client.get("/api/v2/pages/?limit=20")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    titles = {item["title"] for item in data["items"]}
    assert {"廉政之窗", "市纪委召开廉政教育大会"} <= titles
    assert "草稿文章" not in titles
    detail = client.get(f"/api/v2/pages/{article.pk}/")
    assert json.loads(detail.content)["title"] == "市纪委召开廉政教育大会"
