import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.deadlines.reminders import DEFAULT_WINDOW_DAYS, send_deadline_reminders


class Command(BaseCommand):
    help = (
        "E-mail subscribed users the reporting requests falling due within --days days that "
        "they were not reminded of yet. Meant to run once a day (cron or any scheduler); "
        "running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_WINDOW_DAYS,
            help=f"Remind of requests due within this many days (default {DEFAULT_WINDOW_DAYS}).",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="The day to count from, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, days, today, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if isinstance(today, str):  # call_command(today="2012-08-01") skips the type
            today = _date(today)
        today = today or timezone.localdate()
        run = send_deadline_reminders(today, days, dry_run=dry_run)
        if dry_run:
            for user, requests in run.planned:
                self.stdout.write(f"{user.email}: {len(requests)} request(s)")
                for request in requests:
                    self.stdout.write(f"  {request.due_date:%Y-%m-%d} {request}")
            planned = len(run.planned)
            self.stdout.write(f"Would remind {planned} user(s) of {run.requests} request(s).")
            return
        self.stdout.write(
            f"Sent {run.emails} reminder e-mail(s) about {run.requests} request(s)"
            f"{f'; {run.failed} could not be sent' if run.failed else ''}."
        )
        if run.failed:
            raise CommandError(f"{run.failed} reminder e-mail(s) could not be sent.")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD).") from None
