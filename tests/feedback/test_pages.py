import io

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.forms.models import FormSubmission

from core import roles
from feedback.models import (
    ContestEntry,
    ContestFormField,
    ContestPage,
    EntryStatus,
    FeedbackFormField,
    FeedbackFormPage,
)
from tests.factories import UserFactory
from tests.feedback.conftest import XSS_PAYLOADS, solve_captcha

pytestmark = pytest.mark.django_db


def names(page) -> dict[str, str]:
    return {f.label: f.clean_name for f in page.get_form_fields()}


@pytest.fixture
def suggestion_page(home_page):
    page = FeedbackFormPage(title="意见建议", slug="suggestions", intro="<p>欢迎提出意见</p>")
    page.form_fields = [
        FeedbackFormField(label="标题", field_type="singleline", required=True),
        FeedbackFormField(label="内容", field_type="multiline", required=True),
        FeedbackFormField(
            label="满意度", field_type="radio", choices="满意\n一般\n不满意", required=False
        ),
    ]
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def contest_page(home_page):
    page = ContestPage(
        title="廉政短信征集",
        slug="contest",
        entry_field_label="短信内容",
        author_field_label="单位",
    )
    page.form_fields = [
        ContestFormField(label="短信内容", field_type="multiline", required=True),
        ContestFormField(label="单位", field_type="singleline", required=False),
    ]
    home_page.add_child(instance=page)
    return page


def test_suggestion_form_submission(client, suggestion_page):
    url = suggestion_page.url
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "欢迎提出意见" in html and 'name="captcha_answer"' in html and 'name="website"' in html
    n = names(suggestion_page)
    data = {
        n["标题"]: "建议",
        n["内容"]: "建议公开办事流程",
        "website": "",
        **solve_captcha(client, path=url),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    submission = FormSubmission.objects.get(page=suggestion_page)
    assert submission.form_data[n["内容"]] == "建议公开办事流程"
    assert not {"captcha_id", "captcha_answer", "website"} & set(submission.form_data)


def test_form_page_protection(client, suggestion_page, settings):
    url = suggestion_page.url
    n = names(suggestion_page)
    data = {n["标题"]: "建议", n["内容"]: "内容", "website": "", **solve_captcha(client, path=url)}
    wrong = {**data, "captcha_answer": "-999"}
    assert client.post(url, wrong).context["form"].errors
    honeypot = {**data, **solve_captcha(client, path=url), "website": "spam"}
    assert client.post(url, honeypot).context["form"].errors
    too_long = {**data, **solve_captcha(client, path=url), n["内容"]: "长" * 5001}
    assert n["内容"] in client.post(url, too_long).context["form"].errors
    assert not FormSubmission.objects.exists()
    settings.FEEDBACK_RATE_LIMITS = {"form": (0, 3600)}
    assert client.post(url, {**data, **solve_captcha(client, path=url)}).status_code == 429


def test_contest_moderation_and_published_entries(client, contest_page):
    url = contest_page.url
    n = names(contest_page)
    texts = ["清风正气满校园", XSS_PAYLOADS[0], "廉洁从政 警钟长鸣"]
    for text in texts:
        data = {
            n["短信内容"]: text,
            n["单位"]: "市教育局",
            "website": "",
            **solve_captcha(client, path=url),
        }
        assert client.post(url, data).status_code == 200
    entries = ContestEntry.objects.filter(page=contest_page).order_by("id")
    assert entries.count() == 3 and all(e.status == EntryStatus.PENDING for e in entries)
    response = client.get(url + "entries/")
    assert response.status_code == 200
    assert "清风正气满校园" not in response.content.decode()
    first, xss, _third = entries
    first.status = EntryStatus.APPROVED
    first.save()
    xss.status = EntryStatus.APPROVED
    xss.save()
    assert first.moderated_at is not None
    html = client.get(url + "entries/").content.decode()
    assert "清风正气满校园" in html and "市教育局" in html
    assert "廉洁从政 警钟长鸣" not in html
    assert XSS_PAYLOADS[0] not in html and "&lt;script&gt;" in html
    assert client.get(url + "entries/?page=abc").status_code == 200


def test_closed_contest_accepts_nothing(client, contest_page):
    contest_page.accepting_entries = False
    contest_page.save()
    url = contest_page.url
    data = {names(contest_page)["短信内容"]: "x", "website": "", **solve_captcha(client, path=url)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ContestEntry.objects.exists()


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def test_submissions_export_csv_and_xlsx(client, suggestion_page, editor):
    FormSubmission.objects.create(
        page=suggestion_page,
        form_data={
            names(suggestion_page)["标题"]: "标题一",
            names(suggestion_page)["内容"]: "=1+1",
        },
    )
    client.force_login(editor)
    base = f"/admin/forms/submissions/{suggestion_page.pk}/"
    assert client.get(base).status_code == 200
    csv_response = client.get(base, {"export": "csv"})
    assert csv_response.status_code == 200
    body = (
        b"".join(csv_response.streaming_content) if csv_response.streaming else csv_response.content
    )
    assert "标题一" in body.decode("utf-8-sig")
    xlsx = client.get(base, {"export": "xlsx"})
    assert xlsx.status_code == 200
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    assert "标题一" in values


def test_editors_moderate_contest_entries_in_admin(client, contest_page, editor):
    entry = ContestEntry.objects.create(
        page=contest_page, form_data={names(contest_page)["短信内容"]: "清风"}
    )
    client.force_login(editor)
    assert client.get("/admin/contest_entries/").status_code == 200
    response = client.post(f"/admin/contest_entries/edit/{entry.pk}/", {"status": "approved"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED and entry.moderated_at is not None


def test_inspectors_and_staff_cannot_moderate(client, contest_page):
    entry = ContestEntry.objects.create(
        page=contest_page, form_data={names(contest_page)["短信内容"]: "x"}
    )
    staff = UserFactory(username="plain")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    client.force_login(staff)
    assert client.get("/admin/contest_entries/").status_code in (302, 403)
    client.post(f"/admin/contest_entries/edit/{entry.pk}/", {"status": "approved"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_editors_can_create_form_pages_in_admin(client, home_page, editor):
    client.force_login(editor)
    for model in ("feedbackformpage", "contestpage"):
        url = f"/admin/pages/add/feedback/{model}/{home_page.pk}/"
        assert client.get(url).status_code == 200
