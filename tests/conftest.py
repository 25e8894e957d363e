"""Shared fixtures: a Wagtail site whose root is the portal home page."""

import pytest
from wagtail.models import Page, Site

from portal.models import HomePage


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (locmem survives between tests in one process)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
