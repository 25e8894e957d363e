"""Inspectors read every rating with its comment in the admin; nobody else does, nobody edits."""

import pytest
from django.urls import reverse

from tests.factories import DepartmentRatingFactory

pytestmark = pytest.mark.django_db

COMMENT = "窗口人员态度很好<script>alert(1)</script>"


@pytest.fixture
def rating(department):
    return DepartmentRatingFactory(department=department, comment=COMMENT)


def test_inspector_reads_ratings_with_comments(client, inspector, rating):
    client.force_login(inspector)
    response = client.get(reverse("department_ratings:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "窗口人员态度很好" in html
    assert "<script>alert(1)</script>" not in html  # escaped
    inspect = client.get(reverse("department_ratings:inspect", args=[rating.pk]))
    assert inspect.status_code == 200


def test_inspector_exports_ratings(client, inspector, rating):
    client.force_login(inspector)
    response = client.get(reverse("department_ratings:index") + "?export=csv")
    assert response.status_code == 200
    assert "窗口人员态度很好" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_inspector_cannot_edit_or_delete(client, inspector, rating):
    client.force_login(inspector)
    edit = client.post(reverse("department_ratings:edit", args=[rating.pk]), {"comment": "改"})
    assert edit.status_code in (302, 403)
    rating.refresh_from_db()
    assert rating.comment == COMMENT
    delete = client.post(reverse("department_ratings:delete", args=[rating.pk]))
    assert delete.status_code in (302, 403)
    rating.refresh_from_db()


@pytest.mark.parametrize("role", ["staff", "department_head", "editor", "reviewer"])
def test_other_roles_do_not_see_ratings(client, role_users, role, rating):
    client.force_login(role_users[role])
    response = client.get(reverse("department_ratings:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"] or response["Location"] == "/admin/"


def test_anonymous_is_sent_to_login(client, rating):
    response = client.get(reverse("department_ratings:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_costs_the_same_queries_for_one_or_many_ratings(client, inspector, department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DepartmentFactory

    DepartmentRatingFactory(department=department)
    client.force_login(inspector)
    url = reverse("department_ratings:index")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(10):
        DepartmentRatingFactory(department=DepartmentFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
