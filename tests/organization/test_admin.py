from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from organization.models import Department
from tests.factories import DepartmentFactory, UserFactory
from tests.organization.test_excel import GOOD, workbook

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/admin/snippets/organization/department/",
    "/admin/snippets/organization/post/",
    "/admin/snippets/organization/riskpoint/",
    "/admin/snippets/organization/procedure/",
    "/admin/snippets/organization/staffprofile/",
    "/admin/snippets/organization/postassignment/",
    "/admin/organization/excel/",
    "/admin/organization/excel/export.xlsx",
]


def user_in(name):
    user = UserFactory(username=f"u-{name}")
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def data(home_page):
    DepartmentFactory(name="市财政局")


@pytest.mark.parametrize("url", LIST_URLS)
def test_inspector_and_admin_manage_the_organisation(client, data, url):
    client.force_login(user_in(roles.INSPECTORS))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("role", [roles.EDITORS, roles.DEPARTMENT_HEADS])
def test_other_admin_users_are_refused(client, data, role, url):
    client.force_login(user_in(role))
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" in response["Location"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_staff_and_anonymous_are_refused(client, data, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(user_in(roles.STAFF))
    assert client.get(url).status_code in (302, 403)


def test_department_list_filters_and_export(client, data):
    client.force_login(user_in(roles.INSPECTORS))
    response = client.get("/admin/snippets/organization/department/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and "市财政局" in body
    assert client.get("/admin/snippets/organization/department/?is_active=true").status_code == 200


def test_excel_upload(client, data):
    client.force_login(user_in(roles.INSPECTORS))
    upload = SimpleUploadedFile("org.xlsx", workbook(GOOD).read())
    response = client.post("/admin/organization/excel/", {"file": upload})
    assert response.status_code == 200
    assert Department.objects.filter(name="国库科").exists()
    bad = SimpleUploadedFile("org.xlsx", b"junk")
    response = client.post("/admin/organization/excel/", {"file": bad})
    assert "不是 Excel" in response.content.decode()
    response = client.post("/admin/organization/excel/", {})
    assert "请选择文件" in response.content.decode()


def test_excel_export_download(client, data):
    client.force_login(user_in(roles.INSPECTORS))
    response = client.get("/admin/organization/excel/export.xlsx")
    from openpyxl import load_workbook

    assert "部门" in load_workbook(BytesIO(response.content)).sheetnames


def test_edit_forms_with_inline_duties_steps_and_article_links(client, home_page):
    from tests.factories import ProcedureStepFactory, RiskPointFactory

    risk = RiskPointFactory()
    step = ProcedureStepFactory()
    client.force_login(user_in(roles.INSPECTORS))
    for url in [
        f"/admin/snippets/organization/riskpoint/edit/{risk.pk}/",
        f"/admin/snippets/organization/post/edit/{risk.post.pk}/",
        f"/admin/snippets/organization/procedure/edit/{step.procedure.pk}/",
        "/admin/snippets/organization/procedure/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "法规条款"
        in client.get(f"/admin/snippets/organization/riskpoint/edit/{risk.pk}/").content.decode()
    )
