"""Writes of the regulations library: importing files, deriving structure and versions.

Public API used by other apps (see /work/notes/regulations-api.md):

* :func:`import_paths` — import files or folders in the corpus format (the ``import_regulations``
  command and ``load_demo`` call it);
* :func:`rebuild_structure` / :func:`refresh_versions` — keep the derived rows in step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regulations.models import (
    CATEGORY_FOLDERS,
    LAW_SECTORS,
    Category,
    RegulationLibraryPage,
    RegulationNode,
    RegulationPage,
    make_work_key,
    source_digest,
)
from regulations.parser import (
    DATE_RE,
    ParsedDocument,
    ParseError,
    decode_text,
    parse_document,
    parse_filename,
)

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
MAX_FILE_BYTES = 20 * 1024 * 1024
# Documentation files that live beside the texts in a corpus folder.
SKIPPED_NAMES = {"readme.md", "source.md", "license.md", "changelog.md"}

ERROR_MESSAGES = {
    "empty": _("the file is empty"),
    "binary": _("the file contains binary data, not text"),
    "encoding": _("the file is not UTF-8 text (GBK or another encoding?); convert it to UTF-8"),
    "no_title": _("the document has no title: the first line must be '# Title'"),
    "line_too_long": _("a line is too long for a regulation text"),
    "filename_date": _("the version date in the file name is invalid"),
    "too_large": _("the file is too large"),
    "not_found": _("no such file or folder"),
    "unreadable": _("the file cannot be read"),
    "no_body": _("the document has no text after its header"),
    "duplicate": _("another file in this import has the same title, subtitle and version date"),
    "conflict": _("the page could not be saved"),
    "title_too_long": _("the title is too long: at most 255 characters"),
    "subtitle_too_long": _("the subtitle is too long: at most 255 characters"),
}
MAX_TITLE_LENGTH = 255  # RegulationPage.title (Wagtail's Page.title) and subtitle


def error_message(error: ParseError) -> str:
    """A translated, human-readable reason for a parse or import error."""
    message = ERROR_MESSAGES.get(error.code)
    text = str(message) if message is not None else error.message
    if error.line:
        text = gettext("%(reason)s (line %(line)s)") % {"reason": text, "line": error.line}
    return text


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class ImportFailure:
    path: str
    error: str

    def as_dict(self) -> dict:
        return {"path": self.path, "error": self.error}


@dataclass
class ImportedDocument:
    path: str
    title: str
    version_date: dt.date | None
    action: str  # created, updated, unchanged (or would-be, in a dry run)
    articles: int
    page_id: int | None = None


@dataclass
class ImportReport:
    dry_run: bool = False
    documents: int = 0
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failed: list[ImportFailure] = field(default_factory=list)
    imported: list[ImportedDocument] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict:
        """The shape CONTRACT.md promises for ``--json`` (plus a few extra keys)."""
        return {
            "documents": self.documents,
            "articles": self.articles,
            "failed": [failure.as_dict() for failure in self.failed],
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
        }


# --------------------------------------------------------------------------------------------
# Derivations from the parsed header
# --------------------------------------------------------------------------------------------

_CONGRESS_RE = re.compile(
    r"^(?P<place>[^第《]*?)第[一二三四五六七八九十百零〇]+届(?P<body>[^第《]*?人民代表大会(?:常务委员会)?)"
)
_DOC_NUMBER_RE = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fff]{0,14}令第[0-9０-９]+号)")
_DOC_NUMBER_BRACKET_RE = re.compile(r"([\u4e00-\u9fff]{1,20}[〔\[［(（]\d{4}[〕\]］)）]\d+号)")
_KNOWN_AUTHORITIES = (
    "中共中央办公厅、国务院办公厅",
    "中共中央、国务院",
    "中共中央",
    "中央纪委国家监委",
    "中央纪委",
    "国家监察委员会",
    "最高人民法院、最高人民检察院",
    "最高人民法院",
    "最高人民检察院",
    "国务院办公厅",
    "国务院",
)


def derive_authority(history: Sequence[dict]) -> str:
    """The issuing authority, from the first events of the history."""
    ordered = sorted(history, key=lambda e: {"adopted": 0, "promulgated": 1}.get(e["kind"], 2))
    for event in ordered[:3]:
        text = event["text"]
        match = _CONGRESS_RE.match(text)
        if match:
            return (match.group("place") + match.group("body")).strip()
        for name in _KNOWN_AUTHORITIES:
            if name in text:
                return name
        short = re.match(r"^([\u4e00-\u9fff、]{2,30}?)(?:审议)?(?:发布|公布|印发|通过|批准)$", text)
        if short:
            return short.group(1)
    return ""


def derive_document_number(history: Sequence[dict]) -> str:
    for event in reversed(history):
        for pattern in (_DOC_NUMBER_RE, _DOC_NUMBER_BRACKET_RE):
            match = pattern.search(event["text"])
            if match:
                return match.group(1)[:120]
    return ""


_EFFECTIVE_IN_TEXT_RE = re.compile(r"自" + DATE_RE.pattern + r"起施行")


def derive_effective_date(
    *, history: Sequence[dict], version_date: dt.date | None, document: ParsedDocument | None
) -> dt.date | None:
    dates = [
        dt.date.fromisoformat(e["date"])
        for e in history
        if e["kind"] == "effective"
        and (version_date is None or dt.date.fromisoformat(e["date"]) >= version_date)
    ]
    if dates:
        return max(dates)
    floor = version_date or (
        max(dt.date.fromisoformat(e["date"]) for e in history) if history else None
    )
    if document is not None:
        for node in reversed(document.articles[-3:]):
            match = _EFFECTIVE_IN_TEXT_RE.search(node.text)
            if match:
                try:
                    date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
                except ValueError:
                    continue
                if floor is None or date >= floor:
                    return date
    return floor


def folder_category(path: Path) -> tuple[str, str] | None:
    """(category, sector) from the nearest folder with a known name, or None."""
    for folder in path.parent.parts[::-1]:
        if folder in LAW_SECTORS:
            return Category.LAW.value, folder
        if folder in CATEGORY_FOLDERS:
            return CATEGORY_FOLDERS[folder].value, ""
    return None


def derive_category(
    path: Path, *, title: str = "", history: Sequence[dict] = ()
) -> tuple[str, str]:
    """(category, sector) from the nearest folder with a known name, else from the title."""
    return folder_category(path) or (guess_category(title=title, history=history), "")


def guess_category(*, title: str, history: Sequence[dict] = ()) -> str:
    texts = " ".join(e["text"] for e in history)
    if title.startswith(("最高人民法院", "最高人民检察院")):
        return Category.JUDICIAL_INTERPRETATION.value
    if title.startswith("中国共产党") or ("中共中央" in texts and "国务院" not in texts):
        return Category.PARTY_REGULATION.value
    if re.match(r"^(中华人民共和国)?\S+法$", title) and "人民代表大会" in texts:
        return Category.LAW.value
    if re.match(r"^\S{2,8}?[省市区州县]\S*(条例|规定|办法)$", title) and "人民代表大会" in texts:
        return Category.LOCAL_REGULATION.value
    if "国务院" in texts and re.search(r"(条例|规定|办法)$", title):
        return Category.ADMINISTRATIVE_REGULATION.value
    return Category.NORMATIVE_DOCUMENT.value


def history_dicts(document: ParsedDocument) -> list[dict]:
    return [event.as_dict() for event in document.history]


def apply_text(*, page: RegulationPage, text: str, document: ParsedDocument | None = None):
    """Parse ``text`` and fill the fields derived from it (editors' values win when set).

    Raises :class:`ParseError` for a text that cannot be used. Used by the admin form's
    ``clean()`` and by the importer.
    """
    digest = source_digest(text)
    cached = getattr(page, "_parsed", None)
    if document is None:
        if cached is not None and cached[0] == digest:
            document = cached[1]
        else:
            document = parse_document(text, require_title=False)
    if not document.nodes:
        raise ParseError("no_body", "the document has no text after its header")
    page._parsed = (digest, document)
    if document.title and not page.title:
        page.title = document.title
    if document.subtitle and not page.subtitle:
        page.subtitle = document.subtitle
    if document.history:
        page.history = history_dicts(document)
    history = page.history or []
    if not page.issuing_authority:
        page.issuing_authority = derive_authority(history)[:200]
    if not page.document_number:
        page.document_number = derive_document_number(history)
    if not page.effective_date:
        page.effective_date = derive_effective_date(
            history=history, version_date=page.version_date, document=document
        )
    page.article_count = document.article_count
    page.sort_date = page.version_date or (
        max(dt.date.fromisoformat(e["date"]) for e in history) if history else None
    )
    return document


# --------------------------------------------------------------------------------------------
# Structure and versions
# --------------------------------------------------------------------------------------------


def build_nodes(*, page: RegulationPage, document: ParsedDocument) -> list[RegulationNode]:
    return [
        RegulationNode(
            page=page,
            position=position,
            kind=node.kind,
            label=node.label[:60],
            title=node.title[:255],
            anchor=node.anchor[:80],
            text=node.text,
            path=node.path[:500],
            number=node.number,
            sub_number=node.sub_number,
        )
        for position, node in enumerate(document.nodes)
    ]


_NODE_FIELDS = ("position", "kind", "label", "title", "text", "path", "number", "sub_number")


def rebuild_structure(
    *, page: RegulationPage, document: ParsedDocument | None = None, is_new: bool = False
) -> int:
    """Make the page's structure rows match its text. Returns the article count.

    Rows are matched by anchor (``art-12``): a row whose anchor is still in the text keeps its
    primary key (so links to an article, e.g. from case studies, survive a re-import), changed
    rows are updated, vanished ones deleted and new ones inserted in one statement. ``is_new``
    (a page just created) skips looking for existing rows.
    """
    with transaction.atomic():
        document = apply_text(page=page, text=page.source_text or "", document=document)
        wanted = build_nodes(page=page, document=document)
        existing = {} if is_new else {node.anchor: node for node in page.nodes.all()}
        to_create, to_update = [], []
        for node in wanted:
            old = existing.pop(node.anchor, None)
            if old is None:
                to_create.append(node)
            elif any(getattr(old, name) != getattr(node, name) for name in _NODE_FIELDS):
                for name in _NODE_FIELDS:
                    setattr(old, name, getattr(node, name))
                to_update.append(old)
        if existing:
            RegulationNode.objects.filter(pk__in=[n.pk for n in existing.values()]).delete()
        if to_update:
            RegulationNode.objects.bulk_update(to_update, _NODE_FIELDS, batch_size=500)
        _insert_nodes(to_create)
        digest = source_digest(page.source_text or "")
        RegulationPage.objects.filter(pk=page.pk).update(
            source_hash=digest,
            article_count=document.article_count,
            history=page.history,
            sort_date=page.sort_date,
        )
        page.source_hash = digest
    return document.article_count


def _insert_nodes(nodes: Sequence[RegulationNode]) -> None:
    """INSERT the rows with one ``executemany`` (bulk_create compiles SQL per ~90 rows)."""
    if not nodes:
        return
    connection = transaction.get_connection(RegulationNode.objects.db)
    fields = [f for f in RegulationNode._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(RegulationNode._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    rows = [
        [f.get_db_prep_save(getattr(node, f.attname), connection) for f in fields] for node in nodes
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def _version_order_key(page) -> tuple:
    return (page.version_date or page.sort_date or dt.date.min, page.pk)


def refresh_versions(*, work_key: str) -> None:
    """Mark the newest live version of a regulation current; older ones superseded."""
    versions = list(
        RegulationPage.objects.filter(work_key=work_key).only(
            "id",
            "live",
            "version_date",
            "sort_date",
            "effective_date",
            "is_current",
            "superseded_on",
        )
    )
    live = sorted((p for p in versions if p.live), key=_version_order_key)
    changed = []
    for page in versions:
        if not page.live:
            is_current, superseded_on = False, None
        else:
            index = live.index(page)
            if index == len(live) - 1:
                is_current, superseded_on = True, None
            else:
                successor = live[index + 1]
                is_current = False
                superseded_on = (
                    successor.effective_date or successor.version_date or successor.sort_date
                )
        if page.is_current != is_current or page.superseded_on != superseded_on:
            page.is_current, page.superseded_on = is_current, superseded_on
            changed.append(page)
    if changed:
        RegulationPage.objects.bulk_update(changed, ["is_current", "superseded_on"])


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def get_or_create_library() -> RegulationLibraryPage:
    """The first library page; created under the default site's root page if there is none."""
    library = RegulationLibraryPage.objects.order_by("path").first()
    if library is not None:
        return library
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    library = RegulationLibraryPage(title="法规制度库", slug="regulations", intro="")
    parent.add_child(instance=library)
    return library


def iter_files(paths: Iterable[str | Path]) -> Iterable[tuple[Path, ImportFailure | None]]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*.md")):
                if child.is_file() and child.name.lower() not in SKIPPED_NAMES:
                    yield child, None
        elif path.is_file():
            yield path, None
        else:
            yield path, ImportFailure(path=str(path), error=str(ERROR_MESSAGES["not_found"]))


def _unique_slug(library: RegulationLibraryPage, base: str, exclude_id: int | None) -> str:
    base = slugify(base, allow_unicode=True)[:200] or "regulation"
    siblings = RegulationPage.objects.child_of(library)
    if exclude_id:
        siblings = siblings.exclude(pk=exclude_id)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _read(path: Path) -> tuple[str, int]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError("too_large", "the file is too large")
        data = path.read_bytes()
    except OSError:
        raise ParseError("unreadable", "the file cannot be read") from None
    return decode_text(data), len(data)


def import_file(
    *,
    path: Path,
    library: RegulationLibraryPage | None,
    dry_run: bool = False,
    seen: dict | None = None,
) -> ImportedDocument:
    """Import one file in its own transaction. Raises :class:`ParseError` for a bad file."""
    text, _size = _read(path)
    _stem, version_date = parse_filename(path.name)
    document = parse_document(text)
    if not document.nodes:
        raise ParseError("no_body", "the document has no text after its header")
    identity = (document.title, document.subtitle, version_date)
    if seen is not None:
        if identity in seen:
            raise ParseError(
                "duplicate", f"same title, subtitle and version date as {seen[identity]}"
            )
        seen[identity] = str(path)
    # Checked here, before the dry-run branch, so a dry run reports what a real run would.
    if len(document.title) > MAX_TITLE_LENGTH:
        raise ParseError("title_too_long", "the title is too long: at most 255 characters")
    if len(document.subtitle) > MAX_TITLE_LENGTH:
        raise ParseError("subtitle_too_long", "the subtitle is too long: at most 255 characters")
    history = history_dicts(document)

    existing = (
        RegulationPage.objects.filter(
            title=document.title, subtitle=document.subtitle, version_date=version_date
        )
        .order_by("pk")
        .first()
    )
    from_folder = folder_category(path)
    if from_folder is not None:
        category, sector = from_folder
    elif existing is not None:
        # A file outside any category folder does not reclassify a known document.
        category, sector = existing.category, existing.sector
    else:
        category, sector = guess_category(title=document.title, history=history), ""
    source_path = _display_path(path)
    if existing is not None and existing.source_hash == source_digest(text):
        action = "unchanged"
        if (existing.category, existing.sector) != (category, sector):
            action = "updated"  # in a dry run too: the real run would change the category
            if not dry_run:
                RegulationPage.objects.filter(pk=existing.pk).update(
                    category=category, sector=sector
                )
        return ImportedDocument(
            str(path), document.title, version_date, action, document.article_count, existing.pk
        )
    action = "updated" if existing is not None else "created"
    if dry_run:
        return ImportedDocument(
            str(path), document.title, version_date, action, document.article_count, None
        )

    with transaction.atomic():
        page = existing or RegulationPage(
            title=document.title,
            subtitle=document.subtitle,
            version_date=version_date,
        )
        page.source_text = text
        page.category, page.sector = category, sector
        page.source_path = source_path
        page.history = history
        if existing is not None:
            # Re-derive what came from the header; manual fields (tier, tags, status) stay.
            page.issuing_authority = ""
            page.document_number = ""
            page.effective_date = None
        apply_text(page=page, text=text, document=document)
        page.work_key = make_work_key(page.title, page.subtitle)
        page.source_hash = ""
        page._structure_synced = True
        if existing is None:
            if library is None:
                library = get_or_create_library()
            page.slug = _unique_slug(
                library, f"{document.title}-{document.subtitle}-{version_date or 'undated'}", None
            )
            page._minimal_clean = True
            library.add_child(instance=page)
        else:
            page.save(clean=False)
        rebuild_structure(page=page, document=document, is_new=existing is None)
        refresh_versions(work_key=page.work_key)
        _record_saved_page(page.pk)
    return ImportedDocument(
        str(path), document.title, version_date, action, document.article_count, page.pk
    )


# --------------------------------------------------------------------------------------------
# Deferred Wagtail indexing (search index, reference index) during an import
# --------------------------------------------------------------------------------------------

_deferred = threading.local()


def indexing_deferred() -> bool:
    """Whether this thread is inside :func:`deferred_page_indexing` (see RegulationPage)."""
    return getattr(_deferred, "page_ids", None) is not None


@contextlib.contextmanager
def deferred_page_indexing():
    """Save regulation pages without updating Wagtail's indexes one page at a time.

    Inside the block, a saved ``RegulationPage`` skips Wagtail's search index (its
    ``get_indexed_instance`` returns None) and the reference index; the pages recorded with
    :func:`_record_saved_page` are indexed once, in bulk, when the block ends without error.
    Other receivers of ``post_save`` and ``page_published`` (the ``search`` app) still run.
    """
    if indexing_deferred():  # nested: the outer block indexes
        yield
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    _deferred.page_ids = set()
    try:
        with disable_reference_index_auto_update():
            yield
        page_ids = _deferred.page_ids
    finally:
        _deferred.page_ids = None
    if page_ids:
        index_pages(page_ids=page_ids)


def _record_saved_page(page_id: int) -> None:
    if indexing_deferred():
        _deferred.page_ids.add(page_id)


def index_pages(*, page_ids: Iterable[int]) -> None:
    """Update Wagtail's search index and reference index for these regulation pages, in bulk."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backends

    pages = list(RegulationPage.objects.filter(pk__in=list(page_ids)))
    if not pages:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(RegulationPage, pages)
    if ReferenceIndex.model_is_indexable(RegulationPage):
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CORPUS_DIR.parent))[:500]
    except ValueError:
        return path.name[:500]


def import_paths(
    *,
    paths: Sequence[str | Path],
    dry_run: bool = False,
    library: RegulationLibraryPage | None = None,
) -> ImportReport:
    """Import files and folders (recursively, ``*.md``). A bad file is reported and skipped."""
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    # One transaction for the whole import (each file in its own savepoint, so a bad file is
    # rolled back alone): one commit instead of one per file, and Wagtail's indexes updated
    # once at the end.
    with transaction.atomic(), deferred_page_indexing():
        _import_all(paths=paths, dry_run=dry_run, library=library, report=report)
    report.seconds = time.perf_counter() - started
    return report


def _import_all(
    *,
    paths: Sequence[str | Path],
    dry_run: bool,
    library: RegulationLibraryPage | None,
    report: ImportReport,
) -> None:
    seen: dict = {}
    if library is None and not dry_run:
        library = RegulationLibraryPage.objects.order_by("path").first()
    for path, failure in iter_files(paths):
        if failure is not None:
            report.failed.append(failure)
            continue
        try:
            with transaction.atomic():  # a savepoint: a failed file leaves nothing behind
                result = import_file(path=path, library=library, dry_run=dry_run, seen=seen)
        except ParseError as exc:
            report.failed.append(ImportFailure(path=str(path), error=error_message(exc)))
            continue
        except ValidationError as exc:  # e.g. a title longer than a page title may be
            report.failed.append(ImportFailure(path=str(path), error="; ".join(exc.messages)))
            continue
        except DatabaseError:
            # The file's savepoint was rolled back; the other files still import.
            report.failed.append(
                ImportFailure(path=str(path), error=str(ERROR_MESSAGES["conflict"]))
            )
            continue
        if library is None and result.page_id and not dry_run:
            library = RegulationLibraryPage.objects.order_by("path").first()
        report.imported.append(result)
        report.documents += 1
        report.articles += result.articles
        setattr(report, result.action, getattr(report, result.action) + 1)
        with contextlib.suppress(OSError):
            report.bytes += path.stat().st_size
