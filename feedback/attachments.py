"""Attachment checks: the type is decided by the file's content (magic bytes), not its name."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from feedback import conf

# kind -> (extensions accepted in the file name, MIME type served to inspectors)
ALLOWED = {
    "pdf": ({"pdf"}, "application/pdf"),
    "jpg": ({"jpg", "jpeg"}, "image/jpeg"),
    "png": ({"png"}, "image/png"),
    "docx": (
        {"docx"},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ({"xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "txt": ({"txt"}, "text/plain"),
}


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, which no URL maps to."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):  # never served by URL
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()


def detect_kind(head: bytes, fileobj) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    return None


def _is_text(fileobj) -> bool:
    fileobj.seek(0)
    data = fileobj.read()
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f" for ch in text)
    return False


def _valid_image(fileobj) -> bool:
    from PIL import Image

    try:
        fileobj.seek(0)
        with Image.open(fileobj) as image:
            image.verify()
        return True
    except Exception:
        return False


def safe_name(name: str) -> str:
    base = os.path.basename(str(name).replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "_", base).strip(" .")
    return (base or "file")[-120:]


def validate_upload(upload) -> dict:
    """Check one uploaded file; return what to store, or raise ValidationError."""
    name = safe_name(getattr(upload, "name", "") or "")
    size = upload.size
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    if size > conf.get("FEEDBACK_MAX_FILE_SIZE"):
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": conf.get("FEEDBACK_MAX_FILE_SIZE") // (1024 * 1024)}
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    kind = detect_kind(head, upload)
    if kind is None and ext == "txt" and _is_text(upload):
        kind = "txt"
    if kind in ("jpg", "png") and not _valid_image(upload):
        kind = None
    if kind is None or ext not in ALLOWED[kind][0]:
        raise ValidationError(
            _(
                "The file %(name)s is not an allowed type or its content does not match its "
                "name. Allowed: PDF, JPG, PNG, DOCX, XLSX, TXT."
            )
            % {"name": name}
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {
        "original_name": name,
        "kind": kind,
        "content_type": ALLOWED[kind][1],
        "size": size,
        "sha256": digest.hexdigest(),
    }
