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


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migration-made data (root page, groups, workflow)
    before it runs and leaves a flushed database without re-running post_migrate, so a later
    test never meets an empty or half-restored database (with xdist, a worker may run a
    transactional test before a plain one)."""
    for item in items:
        if _is_transactional(item) and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
