"""What a person sees: home, a column and an article, on a desktop and on a phone."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

# Real transactions so the live server thread sees the test's data; the serialized rollback
# restores the rows that data migrations created (root page, groups, workflow) afterwards.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_column_and_article_on_a_desktop(live_server, desktop, site_tree, screenshot):
    page = desktop
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("廉政教育与风险预警平台"))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name=re.compile("廉政教育与风险预警平台"))).to_be_visible()
    expect(header.get_by_text("某某市纪委监委")).to_be_visible()
    search = page.get_by_role("searchbox", name="搜索本站")
    expect(search).to_be_visible()

    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="信访举报")).to_be_visible()
    expect(page.get_by_role("navigation", name="面包屑")).to_have_count(0)
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("12388")
    expect(footer).to_contain_text("某某市人民路1号")
    screenshot(page, "desktop-home")

    # Open the 专栏 dropdown with its button and follow the column link.
    toggle = nav.get_by_role("button", name="专栏 子菜单")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    column_link = nav.get_by_role("link", name="廉政之窗")
    expect(column_link).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(column_link).to_be_visible()
    column_link.click()

    page.wait_for_url(re.compile(r"/lianzheng/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("廉政之窗")
    crumbs = page.get_by_role("navigation", name="面包屑")
    expect(crumbs.get_by_role("link", name="首页")).to_be_visible()
    expect(crumbs).to_contain_text("廉政之窗")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="专栏", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    # The column link sits in the closed dropdown: hidden, but marked.
    expect(nav.locator("a", has_text="廉政之窗")).to_have_attribute("aria-current", "page")

    page.get_by_role("main").get_by_role("link", name="市纪委监委召开警示教育大会").first.click()
    page.wait_for_url(re.compile(r"/lianzheng/jingshi-dahui/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("市纪委监委召开警示教育大会")
    crumbs = page.get_by_role("navigation", name="面包屑")
    expect(crumbs.get_by_role("link")).to_have_text(["首页", "廉政之窗"])
    expect(crumbs.locator("[aria-current=page]")).to_have_text("市纪委监委召开警示教育大会")
    screenshot(page, "desktop-article")

    # Breadcrumbs lead back to the column.
    crumbs.get_by_role("link", name="廉政之窗").click()
    page.wait_for_url(re.compile(r"/lianzheng/$"))


def test_keyboard_skip_link_and_dropdown(live_server, desktop, site_tree):
    page = desktop
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    nav = page.get_by_role("navigation", name="主导航")
    toggle = nav.get_by_role("button", name="专栏 子菜单")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="廉政之窗")).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(nav.get_by_role("link", name="廉政之窗")).to_be_hidden()


def test_phone_menu_button_toggles_the_menu(live_server, phone, site_tree, screenshot):
    page = phone
    page.goto(live_server.url + site_tree["article"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("市纪委监委召开警示教育大会")
    button = page.get_by_role("button", name="菜单", exact=True)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav).to_be_hidden()
    # Nothing is wider than the phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-article")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="首页")).to_be_visible()
    # The section of the current page is open, its link marked.
    expect(nav.get_by_role("link", name="廉政之窗")).to_be_visible()
    expect(nav.get_by_role("link", name="廉政之窗")).to_have_attribute("aria-current", "true")
    screenshot(page, "phone-menu-open")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    # Escape closes the open menu and gives focus back to the button.
    button.click()
    expect(nav).to_be_visible()
    nav.get_by_role("link", name="首页").focus()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()


def test_desktop_hides_the_menu_button(live_server, desktop, site_tree):
    desktop.goto(live_server.url + "/")
    expect(desktop.get_by_role("button", name="菜单", exact=True)).to_be_hidden()
    expect(desktop.get_by_role("navigation", name="主导航")).to_be_visible()


def test_unknown_page_shows_the_styled_404(live_server, desktop, site_tree):
    response = desktop.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(desktop.get_by_role("heading", level=1)).to_have_text("页面未找到")
    expect(desktop.get_by_role("link", name="返回首页")).to_be_visible()
    expect(desktop.get_by_role("navigation", name="主导航")).to_be_visible()
