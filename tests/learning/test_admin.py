import pytest
from django.contrib.auth.models import Group

from core import roles
from learning.models import SelfCheckQuestion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URLS = ["/admin/snippets/learning/selfcheckquestion/", "/admin/snippets/learning/checkinmonth/"]


def user_in(name):
    user = UserFactory(username=f"u-{name}")
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("url", URLS)
def test_inspectors_manage_questions_and_months(client, home_page, url):
    client.force_login(user_in(roles.INSPECTORS))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", [roles.EDITORS, roles.DEPARTMENT_HEADS, roles.STAFF])
def test_others_cannot(client, home_page, role, url):
    client.force_login(user_in(role))
    assert client.get(url).status_code in (302, 403)


def test_inspector_adds_a_question(client, home_page):
    client.force_login(user_in(roles.INSPECTORS))
    response = client.post(
        "/admin/snippets/learning/selfcheckquestion/add/",
        {"text": "本月是否存在违规吃喝？", "sort_order": "1", "is_active": "on"},
    )
    assert response.status_code == 302
    assert SelfCheckQuestion.objects.get().text == "本月是否存在违规吃喝？"
