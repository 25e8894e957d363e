"""No msgid of ours silently overrides another catalogue's translation.

Django merges every gettext catalogue into one: for the same msgid (and msgctxt) the app listed
first in INSTALLED_APPS wins, and our apps come before Wagtail and Django. So a zh_Hans entry in
one of our catalogues replaces Wagtail's or Django's translation of the same msgid everywhere
(the admin sidebar showed "Pages" as 分页), and between our own apps the first one wins
("name" became 姓名 for departments). Such msgids need a msgctxt (pgettext) or a more specific
English msgid. Identical translations (ignoring surrounding spaces) are harmless and allowed.
"""

import gettext
from pathlib import Path

import django
from django.apps import apps

from tests.test_translations import _parse_po

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = (
    "core",
    "portal",
    "regulations",
    "search",
    "organization",
    "learning",
    "feedback",
    "early_warning",
)
LANGUAGE_DIRS = ("zh_Hans", "zh-Hans")


def _our_catalogues() -> dict[str, dict[str, str]]:
    """App label -> {key: msgstr} for every project catalogue (key = "ctx\\x04msgid" or msgid)."""
    found = {}
    for app in PROJECT_APPS:
        po = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        if po.exists():
            # msgfmt leaves untranslated entries out of the .mo, so they cannot override anything.
            found[app] = {k: v for k, v in _parse_po(po).items() if v}
    return found


def _mo_entries(mo: Path) -> dict[str, str]:
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    entries = {}
    for key, value in catalog.items():
        if isinstance(key, tuple):  # plural entry: (msgid, index); compare the first form
            if key[1] != 0:
                continue
            key = key[0]
        if key and value:
            entries[key] = value
    return entries


def _foreign_catalogues() -> dict[str, dict[str, str]]:
    """Source name -> entries for Django's own and every installed non-project app's zh_Hans .mo."""
    locale_dirs = {"django": Path(django.__file__).parent / "conf" / "locale"}
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in PROJECT_APPS:
            continue
        locale_dirs[config.name] = Path(config.path) / "locale"
    found = {}
    for name, locale_dir in locale_dirs.items():
        for lang in LANGUAGE_DIRS:
            mo = locale_dir / lang / "LC_MESSAGES" / "django.mo"
            if mo.exists():
                found[f"{name} ({lang})"] = _mo_entries(mo)
    return found


def _show(key: str) -> str:
    if "\x04" in key:
        context, msgid = key.split("\x04", 1)
        return f"{msgid!r} (context {context!r})"
    return repr(key)


def test_foreign_catalogues_are_found():
    """Guard against the collision tests passing because nothing was read."""
    foreign = _foreign_catalogues()
    assert any(name.startswith("django ") for name in foreign)
    assert any(name.startswith("wagtail.admin ") for name in foreign)
    assert any(name.startswith("django.contrib.admin ") for name in foreign)
    assert len(_our_catalogues()) >= 7


def test_our_catalogues_agree_with_each_other():
    catalogues = _our_catalogues()
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for app, entries in catalogues.items():
        for key, msgstr in entries.items():
            if key in seen and seen[key][1].strip() != msgstr.strip():
                other_app, other_msgstr = seen[key]
                clashes.append(f"{_show(key)}: {other_app}={other_msgstr!r} vs {app}={msgstr!r}")
            seen.setdefault(key, (app, msgstr))
    assert not clashes, (
        f"{len(clashes)} msgids are translated differently in two of our catalogues "
        "(use pgettext/msgctxt or a more specific msgid):\n" + "\n".join(sorted(clashes))
    )


def test_our_catalogues_do_not_override_django_or_wagtail():
    foreign = _foreign_catalogues()
    clashes = []
    for app, entries in _our_catalogues().items():
        for key, msgstr in entries.items():
            for source, theirs in foreign.items():
                if key in theirs and theirs[key].strip() != msgstr.strip():
                    clashes.append(
                        f"{_show(key)}: {app}={msgstr!r} overrides {source}={theirs[key]!r}"
                    )
    assert not clashes, (
        f"{len(clashes)} of our translations override Django's/Wagtail's "
        "(use pgettext/msgctxt or a more specific msgid):\n" + "\n".join(sorted(clashes))
    )
