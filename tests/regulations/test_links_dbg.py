import pytest
from wagtail.search.models import IndexEntry
from regulations.models import RegulationPage
pytestmark = pytest.mark.django_db
def test_x(library):
    p = RegulationPage(title="测试法", slug="x", source_text="# 测试法\n\n第一条 内容。\n")
    library.add_child(instance=p)
    print(list(IndexEntry.objects.values_list("content_type__model", "object_id", "title")))
