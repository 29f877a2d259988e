"""
manage.py send_digests --frequency daily|weekly|immediately: queue the digests that are due
for the worker (run it from cron: daily digests once a day or more, weekly ones once a day
too, the immediate ones every few minutes besides each approval). --now sends them here.
"""

from django.core.management.base import BaseCommand

from following.choices import Frequency
from following.digests import send_digests
from following.tasks import send_digests_task


class Command(BaseCommand):
    help = "Queue (or, with --now, send) the digests of what people follow that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY],
            default=Frequency.DAILY,
        )
        parser.add_argument("--now", action="store_true", help="Send here, not by the worker.")

    def handle(self, *args, frequency, now, **options):
        if now:
            run = send_digests(frequency)
            self.stdout.write(
                f"{run.sent} digest(s) sent, {run.empty} with nothing new, {run.failed} failed."
            )
        else:
            send_digests_task.enqueue(frequency)
            self.stdout.write(f"The {frequency} digests are queued for the worker.")
