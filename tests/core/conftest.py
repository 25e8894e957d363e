"""Fixtures for the site chrome tests: a small published page tree, the menu and settings."""

import datetime

import pytest
from wagtail.models import Site

from core.models import MainMenu, SiteSettings
from portal.models import ArticlePage, ColumnIndexPage


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def column(home_page):
    page = home_page.add_child(instance=ColumnIndexPage(title="廉政之窗", slug="lianzheng"))
    page.save_revision().publish()
    return page


@pytest.fixture
def other_column(home_page):
    page = home_page.add_child(instance=ColumnIndexPage(title="党纪教育", slug="dangji"))
    page.save_revision().publish()
    return page


@pytest.fixture
def article(column):
    page = column.add_child(
        instance=ArticlePage(
            title="市纪委召开廉政教育大会",
            slug="dahui",
            date=datetime.date(2025, 3, 1),
            summary="全市党员干部接受警示教育。",
        )
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def menu(site, home_page, column, other_column):
    main_menu = MainMenu.for_site(site)
    main_menu.items = [
        ("item", {"label": "首页", "page": home_page, "url": "", "children": []}),
        (
            "item",
            {
                "label": "廉政教育",
                "page": None,
                "url": "/education/",
                "children": [
                    {"label": "", "page": column, "url": ""},
                    {"label": "", "page": other_column, "url": ""},
                ],
            },
        ),
        ("item", {"label": "", "page": other_column, "url": "", "children": []}),
        (
            "item",
            {
                "label": "中央纪委网站",
                "page": None,
                "url": "https://www.ccdi.gov.cn/",
                "children": [],
            },
        ),
    ]
    main_menu.save()
    return main_menu


@pytest.fixture
def site_settings(site, home_page):
    settings = SiteSettings.for_site(site)
    settings.site_name = "廉政教育与风险预警平台"
    settings.organisation = "某某市纪委监委"
    settings.hotline = "12388"
    settings.address = "某某市人民路1号"
    settings.postcode = "100000"
    settings.email = "jubao@example.cn"
    settings.icp_number = "某ICP备12345678号"
    settings.copyright_line = "© 2025 中共某某市纪律检查委员会 版权所有"
    settings.reporting_channels = [
        (
            "channel",
            {"name": "电话举报", "description": "工作日 8:30-17:30", "phone": "12388", "url": ""},
        ),
        (
            "channel",
            {
                "name": "网络举报",
                "description": "",
                "phone": "",
                "url": "https://www.12388.gov.cn/",
            },
        ),
    ]
    settings.footer_links = [
        ("link", {"label": "中央纪委国家监委", "page": None, "url": "https://www.ccdi.gov.cn/"}),
        ("link", {"label": "", "page": home_page, "url": ""}),
    ]
    settings.save()
    return settings
