"""``python manage.py import_regulations PATH [PATH ...] [--dry-run] [--json]`` (CONTRACT.md)."""

import json

from django.core.management.base import BaseCommand

from regulations.services import import_paths


class Command(BaseCommand):
    help = (
        "Import regulation texts (Markdown in the corpus format) from files or folders "
        "(recursively, *.md). Idempotent; a bad file is reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object as the last output"
        )

    def handle(self, *args, **options):
        report = import_paths(paths=options["paths"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for failure in report.failed:
                self.stderr.write(f"FAILED {failure.path}: {failure.error}")
            if options["verbosity"] >= 2:
                for doc in report.imported:
                    self.stdout.write(f"{doc.action:9} {doc.articles:4} {doc.path}")
            prefix = "[dry run] " if report.dry_run else ""
            self.stdout.write(
                f"{prefix}{report.documents} documents ({report.created} new, "
                f"{report.updated} updated, {report.unchanged} unchanged), "
                f"{report.articles} articles, {len(report.failed)} failed "
                f"in {report.seconds:.2f} s"
            )
        if report.failed:
            raise SystemExit(1)
