"""``python manage.py send_reminders``: daily from cron. Reminds staff with open tasks as the
deadline approaches (staff area and email), records overdue tasks and overdue required courses
for early warning."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from learning.services import send_reminders


class Command(BaseCommand):
    help = "Send check-in reminders and record overdue tasks (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD (for testing)")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Invalid date {date!r}: use YYYY-MM-DD.") from None
        result = send_reminders(today=today)
        self.stdout.write(
            f"{result.notified} reminders, {result.emailed} emails, "
            f"{result.overdue_facts} overdue tasks recorded, "
            f"{result.course_overdue_facts} overdue required courses recorded, "
            f"{result.delivered} facts delivered"
        )
