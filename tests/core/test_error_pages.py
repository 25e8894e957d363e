"""Styled Chinese 400 / 403 / CSRF-failure pages, and no gravatar requests from the admin."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

pytestmark = pytest.mark.django_db


def _suspicious(request):
    raise SuspiciousOperation("bad")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [path("bad/", _suspicious), path("forbidden/", _forbidden), *portal_urlpatterns]
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"


def _assert_styled(html: str, heading: str):
    assert f"<h1>{heading}</h1>" in html
    assert 'class="skip-link"' in html and "css/site.css" in html  # the site's own chrome
    assert "返回首页" in html
    assert "Forbidden" not in html and "Bad Request" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_400_page(client, home_page):
    response = client.get("/bad/")
    assert response.status_code == 400
    _assert_styled(response.content.decode(), "请求无效")


@override_settings(ROOT_URLCONF=__name__)
def test_403_page(client, home_page):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    _assert_styled(response.content.decode(), "无权访问")


def test_csrf_failure_page(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_styled(html, "表单已失效")
    assert "Cookie" in html


def test_admin_avatars_are_not_loaded_from_gravatar(admin_user):
    from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

    assert "gravatar" not in avatar_url(admin_user)
