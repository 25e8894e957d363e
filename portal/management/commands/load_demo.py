"""``python manage.py load_demo [--staff N]``: build the demo site (idempotent)."""

import logging
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.demo.builder import DemoError, build_demo
from portal.demo.site import DEFAULT_STAFF, DEMO_ACCOUNTS

MAX_STAFF = 20000
# Loggers that report every page published and every background task: too chatty here.
QUIET_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def _quiet(names=QUIET_LOGGERS, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


def _accounts_help() -> str:
    return "; ".join(f"{name} / {password}" for name, (password, _role) in DEMO_ACCOUNTS.items())


class Command(BaseCommand):
    help = (
        "Build the demo site of the fictional 临江市: columns and articles, case studies, "
        "reading room, culture hall, regulations library, site settings, main menu and demo "
        "accounts. Idempotent: running it again updates the demo in place. "
        f"DEV-ONLY accounts (username / password): {_accounts_help()}. "
        "Never load the demo on a server reachable from the internet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff",
            type=int,
            default=DEFAULT_STAFF,
            help=f"number of staff accounts staff01, staff02, ... (default {DEFAULT_STAFF})",
        )
        parser.add_argument(
            "--no-regulations",
            action="store_true",
            help="create the regulations library page but do not import the corpus",
        )

    def handle(self, *args, staff, no_regulations, **options):
        if not 0 <= staff <= MAX_STAFF:
            raise CommandError(f"--staff must be between 0 and {MAX_STAFF}")
        try:
            with _quiet():
                report = build_demo(staff=staff, regulations=not no_regulations, stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        # Tags and cross-links are saved after their pages: one rebuild gives a clean index.
        self.stdout.write("Search index ...")
        with _quiet():
            call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO())
        self.stdout.write(self.style.SUCCESS("Demo site ready. DEV-ONLY accounts:"))
        for name, (password, role) in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {name:<20} {password:<16} {role}")
