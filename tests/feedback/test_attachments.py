import pytest
from django.core.exceptions import ValidationError

from feedback.attachments import safe_name, validate_upload
from tests.feedback.conftest import PDF_BYTES, PNG_BYTES, jpeg_bytes, office_bytes, upload


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF_BYTES, "pdf"),
        ("a.PNG", PNG_BYTES, "png"),
        ("photo.jpeg", None, "jpg"),
        ("报告.docx", office_bytes("docx"), "docx"),
        ("表.xlsx", office_bytes("xlsx"), "xlsx"),
        ("说明.txt", "举报内容\r\n第二行".encode(), "txt"),
        ("gbk.txt", "举报内容".encode("gb18030"), "txt"),
    ],
)
def test_allowed_types_by_content(name, content, kind):
    content = jpeg_bytes() if content is None else content
    meta = validate_upload(upload(name, content))
    assert meta["kind"] == kind
    assert meta["size"] == len(content)
    assert len(meta["sha256"]) == 64


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # an executable named .pdf
        ("image.pdf", PNG_BYTES),  # a real PNG disguised as PDF
        ("doc.pdf.exe", PDF_BYTES),
        ("noext", PDF_BYTES),
        ("archive.docx", office_bytes("zip")),  # a zip that is not a Word file
        ("fake.docx", b"PK\x03\x04garbage"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ("binary.txt", b"abc\x00def"),
        ("control.txt", b"abc\x1b[31mred"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("page.txt.svg", b"<svg onload=alert(1)></svg>"),
    ],
)
def test_disguised_or_unknown_files_are_refused(name, content):
    with pytest.raises(ValidationError):
        validate_upload(upload(name, content))


def test_empty_and_oversize(settings):
    with pytest.raises(ValidationError):
        validate_upload(upload("empty.pdf", b""))
    settings.FEEDBACK_MAX_FILE_SIZE = 20
    with pytest.raises(ValidationError, match=r"larger than|MB"):
        validate_upload(upload("big.pdf", PDF_BYTES))


def test_safe_name():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\x\\evil<>.pdf") == "evil__.pdf"
    assert safe_name("") == "file"
    assert len(safe_name("a" * 500 + ".pdf")) == 120
