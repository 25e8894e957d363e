import pytest
from wagtail.models import Site, Page
from feedback.models import FeedbackFormPage
from portal.demo.builder import build_demo

@pytest.mark.django_db
def test_dbg(client):
    build_demo(staff=1, regulations=False)
    p = FeedbackFormPage.objects.get()
    from portal.models import HomePage, ArticlePage; print("HOME", list(Page.objects.filter(depth=2).values_list("slug","url_path")), ArticlePage.objects.first().url_path)
    print(p.url_path, Site.get_site_root_paths(), [(s.hostname, s.root_page.url_path) for s in Site.objects.all()])
    print(p.url, p.get_url_parts())
    assert 0
