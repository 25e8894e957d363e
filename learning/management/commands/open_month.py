"""``python manage.py open_month [YYYY-MM]``: open the monthly check-in for every active staff
member (default: the current month). Idempotent; safe to run from cron."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.months import InvalidMonth, month_label, parse_month
from learning.services import open_month


class Command(BaseCommand):
    help = "Open the monthly six-task check-in (YYYY-MM, default this month) for all staff."

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="YYYY-MM, e.g. 2026-03")

    def handle(self, *args, month=None, **options):
        try:
            value = parse_month(month) if month else timezone.localdate().replace(day=1)
        except InvalidMonth as exc:
            raise CommandError(str(exc)) from exc
        result = open_month(month=value)
        self.stdout.write(
            f"{month_label(value)}: {result.created} check-ins created, {result.total} in total, "
            f"deadline {result.month.deadline.isoformat()}"
        )
