import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from regulations.models import RegulationNode, RegulationPage

pytestmark = pytest.mark.django_db

PASTED = """第一章　总　　则
第一条　为了加强廉政建设，制定本制度。
第二条　本制度适用于本单位全体工作人员。
前款规定的人员包括：
（一）在编人员；
（二）聘用人员。
第二条之一　新增加的条文。
第二章　附　　则
第三条　本制度自印发之日起施行。
"""


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_creates_a_regulation_from_pasted_text(admin_client, library):
    url = reverse("wagtailadmin_pages:add", args=("regulations", "regulationpage", library.pk))
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "本单位廉政制度",
            "slug": "lianzheng-zhidu",
            "subtitle": "",
            "category": "internal_rule",
            "sector": "",
            "document_number": "",
            "issuing_authority": "",
            "tier": "warning",
            "tags": "廉政, 制度",
            "version_date": "2024-01-01",
            "effective_date": "",
            "repeal_date": "",
            "status_override": "",
            "source_text": PASTED,
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = RegulationPage.objects.get(title="本单位廉政制度")
    assert page.live
    assert page.article_count == 4
    anchors = list(page.nodes.values_list("anchor", flat=True))
    assert anchors == ["ch-1", "art-1", "art-2", "art-2-1", "ch-2", "art-3"]
    assert page.nodes.get(anchor="art-2").paragraphs[-1] == "（二）聘用人员。"
    assert sorted(page.tags.names()) == ["制度", "廉政"]

    # Editing the text re-derives the structure on publish.
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data["source_text"] = "第一条　只剩一条。"
    response = admin_client.post(edit, data)
    assert response.status_code == 302
    assert list(RegulationNode.objects.filter(page=page).values_list("label", flat=True)) == [
        "第一条"
    ]


def test_admin_rejects_text_without_structure(admin_client, library):
    url = reverse("wagtailadmin_pages:add", args=("regulations", "regulationpage", library.pk))
    data = nested_form_data(
        {
            "title": "空",
            "slug": "kong",
            "category": "internal_rule",
            "source_text": "<!-- INFO END -->",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "source_text" in response.context["form"].errors
    assert not RegulationPage.objects.exists()


def test_article_chooser_lists_and_searches_articles(admin_client, supervision_laws):
    url = reverse("regulation_article_chooser:choose")
    response = admin_client.get(url)
    assert response.status_code == 200
    response = admin_client.get(
        reverse("regulation_article_chooser:choose_results"), {"q": "第十二条"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "《中华人民共和国监察法》第十二条" in html
    assert "第十三条" not in html


def test_admin_menu_and_dashboard_render(admin_client, library):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert f"/admin/pages/{library.pk}/" in response.content.decode()


def test_versions_are_told_apart_in_the_admin(admin_client, supervision_laws):
    from django.utils import translation

    with translation.override("zh-hans"):
        titles = sorted(p.get_admin_display_title() for p in RegulationPage.objects.all())
    assert titles == [
        "中华人民共和国监察法（2018-03-20 版本）",
        "中华人民共和国监察法（2024-12-25 版本）",
    ]
    page = RegulationPage.objects.first()
    page.version_date = None
    with translation.override("zh-hans"):
        assert page.get_admin_display_title() == "中华人民共和国监察法（未注明日期版本）"
    library = page.get_parent()
    response = admin_client.get(reverse("wagtailadmin_explore", args=[library.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2018-03-20 版本" in html and "2024-12-25 版本" in html
