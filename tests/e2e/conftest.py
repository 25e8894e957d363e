"""Browser tests: Playwright for Python driving the Debian Chromium against ``live_server``.

No browser is downloaded: Chromium must be at /usr/bin/chromium (or ``CHROMIUM_PATH``);
otherwise every browser test is skipped with the reason. Set ``E2E_SCREENSHOT_DIR`` to keep
screenshots of what the tests saw.
"""

import os
from pathlib import Path

import pytest
from wagtail.models import Site

from core.models import MainMenu, SiteSettings
from tests.factories import ArticlePageFactory, ColumnIndexPageFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _allow_async_unsafe(monkeypatch):
    """Playwright's sync API keeps an asyncio event loop running in this thread, which trips
    Django's async-safety check on every ORM call the test makes. Allowed here only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """A headless Chromium for one test.

    Function-scoped on purpose: a Playwright loop left running across tests breaks the
    serialized rollback that restores the migration data between transactional tests.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium', "
            "or set CHROMIUM_PATH); not found"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need the 'playwright' Python package"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return context, page


@pytest.fixture
def desktop(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    assert page.js_errors == [], page.js_errors
    context.close()


@pytest.fixture
def phone(browser):
    context, page = _new_page(browser, PHONE)
    yield page
    assert page.js_errors == [], page.js_errors
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a PNG when E2E_SCREENSHOT_DIR is set."""
    directory = os.environ.get("E2E_SCREENSHOT_DIR")

    def take(page, name):
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def site_tree(browser, home_page):
    """Home, two columns with an article, a main menu with a dropdown, and site settings."""
    site = Site.objects.get(is_default_site=True)
    column = ColumnIndexPageFactory(parent=home_page, title="廉政之窗", slug="lianzheng")
    column.save_revision().publish()
    other = ColumnIndexPageFactory(parent=home_page, title="党纪教育", slug="dangji")
    other.save_revision().publish()
    article = ArticlePageFactory(
        parent=column, title="市纪委监委召开警示教育大会", slug="jingshi-dahui"
    )
    article.save_revision().publish()

    menu = MainMenu.for_site(site)
    menu.items = [
        ("item", {"label": "首页", "page": home_page, "url": "", "children": []}),
        (
            "item",
            {
                "label": "专栏",
                "page": None,
                "url": "/zhuanlan/",
                "children": [
                    {"label": "", "page": column, "url": ""},
                    {"label": "", "page": other, "url": ""},
                ],
            },
        ),
        ("item", {"label": "信访举报", "page": None, "url": "/feedback/", "children": []}),
    ]
    menu.save()

    settings = SiteSettings.for_site(site)
    settings.organisation = "某某市纪委监委"
    settings.hotline = "12388"
    settings.address = "某某市人民路1号"
    settings.save()
    return {"home": home_page, "column": column, "other": other, "article": article}
