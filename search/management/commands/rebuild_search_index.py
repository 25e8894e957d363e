"""Rebuild the search index from every live page that an app registered (see search.registry)."""

import time

from django.core.management.base import BaseCommand

from search import indexing
from search.backends import elasticsearch_enabled


class ProgressBar:
    def __init__(self, stream, *, width: int = 30, enabled: bool = True):
        self.stream, self.width, self.enabled = stream, width, enabled
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = int(self.width * done / total)
        percent = int(100 * done / total)
        if percent == self.last and done != total:
            return
        self.last = percent
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {done}/{total} pages", ending="")
        self.stream.flush()
        if done == total:
            self.stream.write("")


class Command(BaseCommand):
    help = "Rebuild the site search index (and Elasticsearch's, when it is configured)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        show = verbosity > 0 and not options["no_progress"]
        started = time.perf_counter()
        progress = ProgressBar(self.stdout, enabled=show)
        result = indexing.rebuild(progress=progress)
        seconds = time.perf_counter() - started
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {result['documents']} documents from {result['pages']} pages "
                    f"in {seconds:.1f} s."
                )
            )
        if elasticsearch_enabled():
            from search.backends.elasticsearch import rebuild_index

            try:
                count = rebuild_index(progress=ProgressBar(self.stdout, enabled=show))
            except Exception as exc:
                self.stderr.write(f"Elasticsearch was not updated: {type(exc).__name__}: {exc}")
                raise SystemExit(1) from exc
            if verbosity:
                self.stdout.write(self.style.SUCCESS(f"Elasticsearch: {count} documents."))
