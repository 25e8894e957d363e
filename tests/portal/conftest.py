"""Fixtures for the portal page tree: home → column, cases, reading room, culture hall, school."""

import pytest

from tests.factories import (
    CaseIndexPageFactory,
    ColumnIndexPageFactory,
    CultureHallPageFactory,
    ImageFactory,
    ReadingRoomPageFactory,
    SchoolIndexPageFactory,
)


@pytest.fixture
def column(home_page):
    return ColumnIndexPageFactory(parent=home_page, title="廉政之窗", slug="lianzheng")


@pytest.fixture
def case_index(home_page):
    return CaseIndexPageFactory(parent=home_page, slug="cases")


@pytest.fixture
def reading_room(home_page):
    return ReadingRoomPageFactory(parent=home_page, slug="reading")


@pytest.fixture
def culture_hall(home_page):
    return CultureHallPageFactory(parent=home_page, slug="culture")


@pytest.fixture
def school(home_page):
    return SchoolIndexPageFactory(parent=home_page, slug="school")


@pytest.fixture
def image(db):
    return ImageFactory()


@pytest.fixture
def no_embeds(monkeypatch):
    """Embed providers are unreachable (as on this machine): every fetch fails fast."""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedNotFoundException

    calls = []

    def fail(url, max_width=None, max_height=None):
        calls.append(url)
        raise EmbedNotFoundException(url)

    monkeypatch.setattr(embeds, "get_embed", fail)
    return calls
