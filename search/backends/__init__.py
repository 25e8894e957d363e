"""Backend selection: SEARCH_BACKEND=database (default) or elasticsearch (+ ELASTICSEARCH_URL)."""

from __future__ import annotations

from django.conf import settings


def elasticsearch_enabled() -> bool:
    return getattr(settings, "SEARCH_BACKEND", "database") == "elasticsearch" and bool(
        getattr(settings, "ELASTICSEARCH_URL", "")
    )


def get_backend():
    from search.backends.database import DatabaseBackend

    if elasticsearch_enabled():
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=settings.ELASTICSEARCH_URL, fallback=DatabaseBackend())
    return DatabaseBackend()
