"""Every user-facing string in the project has a Chinese translation.

Extracts the project's msgids with Django's makemessages in a scratch copy of the source tree and
checks each one against the compiled-in catalogues (any app's catalogue may carry it).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "staticfiles", "media", "private_media", ".git", "node_modules", "tests"}


def _parse_po(path: Path) -> dict[str, str]:
    """A small .po reader: msgid -> msgstr (plural forms: msgstr[0])."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    field = None
    context = None

    def flush():
        if msgid is not None and msgid != "":
            key = f"{context}\x04{msgid}" if context else msgid
            entries[key] = msgstr or ""

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            continue
        if line.startswith("msgctxt "):
            flush()
            msgid = msgstr = None
            context = _unquote(line[8:])
            field = "ctx"
        elif line.startswith("msgid "):
            if field != "ctx":
                flush()
                context = None
            msgid, msgstr, field = _unquote(line[6:]), None, "id"
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr[0] ") or line.startswith("msgstr "):
            value = line.split(" ", 1)[1]
            msgstr, field = _unquote(value), "str"
        elif line.startswith("msgstr["):
            field = "other"
        elif line.startswith('"'):
            if field == "id":
                msgid += _unquote(line)
            elif field == "str":
                msgstr += _unquote(line)
            elif field == "ctx":
                context += _unquote(line)
        elif not line:
            flush()
            msgid = msgstr = context = None
            field = None
    flush()
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def _project_catalogues(root: Path) -> list[Path]:
    found = []
    for po in root.rglob("zh_Hans/LC_MESSAGES/django.po"):
        if not SKIP_DIRS.intersection(po.relative_to(root).parts):
            found.append(po)
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_msgid_is_translated(tmp_path):
    scratch = tmp_path / "src"
    shutil.copytree(ROOT, scratch, ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.pyc"))
    for po in _project_catalogues(scratch):
        po.unlink()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=scratch,
        check=True,
        capture_output=True,
    )
    wanted: set[str] = set()
    for po in _project_catalogues(scratch):
        wanted.update(_parse_po(po))

    translated: dict[str, str] = {}
    for po in _project_catalogues(ROOT):
        translated.update({k: v for k, v in _parse_po(po).items() if v})

    missing = sorted(m for m in wanted if m not in translated)
    assert not missing, f"{len(missing)} strings lack a zh_Hans translation: {missing[:40]}"
