"""Site chrome: main menu, breadcrumbs, footer from site settings, landmarks and search box."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Site

from core.models import LinkBlock, MainMenu
from core.navigation import get_chrome, mark_current, purge_chrome_cache
from portal.models import ColumnIndexPage

pytestmark = pytest.mark.django_db


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _nav(html):
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "main navigation missing"
    return match.group(0)


def test_menu_renders_items_pages_and_children(client, menu, home_page, column, other_column):
    nav = _nav(_html(client, home_page.url))
    assert 'aria-label="主导航"' in nav
    assert ">首页</a>" in nav
    assert '<a class="site-nav__link" href="/education/"' in nav
    # A blank label falls back to the page title.
    assert f'href="{column.url}"' in nav and ">廉政之窗</a>" in nav
    assert f'href="{other_column.url}"' in nav and ">党纪教育</a>" in nav
    assert 'href="https://www.ccdi.gov.cn/"' in nav
    # The dropdown has a real button that controls it, closed by default.
    assert re.search(
        r'<button type="button" class="site-nav__toggle" aria-expanded="false" '
        r'aria-controls="site-subnav-2">',
        nav,
    )
    assert 'id="site-subnav-2"' in nav
    assert "廉政教育 子菜单" in nav


def test_menu_marks_the_current_page_and_section(client, menu, home_page, column, article):
    nav = _nav(_html(client, home_page.url))
    assert nav.count("aria-current") == 1
    assert re.search(r'href="/"\s+aria-current="page">首页', nav)

    nav = _nav(_html(client, column.url))
    assert nav.count("aria-current") == 2
    assert re.search(rf'href="{column.url}"\s+aria-current="page">廉政之窗', nav)
    assert re.search(r'href="/education/"\s+aria-current="true">廉政教育', nav)

    # Inside the column (an article), the column link marks the section, not the page.
    nav = _nav(_html(client, article.url))
    assert re.search(rf'href="{column.url}"\s+aria-current="true">廉政之窗', nav)
    assert 'aria-current="page"' not in nav


def test_a_top_level_item_wins_over_an_equal_child_link(client, menu, other_column):
    nav = _nav(_html(client, other_column.url))
    assert re.search(
        rf'<a class="site-nav__link" href="{other_column.url}"\s+aria-current="page">', nav
    )
    assert nav.count("aria-current") == 1


def test_mark_current_ignores_external_links():
    menu = [{"label": "外链", "url": "https://example.cn/", "children": []}]
    assert mark_current(menu, "/")[0]["current"] == ""


def test_menu_costs_a_constant_number_of_queries(site, menu, django_assert_num_queries):
    Site.get_site_root_paths()  # Wagtail's own cached lookup, warm on any real request
    with django_assert_num_queries(3):  # menu setting, site settings, all linked pages at once
        chrome = get_chrome(site)
    assert len(chrome["menu"]) == 4
    with django_assert_num_queries(0):
        assert get_chrome(site) == chrome


def test_page_queries_do_not_grow_with_the_menu(client, site, menu, article, home_page):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.url).status_code == 200
        return len(ctx)

    client.get(article.url)  # warm Wagtail's site lookups and create the settings row
    cached = count_queries()
    purge_chrome_cache()
    small = count_queries()
    assert small == cached + 3  # an uncached menu costs three queries, a cached one none

    items = list(menu.items.raw_data)
    extra_pages = []
    for n in range(8):
        page = home_page.add_child(instance=ColumnIndexPage(title=f"栏目{n}", slug=f"col-{n}"))
        page.save_revision().publish()
        extra_pages.append(page)
    menu.items = [dict(block) for block in items] + [
        {"type": "item", "value": {"label": "", "page": p.pk, "url": "", "children": []}}
        for p in extra_pages
    ]
    menu.save()  # purges the cached menu
    big = count_queries()
    assert big == small
    assert "栏目7" in client.get(article.url).content.decode()


def test_menu_cache_is_purged_when_the_menu_or_a_page_changes(client, menu, home_page, column):
    assert "廉政之窗" in _nav(_html(client, home_page.url))
    menu.items = [("item", {"label": "新栏目", "page": None, "url": "/new/", "children": []})]
    menu.save()
    nav = _nav(_html(client, home_page.url))
    assert "新栏目" in nav and "廉政之窗" not in nav

    menu.items = [("item", {"label": "", "page": column, "url": "", "children": []})]
    menu.save()
    assert "廉政之窗" in _nav(_html(client, home_page.url))
    column.unpublish()
    assert "廉政之窗" not in _nav(_html(client, home_page.url))


def test_menu_follows_a_page_rename(client, menu, home_page, other_column):
    other_column.title = "纪律教育"
    other_column.save_revision().publish()
    assert "纪律教育" in _nav(_html(client, home_page.url))


def test_footer_shows_the_site_settings(client, site_settings, home_page):
    html = _html(client, home_page.url)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    for text in (
        "12388",
        "某某市人民路1号",
        "100000",
        "jubao@example.cn",
        "电话举报",
        "工作日 8:30-17:30",
        'href="https://www.12388.gov.cn/"',
        "中央纪委国家监委",
        "某ICP备12345678号",
        "© 2025 中共某某市纪律检查委员会 版权所有",
        "举报电话",
        "联系我们",
    ):
        assert text in footer, text
    assert f'<a href="{home_page.url}">首页</a>' in footer
    # Header too: name, organisation and hotline.
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert "廉政教育与风险预警平台" in header and "某某市纪委监委" in header
    assert 'href="tel:12388"' in header


def test_footer_settings_change_shows_at_once(client, site_settings, home_page):
    _html(client, home_page.url)
    site_settings.footer_links = [("link", {"label": "新链接", "page": None, "url": "/x/"})]
    site_settings.save()
    assert '<a href="/x/">新链接</a>' in _html(client, home_page.url)


def test_page_has_landmarks_skip_link_and_search_box(client, menu, home_page):
    html = _html(client, home_page.url)
    assert '<html lang="zh-Hans">' in html
    assert re.search(r'<a class="skip-link" href="#main">跳到正文</a>', html)
    assert 'id="main"' in html
    # The skip link comes before the header.
    assert html.index("skip-link") < html.index("<header")
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html, landmark
    form = re.search(r'<form class="site-search" role="search".*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<label class="visually-hidden" for="site-search-q">搜索本站</label>' in form
    assert 'id="site-search-q" name="q"' in form
    assert "css/site.css" in html and "js/site.js" in html
    # No asset from another host.
    assert not re.search(r'(src|href)="(https?:)?//[^"]+\.(css|js|woff2?)"', html)
    # The phone menu button controls the navigation.
    assert 'class="menu-button" aria-expanded="false" aria-controls="site-nav"' in html


def test_breadcrumbs_on_an_article(client, menu, column, article):
    html = _html(client, article.url)
    crumbs = re.search(r'<nav class="breadcrumbs" aria-label="面包屑">.*?</nav>', html, re.S)
    assert crumbs, "breadcrumbs missing"
    crumbs = crumbs.group(0)
    assert '<a href="/">首页</a>' in crumbs
    assert f'<a href="{column.url}">廉政之窗</a>' in crumbs
    assert 'aria-current="page">市纪委召开廉政教育大会</li>' in crumbs
    assert crumbs.index("首页") < crumbs.index("廉政之窗") < crumbs.index("市纪委召开")


def test_no_breadcrumbs_on_the_home_page(client, home_page):
    assert 'class="breadcrumbs"' not in _html(client, home_page.url)


def test_no_internal_link_to_the_wagtail_root(client, column):
    html = _html(client, column.url)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert crumbs.count("<li") == 2  # home, then the column itself


def test_link_block_rejects_unsafe_or_empty_links():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"label": "x", "page": None, "url": "javascript:alert(1)"}))
    assert "url" in excinfo.value.block_errors
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"label": "", "page": None, "url": ""}))
    assert "page" in excinfo.value.block_errors
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"label": "", "page": None, "url": "/path/"}))
    assert "label" in excinfo.value.block_errors
    value = block.clean(block.to_python({"label": "纪委网站", "page": None, "url": "/path/"}))
    assert value["url"] == "/path/"


def test_empty_menu_renders_without_error(client, site, home_page):
    MainMenu.for_site(site)
    html = _html(client, home_page.url)
    assert 'id="site-nav"' in html
    assert isinstance(MainMenu.for_site(site).items, StreamValue)


def test_logo_replaces_the_emblem(client, site_settings, home_page):
    from tests.factories import ImageFactory

    assert "site-brand__emblem" in _html(client, home_page.url)
    site_settings.logo = ImageFactory(title="标志")
    site_settings.save()
    html = _html(client, home_page.url)
    assert "site-brand__emblem" not in html
    # Decorative: the link's accessible name comes from the site name next to it.
    assert re.search(
        r'<img[^>]+alt=""[^>]+class="site-brand__logo"|<img[^>]+class="site-brand__logo"[^>]+alt=""',
        html,
    )
