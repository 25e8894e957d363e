from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = "E-mail reminders for reports that are overdue or due soon (safe to run from cron)."

    def handle(self, *args, **options):
        sent = services.send_report_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent")
