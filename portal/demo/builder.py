"""Build the demo site from the data modules: the service behind ``manage.py load_demo``.

Idempotent: every object has a natural key (pages: slug under their parent; images: title,
then file hash; users: username; settings: the default site). Running the builder again updates
objects in place, and a page gets a new revision only when one of its values changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import models, transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core import roles
from portal.demo import articles as article_data
from portal.demo import books as book_data
from portal.demo import cases as case_data
from portal.demo import culture as culture_data
from portal.demo import site as site_data
from portal.demo.schema import Block, DemoImage, DemoUser

IMAGE_DIR = Path(__file__).resolve().parent / "images"
SOURCE = "临江市纪委监委"
# A fixed salt makes the hash of a demo password deterministic, so a re-run can tell whether a
# password is still the documented one without re-hashing per user. Dev-only accounts.
DEMO_SALT = "lianzhengdemo"

VIOLATION_CODES = {
    "违反政治纪律": "political",
    "违反组织纪律": "organizational",
    "违反廉洁纪律": "integrity",
    "违反群众纪律": "mass",
    "违反工作纪律": "work",
    "违反生活纪律": "life",
    "违反中央八项规定精神": "eight_rules",
    "职务违法犯罪": "duty_crime",
}
RANK_CODES = {"厅局级": "bureau", "县处级": "county", "乡科级": "township", "一般干部": "general"}
MEDIA_KIND_CODES = {"视频": "video", "歌曲": "song", "动画": "animation", "公益广告": "psa"}


class DemoError(Exception):
    """The existing data conflicts with the demo (e.g. a slug taken by another page type)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.total} ({self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged)"
        )


@dataclass
class DemoReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    regulations: str = "not run"
    notes: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def lines(self) -> list[str]:
        width = max((len(name) for name in self.tallies), default=0)
        lines = [f"{name.ljust(width)}  {tally}" for name, tally in self.tallies.items()]
        lines.append(f"{'regulations'.ljust(width)}  {self.regulations}")
        lines.extend(self.notes)
        return lines


# --------------------------------------------------------------------------- value helpers


def rich_text(blocks: Iterable[Block]) -> str:
    """Paragraph and heading blocks as one rich-text HTML string."""
    parts = []
    for block in blocks:
        if block[0] == "p":
            parts.append(f"<p>{html.escape(block[1], quote=False)}</p>")
        elif block[0] == "h":
            parts.append(f"<h3>{html.escape(block[1], quote=False)}</h3>")
        elif block[0] == "quote":
            parts.append(f"<blockquote>{html.escape(block[1], quote=False)}</blockquote>")
    return "".join(parts)


def plain_text(blocks: Iterable[Block]) -> str:
    return "\n\n".join(block[1] for block in blocks if block[0] in {"p", "h", "quote"})


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in items) + "</ul>"


def summarise(blocks: Sequence[Block], limit: int = 70) -> str:
    text = next((block[1] for block in blocks if block[0] == "p"), "")
    return text if len(text) <= limit else text[:limit].rstrip("，。、；") + "……"


def _strip_ids(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list | tuple):
        return [_strip_ids(v) for v in data]
    return data


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


class StreamData:
    """Raw StreamField data, converted to the field's value when assigned."""

    def __init__(self, raw: list[dict]):
        self.raw = raw

    def value_for(self, stream_field: StreamField):
        return stream_field.stream_block.to_python(self.raw)

    def prep_for(self, stream_field: StreamField) -> list:
        block = stream_field.stream_block
        return _strip_ids(block.get_prep_value(block.to_python(self.raw)))


def _same(instance: models.Model, name: str, value: Any) -> bool:
    """Whether ``instance.name`` already holds ``value`` (no query for plain fields)."""
    model_field = _model_field(type(instance), name)
    if isinstance(value, StreamData):
        current = getattr(instance, name)
        return _strip_ids(list(current.raw_data)) == value.prep_for(model_field)
    if isinstance(model_field, models.ForeignKey):
        return getattr(instance, model_field.attname) == (value.pk if value else None)
    return getattr(instance, name) == value


