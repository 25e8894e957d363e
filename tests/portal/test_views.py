"""Every page type renders; listings filter, paginate and survive bad input; feeds work."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import (
    ArticlePageFactory,
    BookPageFactory,
    CaseStudyPageFactory,
    DocumentFactory,
    LiveClassPageFactory,
    MediaItemPageFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- every page type renders ---------------------------------------------------------------


def test_home_page_shows_news_columns_quick_links_and_bulletin(client, home_page, column, school):
    article = ArticlePageFactory(
        parent=column, title="全市召开警示教育大会", date=datetime.date(2026, 11, 27)
    )
    home_page.quick_links.create(title="网上廉政学校", icon="school", link_page=school)
    home_page.quick_links.create(title="信访举报", icon="feedback", link_url="/feedback/")
    home_page.bulletin_page = article
    home_page.bulletin_notice = "本月发出黄色预警3次。"
    home_page.save()

    html = get(client, "/")
    assert "最新动态" in html
    assert "全市召开警示教育大会" in html
    assert "2026年11月27日" in html
    assert 'class="column-box"' in html and "廉政之窗" in html  # column highlight
    assert 'href="/school/"' in html and 'href="/feedback/"' in html
    assert 'class="bulletin"' in html and "本月发出黄色预警3次。" in html


def test_home_page_without_bulletin_has_no_panel(client, home_page):
    html = get(client, "/")
    assert 'class="bulletin"' not in html
    assert "暂无新闻。" in html


def test_home_page_uses_chosen_highlight_columns(client, home_page, column):
    other = home_page.add_child(instance=type(column)(title="党纪教育", slug="dangji"))
    ArticlePageFactory(parent=other, title="党纪学习教育读书班开班")
    home_page.highlight_columns.create(column=other)
    home_page.save()
    html = get(client, "/")
    assert html.count('class="column-box"') == 1
    assert "党纪学习教育读书班开班" in html


def test_article_page(client, column, image):
    older = ArticlePageFactory(parent=column, title="较早的文章", date=datetime.date(2026, 1, 1))
    article = ArticlePageFactory(
        parent=column,
        title="坚决纠治形式主义官僚主义",
        date=datetime.date(2026, 2, 3),
        source="市纪委监委",
        author="王明",
        cover_image=image,
        tags=["作风建设"],
    )
    newer = ArticlePageFactory(parent=column, title="较新的文章", date=datetime.date(2026, 3, 1))
    related = ArticlePageFactory(parent=column, title="同标签文章", tags=["作风建设"])
    html = get(client, article.url)
    assert "坚决纠治形式主义官僚主义" in html
    assert "2026年2月3日" in html and "市纪委监委" in html and "王明" in html
    assert "一、基本情况" in html and "打铁必须自身硬。" in html  # body blocks
    assert f'href="{older.url}"' in html and "上一篇" in html
    assert f'href="{newer.url}"' in html and "下一篇" in html
    assert "相关文章" in html and "同标签文章" in html
    assert f'href="{column.url}?tag=%E4%BD%9C%E9%A3%8E%E5%BB%BA%E8%AE%BE"' in html
    assert related.url


def test_case_study_page(client, case_index):
    case = CaseStudyPageFactory(parent=case_index, disposition_judicial=True)
    html = get(client, case.url)
    assert "违反廉洁纪律" in html and "县处级" in html
    assert "党纪处分" in html and "政务处分" in html and "移送司法机关" in html
    assert "案情简介" in html and "警示启示" in html and "适用条规" in html
    assert "第九十七条" in html


def test_book_page_with_chapters_and_document(client, reading_room):
    book = BookPageFactory(
        parent=reading_room, isbn="978-7-5098-1234-5", document=DocumentFactory()
    )
    html = get(client, book.url)
    assert "目录" in html and 'href="#chapter-1"' in html and 'id="chapter-2"' in html
    assert "第一章 廉洁从政" in html and "978-7-5098-1234-5" in html
    assert "下载全文" in html


def test_media_item_with_uploaded_video_uses_html5_player(client, culture_hall):
    item = MediaItemPageFactory(
        parent=culture_hall, embed_url="", media_file=DocumentFactory(file__filename="clip.mp4")
    )
    html = get(client, item.url)
    assert "<video" in html and "clip" in html and "5:32" in html


def test_media_item_with_uploaded_song_uses_audio_player(client, culture_hall):
    item = MediaItemPageFactory(
        parent=culture_hall,
        kind="song",
        embed_url="",
        media_file=DocumentFactory(file__filename="song.mp3"),
    )
    assert "<audio" in get(client, item.url)


def test_media_item_embed_falls_back_to_a_link(client, culture_hall, no_embeds):
    item = MediaItemPageFactory(parent=culture_hall)
    html = get(client, item.url)
    assert "播放器无法在此显示" in html
    assert f'href="{item.embed_url}"' in html
    assert no_embeds == [item.embed_url]
    get(client, item.url)
    assert len(no_embeds) == 1  # the failure is remembered, no second fetch


def test_live_class_page_states(client, culture_hall):
    now = timezone.now()
    upcoming = LiveClassPageFactory(
        parent=culture_hall, start_time=now + datetime.timedelta(days=2)
    )
    html = get(client, upcoming.url)
    assert "即将开始" in html and "本期课堂将于" in html
    ended = LiveClassPageFactory(
        parent=culture_hall,
        start_time=now - datetime.timedelta(days=2),
        end_time=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
        replay_document=DocumentFactory(file__filename="replay.mp4"),
    )
    html = get(client, ended.url)
    assert "已结束" in html and "回放" in html and "<video" in html


def test_culture_hall_lists_media_and_live_classes(client, culture_hall):
    MediaItemPageFactory(parent=culture_hall, title="清风颂", kind="song")
    LiveClassPageFactory(parent=culture_hall, title="家风家教专场")
    html = get(client, culture_hall.url)
    assert "清风颂" in html and "廉政周末大舞台" in html and "家风家教专场" in html
    html = get(client, culture_hall.url + "?kind=video")
    assert "清风颂" not in html and "没有找到符合条件的内容" in html


def test_school_index_says_courses_are_coming(client, school):
    html = get(client, school.url)
    assert "网上廉政学校" in html and "课程即将上线" in html


@pytest.mark.parametrize("fixture", ["column", "case_index", "reading_room", "culture_hall"])
def test_empty_listing_renders(client, request, fixture):
    page = request.getfixturevalue(fixture)
    html = get(client, page.url)
    assert "暂无内容。" in html
    assert 'type="application/rss+xml"' in html


def test_draft_and_private_items_are_not_listed(client, column):
    ArticlePageFactory(parent=column, title="草稿文章", live=False)
    html = get(client, column.url)
    assert "草稿文章" not in html


# --- listings: pagination, filters and bad input --------------------------------------------


@pytest.fixture
def many_articles(column):
    """26 articles: 13 in 2025 tagged 家风, 13 in 2026 tagged 作风."""
    articles = []
    for i in range(26):
        year = 2025 if i < 13 else 2026
        articles.append(
            ArticlePageFactory(
                parent=column,
                title=f"测试文章{i:02d}",
                date=datetime.date(year, 1 + i % 12, 1),
                tags=["家风" if year == 2025 else "作风"],
            )
        )
    return articles


def titles(html):
    return [line for line in html.split('"') if line.startswith("测试文章")]


def test_listing_paginates_twelve_per_page(client, column, many_articles):
    html = get(client, column.url)
    assert "共 26 条" in html
    assert html.count('class="item-card"') == 12
    assert "第 1 页，共 3 页" in html
    html3 = get(client, column.url + "?page=3")
    assert html3.count('class="item-card"') == 2


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("page=abc", 1),
        ("page=-1", 1),
        ("page=0", 1),
        ("page=2.5", 1),
        ("page=99999999999999999999", 3),
        ("page=" + "9" * 5000, 3),
        ("page=%00", 1),
        ("page=1&page=2", 2),
    ],
)
def test_bad_page_numbers_give_the_first_or_last_page(
    client, column, many_articles, query, expected_page
):
    html = get(client, f"{column.url}?{query}")
    assert f"第 {expected_page} 页，共 3 页" in html


def test_tag_and_year_filters(client, column, many_articles):
    html = get(client, column.url + "?tag=家风")
    assert "共 13 条" in html and "当前筛选" in html and "标签：家风" in html
    assert "清除全部筛选" in html
    html = get(client, column.url + "?tag=家风&year=2026")
    assert "共 0 条" in html and "没有找到符合条件的内容" in html
    html = get(client, column.url + "?year=2026&tag=作风&page=2")
    assert "共 13 条" in html
    # pagination links keep the filters; removing one filter keeps the other
    assert "?tag=%E4%BD%9C%E9%A3%8E&amp;year=2026&amp;page=1" in html
    assert f'href="{column.url}?year=2026" data-remove="tag"' in html
    assert f'href="{column.url}?tag=%E4%BD%9C%E9%A3%8E" data-remove="year"' in html


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("year=abc", "年份参数无效，已忽略。"),
        ("year=99999999999999999999999", "年份参数无效，已忽略。"),
        ("year=-2026", "年份参数无效，已忽略。"),
        ("year=0", "年份参数无效，已忽略。"),
        ("tag=" + "长" * 300, "标签参数过长，已忽略。"),
    ],
)
def test_bad_filters_are_ignored_with_a_notice(client, column, many_articles, query, notice):
    html = get(client, f"{column.url}?{query}")
    assert notice in html
    assert "共 26 条" in html


def test_unknown_tag_gives_no_results_message(client, column, many_articles):
    html = get(client, column.url + "?tag=<script>alert(1)</script>")
    assert "没有找到符合条件的内容" in html
    assert "<script>alert(1)" not in html


def test_case_index_filters_by_violation_and_rank(client, case_index):
    CaseStudyPageFactory(
        parent=case_index, title="甲案", violation_type="work", rank_category="bureau"
    )
    CaseStudyPageFactory(parent=case_index, title="乙案", violation_type="integrity")
    html = get(client, case_index.url + "?violation=work")
    assert "甲案" in html and "乙案" not in html and "违纪类型：违反工作纪律" in html
    html = get(client, case_index.url + "?rank=bureau&violation=integrity")
    assert "没有找到符合条件的内容" in html
    html = get(client, case_index.url + "?violation=nonsense")
    assert "甲案" in html and "乙案" in html and "未知的筛选条件，已忽略。" in html


def test_reading_room_filters_by_publication_year(client, reading_room):
    BookPageFactory(parent=reading_room, title="二〇一九年读本", publication_year=2019)
    BookPageFactory(parent=reading_room, title="二〇二四年读本", publication_year=2024)
    html = get(client, reading_room.url + "?year=2019")
    assert "二〇一九年读本" in html and "二〇二四年读本" not in html
    assert '<option value="2024">2024年</option>' in html


# --- feeds -----------------------------------------------------------------------------------


def test_rss_and_atom_feeds(client, column, many_articles):
    html = get(client, column.url)
    assert f'href="{column.url}feed/rss/"' in html and f'href="{column.url}feed/atom/"' in html

    response = client.get(column.url + "feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    items = rss.findall("./channel/item")
    assert len(items) == 20
    newest = max(many_articles, key=lambda a: (a.date, a.pk))
    assert items[0].findtext("title") == newest.title == "测试文章23"  # 2026-12-01
    assert items[0].findtext("link").endswith(newest.url)
    assert items[0].findtext("category") == "作风"
    assert rss.findtext("./channel/title").startswith("廉政之窗")

    response = client.get(column.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = ET.fromstring(response.content)
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].findtext(f"{ATOM}title") == "测试文章23"


def test_feed_honours_the_tag_filter(client, column, many_articles):
    rss = ET.fromstring(client.get(column.url + "feed/rss/?tag=家风").content)
    assert {item.findtext("category") for item in rss.findall("./channel/item")} == {"家风"}
    assert len(rss.findall("./channel/item")) == 13


@pytest.mark.parametrize("fixture", ["case_index", "reading_room", "culture_hall"])
def test_every_listing_has_feeds(client, request, fixture):
    page = request.getfixturevalue(fixture)
    factory = {
        "case_index": CaseStudyPageFactory,
        "reading_room": BookPageFactory,
        "culture_hall": MediaItemPageFactory,
    }[fixture]
    item = factory(parent=page, title="订阅测试条目")
    rss = ET.fromstring(client.get(page.url + "feed/rss/").content)
    assert [i.findtext("title") for i in rss.findall("./channel/item")] == ["订阅测试条目"]
    atom = ET.fromstring(client.get(page.url + "feed/atom/").content)
    assert atom.find(f"{ATOM}entry/{ATOM}link").get("href").endswith(item.url)


def test_unknown_routes_below_a_listing_are_404(client, column):
    assert client.get(column.url + "feed/").status_code == 404
    assert client.get(column.url + "feed/json/").status_code == 404
