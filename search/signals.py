"""Keep the index in sync: publish, unpublish, save, move and delete of indexed pages.

Signal handlers only queue page ids; the work runs once per transaction, after commit (so a
regulation's articles, written after its page in the same transaction, are indexed too).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import registry

logger = logging.getLogger(__name__)
_state = threading.local()


def _pending() -> set[int]:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


def _flush() -> None:
    from search import indexing

    page_ids = set(_pending())
    _pending().clear()
    if not page_ids:
        return
    try:
        indexing.index_pages(page_ids=page_ids)
    except Exception:
        logger.exception("Search index update failed for pages %s", sorted(page_ids))


def queue(page_ids) -> None:
    # Always ask for a flush: ids left over from a rolled-back transaction must not stop this
    # transaction's pages from being indexed (the extra callbacks find nothing to do).
    _pending().update(page_ids)
    transaction.on_commit(_flush)


def _is_indexed(instance) -> bool:
    return isinstance(instance, registry.indexed_models())


def _with_dependents(instance) -> list[int]:
    """The page and the pages whose documents its source says depend on it."""
    ids = [instance.pk]
    source = registry.source_for_page(instance)
    if source is not None:
        ids.extend(source.dependent_page_ids(instance))
    return ids


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    queue(_with_dependents(instance))


@receiver(post_save)
def _page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not _is_indexed(instance):
        return
    queue(_with_dependents(instance))


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    # URLs of the page and of everything below it changed.
    from search.models import SearchEntry

    ids = set(
        SearchEntry.objects.filter(page__path__startswith=instance.path).values_list(
            "page_id", flat=True
        )
    )
    ids.add(instance.pk)
    queue(ids)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    # Entries go with the page (foreign key, cascade); Elasticsearch needs telling.
    if isinstance(instance, Page) and type(instance) is Page:
        from search.backends import elasticsearch_enabled

        if elasticsearch_enabled():
            queue([instance.pk])


def _synonyms_changed(sender, **kwargs):
    from django.core.cache import cache

    from search.query import SYNONYMS_CACHE_KEY

    cache.delete(SYNONYMS_CACHE_KEY)


def connect_synonym_signals():
    from search.models import SynonymGroup

    post_save.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_save")
    post_delete.connect(
        _synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_delete"
    )