def _assign(instance: models.Model, name: str, value: Any) -> None:
    if isinstance(value, StreamData):
        value = value.value_for(_model_field(type(instance), name))
    setattr(instance, name, value)


def body_stream(blocks: Iterable[Block], images: dict[str, Any]) -> StreamData:
    """The neutral body blocks of schema.py as BodyBlock raw data."""
    raw = []
    for block in blocks:
        kind = block[0]
        if kind == "p":
            raw.append(
                {"type": "paragraph", "value": f"<p>{html.escape(block[1], quote=False)}</p>"}
            )
        elif kind == "h":
            raw.append({"type": "heading", "value": {"text": block[1], "level": "h2"}})
        elif kind == "quote":
            raw.append({"type": "quote", "value": {"text": block[1], "attribution": block[2]}})
        elif kind == "table":
            _kind, caption, header, rows = block
            raw.append(
                {
                    "type": "table",
                    "value": {
                        "data": [list(header), *[list(row) for row in rows]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": caption,
                    },
                }
            )
        elif kind == "image":
            image = images[block[1]]
            raw.append(
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": image.description or image.title,
                        "caption": block[2],
                    },
                }
            )
        else:  # pragma: no cover - a typo in the data modules
            raise DemoError(f"unknown body block {kind!r}")
    return StreamData(raw)


# --------------------------------------------------------------------------- the builder


