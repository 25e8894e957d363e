"""Fixtures for the feedback tests: roles, departments, files, CAPTCHA solving."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from feedback import captcha, services
from feedback.attachments import validate_upload
from tests.factories import DepartmentFactory, UserFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    'javascript:alert(1)//<a href="javascript:alert(1)">x</a>',
    "'';!--\"<XSS>=&{()}",
    "<iframe src=//evil.example></iframe>",
]


def _png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 10, 200)).save(out, format="PNG")
    return out.getvalue()


PNG_BYTES = _png_bytes()
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="JPEG")
    return out.getvalue()


def office_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if kind == "docx":
            archive.writestr("word/document.xml", "<w:document/>")
        elif kind == "xlsx":
            archive.writestr("xl/workbook.xml", "<workbook/>")
        else:
            archive.writestr("payload.bin", "x")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def checked(name: str, content: bytes):
    f = upload(name, content)
    return (f, validate_upload(f))


def solve_captcha(client, *, path: str = "/feedback/report/") -> dict:
    """GET the form, read the pending challenge's answer from the session (as a person would
    read the picture) and return the POST fields for it."""
    response = client.get(path)
    assert response.status_code == 200
    pending = client.session[captcha.SESSION_KEY]
    challenge_id = list(pending)[-1]
    return {"captcha_id": challenge_id, "captcha_answer": str(pending[challenge_id]["a"])}


@pytest.fixture(autouse=True)
def _fast_receipt_hash(settings):
    """Tests do not need 200,000 PBKDF2 rounds (the bench measures the real cost)."""
    settings.FEEDBACK_RECEIPT_HASH_ITERATIONS = 1000


@pytest.fixture
def department(db):
    return DepartmentFactory(name="市住建局")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="市财政局")


def _user(username: str, group: str | None = None, **extra):
    user = UserFactory(username=username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def inspector(db):
    return _user("inspector", roles.INSPECTORS, first_name="纪检", last_name="李")


@pytest.fixture
def inspector2(db):
    return _user("inspector2", roles.INSPECTORS)


@pytest.fixture
def role_users(db, department):
    """One user per role that must NOT see reports, plus the inspector."""
    head = _user("dept_head", roles.DEPARTMENT_HEADS)
    department.heads.add(head)
    return {
        "staff": _user("staff", roles.STAFF),
        "department_head": head,
        "editor": _user("editor", roles.EDITORS, is_staff=True),
        "reviewer": _user("reviewer", roles.REVIEWERS, is_staff=True),
        "admin": _user("admin", None, is_staff=True, is_superuser=True),
    }


@pytest.fixture
def make_report(db, department):
    def make(**kwargs):
        defaults = {
            "category": "integrity",
            "description": "某科长收受红包",
            "department": department,
            "accused_name": "张三",
        }
        defaults.update(kwargs)
        return services.report_submit(**defaults)

    return make


@pytest.fixture
def submitted(make_report):
    return make_report(files=[checked("evidence.pdf", PDF_BYTES)])
