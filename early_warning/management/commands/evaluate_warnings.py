"""``manage.py evaluate_warnings YYYY-MM``: compute the month's warning levels. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.months import InvalidMonth, month_label, month_of, month_range, parse_month
from early_warning import services


class Command(BaseCommand):
    help = (
        "Compute the warning levels of every staff member and department for a month (default: "
        "the current month), send the automatic reminders and flag overdue rectifications. "
        "Idempotent: safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="YYYY-MM (default: this month)")
        parser.add_argument("--to", help="evaluate every month from MONTH to this one (YYYY-MM)")
        parser.add_argument(
            "--no-deliver",
            action="store_true",
            help="do not first pull facts still pending in the check-in and feedback apps",
        )
        parser.add_argument(
            "--no-reminders", action="store_true", help="do not send automatic reminders"
        )

    def handle(self, *args, **options):
        try:
            first = parse_month(options["month"]) if options["month"] else None
            last = parse_month(options["to"]) if options["to"] else None
        except InvalidMonth as exc:
            raise CommandError(str(exc)) from exc
        first = first or month_of(timezone.localdate())
        last = last or first
        if last < first:
            raise CommandError("--to must not be before the month")
        if not options["no_deliver"]:
            delivered = services.deliver_pending_facts()
            if delivered:
                self.stdout.write(f"delivered {delivered} pending facts")
        for month in month_range(first, last):
            result = services.evaluate_month(
                month=month, send_reminders=not options["no_reminders"]
            )
            staff = " ".join(f"{lv}:{n}" for lv, n in sorted(result.staff.items())) or "-"
            departments = (
                " ".join(f"{lv}:{n}" for lv, n in sorted(result.departments.items())) or "-"
            )
            self.stdout.write(
                f"{month_label(month)}: staff levels {staff}; department levels {departments}; "
                f"{result.created} created, {result.updated} updated, {result.deleted} cleared; "
                f"{result.reminders} reminders sent"
            )
        flagged = services.flag_overdue()
        self.stdout.write(f"{flagged} rectification orders newly flagged overdue")
