"""``python manage.py deliver_warning_facts [--redeliver]``: hand check-in facts to early
warning (see learning/warnings.py)."""

from django.core.management.base import BaseCommand

from learning.warnings import deliver_pending, get_handler


class Command(BaseCommand):
    help = "Deliver pending check-in warning facts to the early-warning entry point."

    def add_arguments(self, parser):
        parser.add_argument("--redeliver", action="store_true", help="replay every fact")

    def handle(self, *args, redeliver=False, **options):
        if get_handler() is None:
            self.stdout.write("No early-warning handler available; facts stay pending.")
            return
        self.stdout.write(f"{deliver_pending(redeliver=redeliver)} facts delivered")