class DemoBuilder:
    def __init__(self, *, staff: int, today: dt.date, log: Callable[[str], None]):
        self.staff = staff
        self.today = today
        self.log = log
        self.report = DemoReport()
        self.owner = None
        self.images: dict[str, Any] = {}
        self.sections: dict[str, Page] = {}
        self.columns: dict[str, Page] = {}

    # -- pages ---------------------------------------------------------------------------

    def upsert_page(
        self,
        parent: Page,
        model: type[Page],
        *,
        slug: str,
        fields: dict[str, Any],
        tags: Iterable[str] | None = None,
        children: dict[str, tuple[list[models.Model], Callable[[Any], tuple]]] | None = None,
        tally: str,
    ) -> Page:
        """Create or update the ``model`` page called ``slug`` under ``parent``.

        ``children`` maps a child relation name (an InlinePanel) to the wanted objects and a
        function giving the comparable key of one object.
        """
        fields = {
            name: value for name, value in fields.items() if _model_field(model, name) is not None
        }
        children = children or {}
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is None:
            page = model(slug=slug, owner=self.owner)
            for name, value in fields.items():
                _assign(page, name, value)
            if tags is not None:
                page.tags.set(list(tags))
            for name, (objects, _key) in children.items():
                setattr(page, name, objects)
            parent.add_child(instance=page)
            page.save_revision(user=self.owner).publish(user=self.owner)
            self.report.tally(tally).add("created")
            return page

        page = existing.specific
        if not isinstance(page, model):
            raise DemoError(
                f"{parent.url_path}{slug}/ is a {type(page).__name__}, expected {model.__name__}"
            )
        changed = [name for name, value in fields.items() if not _same(page, name, value)]
        tags_changed = tags is not None and set(page.tags.names()) != set(tags)
        changed_children = [
            name
            for name, (objects, key) in children.items()
            if [key(obj) for obj in getattr(page, name).all()] != [key(obj) for obj in objects]
        ]
        if not (changed or tags_changed or changed_children or not page.live):
            self.report.tally(tally).add("unchanged")
            return page
        for name in changed:
            _assign(page, name, fields[name])
        if tags_changed:
            page.tags.set(list(tags))
        for name in changed_children:
            setattr(page, name, children[name][0])
        page.save_revision(user=self.owner).publish(user=self.owner)
        self.report.tally(tally).add("updated")
        return page

    # -- groups and users ----------------------------------------------------------------

    def ensure_groups(self) -> dict[str, Group]:
        return {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_GROUPS}

    def ensure_users(self) -> None:
        groups = self.ensure_groups()
        hashes: dict[str, str] = {}
        specs = [*site_data.USERS, *site_data.staff_users(self.staff)]
        created = []
        for spec in specs:
            if spec.password not in hashes:
                hashes[spec.password] = make_password(spec.password, salt=DEMO_SALT)
            user, status = self._upsert_user(spec, hashes[spec.password], groups)
            self.report.tally("users").add(status)
            created.append((user, spec))
            if spec.is_superuser:
                self.owner = user
        attach_to_organisation(created)

    def _upsert_user(self, spec: DemoUser, password_hash: str, groups: dict[str, Group]):
        User = get_user_model()
        # A Chinese name is family name + given name with no space, but Django's
        # get_full_name() (used by the Wagtail admin) is "first last": store the whole
        # name in first_name so it reads 王建华 everywhere, not "建华 王".
        wanted = {
            "first_name": f"{spec.last_name}{spec.first_name}",
            "last_name": "",
            "email": spec.email,
            "is_superuser": spec.is_superuser,
            "is_staff": spec.is_superuser,
            "is_active": True,
            "password": password_hash,
        }
        user = User.objects.filter(username=spec.username).first()
        status = "unchanged"
        if user is None:
            user = User(username=spec.username, **wanted)
            user.save()
            status = "created"
        else:
            changed = {k: v for k, v in wanted.items() if getattr(user, k) != v}
            if changed:
                for name, value in changed.items():
                    setattr(user, name, value)
                user.save(update_fields=list(changed))
                status = "updated"
        wanted_groups = {groups[spec.group].pk} if spec.group else set()
        if set(user.groups.values_list("pk", flat=True)) != wanted_groups:
            user.groups.set(wanted_groups)
            status = "updated" if status == "unchanged" else status
        return user, status

    # -- images --------------------------------------------------------------------------

    def ensure_images(self) -> None:
        for spec in site_data.IMAGES:
            self.images[spec.key], status = self._upsert_image(spec)
            self.report.tally("images").add(status)

    def _upsert_image(self, spec: DemoImage):
        Image = get_image_model()
        data = (IMAGE_DIR / f"{spec.key}.jpg").read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        image = (
            Image.objects.filter(title=spec.title).order_by("pk").first()
            or Image.objects.filter(file_hash=digest).order_by("pk").first()
        )
        if image is None:
            image = Image(title=spec.title, description=spec.alt, uploaded_by_user=self.owner)
            image.file = ImageFile(BytesIO(data), name=f"demo-{spec.key}.jpg")
            image._set_image_file_metadata()
            image.save()
            return image, "created"
        status = "unchanged"
        if image.title != spec.title or image.description != spec.alt:
            image.title, image.description = spec.title, spec.alt
            status = "updated"
        if image.file_hash != digest:
            image.file = ImageFile(BytesIO(data), name=f"demo-{spec.key}.jpg")
            image._set_image_file_metadata()
            image.renditions.all().delete()
            status = "updated"
        if status == "updated":
            image.save()
        return image, status

    # -- home page and site --------------------------------------------------------------

    def ensure_home(self) -> Page:
        """The HomePage as the default site's root, replacing Wagtail's welcome page."""
        from portal.models import HomePage

        root = Page.get_first_root_node()
        home = HomePage.objects.order_by("path").first()
        if home is None:
            taken = Page.objects.child_of(root).filter(slug="home").exists()
            home = HomePage(
                title=site_data.HOME_TITLE,
                slug="portal-home" if taken else "home",
                owner=self.owner,
            )
            root.add_child(instance=home)
            home.save_revision(user=self.owner).publish(user=self.owner)
            self.report.tally("home page").add("created")

        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=site_data.SITE_SETTINGS["site_name"],
            )
        elif site.root_page_id != home.pk or not site.is_default_site or not site.site_name:
            site.root_page = home
            site.is_default_site = True
            site.site_name = site.site_name or site_data.SITE_SETTINGS["site_name"]
            site.save()

        # Remove Wagtail's "Welcome to your new Wagtail site!" page: a plain Page with no
        # children that no site uses any more.
        for page in Page.objects.child_of(root).exclude(pk=home.pk):
            if (
                page.specific_class is Page
                and page.is_leaf()
                and not Site.objects.filter(root_page=page).exists()
            ):
                page.delete()
        if home.slug != "home" and not Page.objects.child_of(root).filter(slug="home").exists():
            home.slug = "home"
            home.save(update_fields=["slug"])
        return home

    def update_home(self, home: Page) -> None:
        from portal.models import HomePage, HomePageHighlightColumn, HomePageQuickLink

        quick_links = []
        for entry, icon in site_data.QUICK_ENTRIES:
            page = self.sections.get(entry.target)
            if page is None and not entry.target.startswith("/"):
                continue  # a section that could not be built (the regulations library)
            quick_links.append(
                HomePageQuickLink(
                    title=entry.title,
                    icon=icon,
                    description=entry.description,
                    link_page=page,
                    link_url="" if page else entry.target,
                )
            )
        highlights = [
            HomePageHighlightColumn(column=self.columns[slug])
            for slug in site_data.HIGHLIGHT_COLUMNS
        ]
        self.upsert_page(
            home.get_parent(),
            HomePage,
            slug=home.slug,
            fields={
                "title": site_data.HOME_TITLE,
                "seo_title": site_data.HOME_SEO_TITLE,
                "intro": site_data.HOME_INTRO,
                "bulletin_notice": site_data.HOME_BULLETIN_NOTICE,
            },
            children={
                "quick_links": (
                    quick_links,
                    lambda q: (q.title, q.icon, q.description, q.link_page_id, q.link_url),
                ),
                "highlight_columns": (highlights, lambda h: (h.column_id,)),
            },
            tally="home page",
        )

    def update_settings(self, site: Site) -> None:
        from core.models import MainMenu, SiteSettings

        settings_row = SiteSettings.for_site(site)
        wanted: dict[str, Any] = dict(site_data.SITE_SETTINGS)
        wanted["reporting_channels"] = StreamData(
            [{"type": "channel", "value": dict(c)} for c in site_data.REPORTING_CHANNELS]
        )
        wanted["footer_links"] = StreamData(
            [
                {
                    "type": "link",
                    "value": {"label": link["label"], "page": None, "url": link["url"]},
                }
                for link in site_data.FOOTER_LINKS
            ]
        )
        self._save_setting(settings_row, wanted, "site settings")

        menu = MainMenu.for_site(site)
        self._save_setting(menu, {"items": StreamData(self._menu_items())}, "main menu")

    def _menu_items(self) -> list[dict]:
        def link(label: str, page: Page | None = None, url: str = "", children=None) -> dict:
            value = {"label": label, "page": page.pk if page else None, "url": url}
            if children is not None:
                value["children"] = children
            return value

        items = []
        for label, target in site_data.MAIN_MENU:
            if target == "columns":
                columns = list(self.columns.values())
                children = [link("", page) for page in columns]
                value = link(label, columns[0], children=children)
            elif target.startswith("/"):
                value = link(label, url=target, children=[])
            elif target in self.sections:
                value = link(label, self.sections[target], children=[])
            else:
                continue  # a section that could not be built (the regulations library)
            items.append({"type": "item", "value": value})
        return items

    def _save_setting(self, row: models.Model, wanted: dict[str, Any], tally: str) -> None:
        changed = [name for name, value in wanted.items() if not _same(row, name, value)]
        is_new = row.pk is None
        for name in changed:
            _assign(row, name, wanted[name])
        if changed or is_new:
            row.save()
        self.report.tally(tally).add("created" if is_new else "updated" if changed else "unchanged")

    # -- content sections ----------------------------------------------------------------

    def date(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def ensure_sections(self, home: Page) -> None:
        from portal.models import (
            CaseIndexPage,
            ColumnIndexPage,
            CultureHallPage,
            ReadingRoomPage,
            SchoolIndexPage,
        )

        self.sections["home"] = home
        for column in article_data.COLUMNS:
            self.columns[column.slug] = self.upsert_page(
                home,
                ColumnIndexPage,
                slug=column.slug,
                fields={"title": column.title, "intro": f"<p>{column.intro}</p>"},
                tally="columns",
            )
        models_by_key = {
            "cases": CaseIndexPage,
            "reading_room": ReadingRoomPage,
            "culture_hall": CultureHallPage,
            "school": SchoolIndexPage,
        }
        for section in site_data.SECTIONS:
            model = models_by_key.get(section.key)
            if model is None:
                continue  # the regulations library: see ensure_regulations()
            self.sections[section.key] = self.upsert_page(
                home,
                model,
                slug=section.slug,
                fields={
                    "title": section.title,
                    "intro": f"<p>{section.intro}</p>",
                    "search_description": section.intro,
                },
                tally="sections",
            )

    def ensure_articles(self) -> None:
        from portal.models import ArticlePage

        for item in article_data.ARTICLES:
            self.upsert_page(
                self.columns[item.column],
                ArticlePage,
                slug=item.slug,
                fields={
                    "title": item.title,
                    "date": self.date(item.days_ago),
                    "source": item.source,
                    "author": item.author,
                    "summary": item.summary or summarise(item.body),
                    "search_description": item.summary or summarise(item.body),
                    "cover_image": self.images.get(item.image),
                    "body": body_stream(item.body, self.images),
                },
                tags=item.tags,
                tally="articles",
            )

    def ensure_cases(self) -> None:
        """Case studies; their citations point at the regulations library where it has them.

        Runs after the regulations import: a citation resolved to a current article becomes a
        ``regulation_references`` block, the others stay as text in ``applicable_regulations``.
        """
        from portal.models import CaseStudyPage

        for item in case_data.CASES:
            references, unresolved = self._resolve_citations(item.regulations)
            self.upsert_page(
                self.sections["cases"],
                CaseStudyPage,
                slug=item.slug,
                fields={
                    "title": item.title,
                    "date": self.date(item.days_ago),
                    "source": SOURCE,
                    "summary": item.summary,
                    "search_description": item.summary,
                    "violation_type": VIOLATION_CODES[item.violation_type],
                    "rank_category": RANK_CODES.get(item.rank_category, "other"),
                    "disposition_party": "党纪处分" in item.dispositions,
                    "disposition_administrative": "政务处分" in item.dispositions,
                    "disposition_judicial": "移送司法机关" in item.dispositions,
                    "facts": rich_text(item.facts),
                    "lessons": rich_text(item.lessons),
                    "regulation_references": StreamData(references),
                    "applicable_regulations": bullet_list(unresolved) if unresolved else "",
                    "cover_image": self.images.get(item.image),
                },
                tags=item.tags,
                tally="case studies",
            )

    def _resolve_citations(self, texts: Sequence[str]) -> tuple[list[dict], list[str]]:
        """(reference blocks, citations left as text) for one case's citation strings."""
        if "regulations" not in self.sections:  # the regulations app is not available
            return [], list(texts)
        from portal.demo.citations import resolve_citations

        resolution = resolve_citations(texts)
        return [ref.as_block() for ref in resolution.references], resolution.unresolved

    def ensure_books(self) -> None:
        from portal.models import BookPage

        for item in book_data.BOOKS:
            chapters = StreamData(
                [
                    {
                        "type": "chapter",
                        "value": {
                            "title": chapter.title,
                            "content": f"<p>{html.escape(chapter.text, quote=False)}</p>",
                        },
                    }
                    for chapter in item.chapters
                ]
            )
            self.upsert_page(
                self.sections["reading_room"],
                BookPage,
                slug=item.slug,
                fields={
                    "title": item.title,
                    "author": item.author,
                    "publisher": item.publisher,
                    "publication_year": item.year,
                    "summary": item.summary,
                    "search_description": item.summary[:150],
                    "cover_image": self.images.get(item.image),
                    "chapters": chapters,
                },
                tags=item.tags,
                tally="reading room",
            )

    def ensure_culture(self) -> None:
        from portal.models import LiveClassPage, MediaItemPage

        hall = self.sections["culture_hall"]
        for item in culture_data.MEDIA_ITEMS:
            minutes, seconds = (int(part) for part in item.duration.split(":"))
            description = plain_text(item.description)
            if item.credits:
                description = f"{description}\n\n{item.credits}"
            self.upsert_page(
                hall,
                MediaItemPage,
                slug=item.slug,
                fields={
                    "title": item.title,
                    "kind": MEDIA_KIND_CODES[item.media_type],
                    "date": self.date(item.days_ago),
                    "embed_url": item.embed_url
                    or f"{culture_data.PLACEHOLDER_MEDIA_BASE}{item.slug}/",
                    "duration": dt.timedelta(minutes=minutes, seconds=seconds),
                    "cover_image": self.images.get(item.image),
                    "description": description,
                    "search_description": plain_text(item.description)[:150],
                },
                tags=item.tags,
                tally="culture media",
            )
        tz = timezone.get_current_timezone()
        for item in culture_data.LIVE_CLASSES:
            day = self.today + dt.timedelta(days=item.days_from_now)
            start = dt.datetime.combine(day, dt.time(item.start_hour, item.start_minute), tz)
            description = list(item.description)
            if item.replay_note:
                description.append(("p", item.replay_note))
            self.upsert_page(
                hall,
                LiveClassPage,
                slug=item.slug,
                fields={
                    "title": item.title,
                    "start_time": start,
                    "end_time": start + dt.timedelta(minutes=item.duration_minutes),
                    "venue": item.venue,
                    "speaker": item.speaker,
                    "live_stream_url": item.live_url,
                    "replay_url": item.replay_url,
                    "cover_image": self.images.get(item.image),
                    "description": rich_text(description),
                },
                tally="live classes",
            )

    # -- regulations ---------------------------------------------------------------------

    def ensure_regulations(self, home: Page, *, import_corpus: bool) -> None:
        """The library page under home and, when asked, the corpus imported into it."""
        try:
            from regulations.models import RegulationLibraryPage
            from regulations.services import CORPUS_DIR, import_paths
        except ImportError as exc:  # the regulations app is not ready
            self.report.regulations = f"skipped (regulations app not available: {exc})"
            return
        section = next(s for s in site_data.SECTIONS if s.key == "regulations")
        with transaction.atomic():
            library = self.upsert_page(
                home,
                RegulationLibraryPage,
                slug=section.slug,
                fields={
                    "title": section.title,
                    "intro": section.intro,
                    "search_description": section.intro,
                },
                tally="sections",
            )
        self.sections["regulations"] = library
        if not import_corpus:
            self.report.regulations = "corpus not imported (--no-regulations)"
            return
        # The import service makes its own transactions (one per file).
        result = import_paths(paths=[CORPUS_DIR], library=library)
        self.report.regulations = f"{result.documents} documents, {result.articles} articles"
        if result.failed:
            self.report.regulations += f", {len(result.failed)} failed"
            self.report.notes.extend(f"  {f.path}: {f.error}" for f in result.failed)
        classified = self.classify_regulations(library)
        self.report.regulations += f", {classified} tier/tag updates"

    def classify_regulations(self, library: Page) -> int:
        """Give the demo regulations their tier (高压线/警戒线/斑马线) and tags. Idempotent: a
        page gets a new revision only when its tier or tags differ."""
        from portal.demo.regulation_tiers import classify
        from regulations.models import RegulationPage

        changed = 0
        pages = RegulationPage.objects.child_of(library).prefetch_related("tagged_items__tag")
        for page in pages:
            wanted = classify(page.title)
            if wanted is None:
                continue
            tier, tags = wanted
            current_tags = {item.tag.name for item in page.tagged_items.all()}
            if page.tier == tier and current_tags == set(tags):
                continue
            with transaction.atomic():
                page.tier = tier
                page.tags.set(list(tags))
                page.save_revision().publish()
            changed += 1
        return changed


def attach_to_organisation(users: list[tuple[Any, DemoUser]]) -> None:
    """Attach the demo users to their departments (DemoUser.department): departments, posts,
    duties, risks and procedures (portal/demo/organisation.py), staff profiles, one post per
    staff member, the department head, and the current month's check-in. Idempotent."""
    from portal.demo import organisation

    organisation.attach(users)


def anchor_date(home: Page) -> dt.date:
    """The day the demo was first loaded: the home page's first publication."""
    if home.first_published_at:
        return timezone.localtime(home.first_published_at).date()
    return timezone.localdate()


def build_demo(
    *,
    staff: int = site_data.DEFAULT_STAFF,
    regulations: bool = True,
    stdout: Any = None,
    today: dt.date | None = None,
) -> DemoReport:
    """Build or update the demo site. Safe to run any number of times.

    Content dates are relative to ``today``; by default that is the day the home page was
    first published (the first load), so a re-run on a later day still changes nothing.
    """

    def log(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    if staff < 0:
        raise ValueError("staff must be zero or more")
    builder = DemoBuilder(staff=staff, today=today or timezone.localdate(), log=log)
    with transaction.atomic():
        log("Users and groups ...")
        builder.ensure_users()
        log("Images ...")
        builder.ensure_images()
        log("Home page and sections ...")
        home = builder.ensure_home()
        if today is None:
            builder.today = anchor_date(home)
        builder.ensure_sections(home)
        log("Articles ...")
        builder.ensure_articles()
        log("Reading room, culture hall ...")
        builder.ensure_books()
        builder.ensure_culture()
    log("Regulations library ..." if not regulations else "Regulations library (importing) ...")
    builder.ensure_regulations(home, import_corpus=regulations)
    if regulations:
        from portal.demo import organisation

        with transaction.atomic():
            organisation.link_risks_to_regulations()
    with transaction.atomic():
        # After the regulations: case studies link to the articles they cite.
        log("Case studies ...")
        builder.ensure_cases()
        home.refresh_from_db()
        builder.update_home(home)
        site = Site.objects.get(root_page=home, is_default_site=True)
        builder.update_settings(site)
    with transaction.atomic():
        # After the organisation: ratings are for its departments.
        from portal.demo import feedback

        log("Feedback pages, contest entries and ratings ...")
        feedback.build_feedback(builder, home)
    with transaction.atomic():
        # The online school: courses with lessons and quizzes, a question bank, course
        # assignments and the demo staff's learning history.
        from portal.demo.school import ensure_courses
        from portal.demo.school_history import build_school_history

        log("Online school ...")
        ensure_courses(log=log)
        build_school_history(today=builder.today, report=builder.report, log=log)
    with transaction.atomic():
        # Last: signals for demo staff, their levels and measures, and a published bulletin
        # that the home page's bulletin slot points at.
        from portal.demo.warnings import build_warnings

        log("Early warning: signals, levels, measures, bulletin ...")
        from portal.models import HomePage

        build_warnings(home=HomePage.objects.get(pk=home.pk), today=builder.today)
    return builder.report
