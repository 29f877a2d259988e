"""
Long work done off the request path: building a large PDF report, importing many resolutions.

A Job is what the user sees (status, progress, the file or the reason it failed); the task
queue (django-tasks with its database backend, run by `manage.py db_worker`) only carries the
job's id, so a job's state never depends on the queue's own storage.

A worker can die in the middle of a job (SIGKILL, the out-of-memory killer, a machine lost)
and nothing then tells the queue or the job. So a running job beats: its worker stamps
`heartbeat` every JOBS_HEARTBEAT_SECONDS (10) from a thread of its own, and a running job
whose heartbeat is older than JOBS_STALLED_AFTER_SECONDS (120) is taken as interrupted:
marked failed, with a reason and the usual *Try again*, whenever jobs are shown and before a
worker runs one. Only the attempt that claimed the job may record its outcome, so a worker
that was merely slow cannot overwrite a job already failed or started again. Handlers keep
their writes in transactions (one per imported resolution), so an interrupted job leaves
whole rows or none, and running it again completes it.
"""

import logging
import threading
import traceback
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import JobKind, JobStatus

logger = logging.getLogger(__name__)


class JobFailed(Exception):
    """A failure whose message is meant for the user (bad input, missing subject)."""


INTERRUPTED = (
    "The job was interrupted: the worker running it stopped (it was restarted or it "
    "crashed). What it had finished is kept, nothing half-done is. Try again."
)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10))


def stalled_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "JOBS_STALLED_AFTER_SECONDS", 120)))


class JobQuerySet(models.QuerySet):
    def restrict(self, user):
        """
        A user's own jobs; all jobs for superusers; none for anonymous visitors, who follow a
        public report's job through the report's own page (`ReportJobView`), never by its id.
        """
        if user is None or not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(created_by=user)

    def of_report_build(self, key: str):
        """The job making one build of a report: the live or finished one, else the last."""
        return (
            self.filter(report_key=key)
            .order_by(models.Case(models.When(status=JobStatus.FAILED, then=1), default=0), "-pk")
            .first()
        )

    def stalled(self, now=None):
        """Running jobs whose worker has not shown a sign of life for too long."""
        cutoff = (now or timezone.now()) - stalled_after()
        silent = models.Q(heartbeat__lt=cutoff) | models.Q(heartbeat=None, started__lt=cutoff)
        return self.filter(silent, status=JobStatus.RUNNING)

    def fail_stalled(self, now=None):
        """
        Mark stalled jobs failed, so they can be tried again. One UPDATE that re-checks the
        heartbeat row by row, so a job whose worker beat meanwhile is left alone.
        """
        now = now or timezone.now()
        failed = self.stalled(now).update(
            status=JobStatus.FAILED, error=INTERRUPTED, finished=now, message=""
        )
        if failed:
            logger.warning("Marked %d stalled job(s) as interrupted", failed)
        return failed


class Job(models.Model):
    kind = models.CharField(max_length=32, choices=JobKind)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus, default=JobStatus.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True, help_text=_("Why the job failed, in words for the user."))
    result = models.FileField(upload_to="jobs/%Y/%m/", max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text=_("Empty for a public report, prepared for visitors and shared by them."),
    )
    report_key = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "The build of a PDF report this job makes (reports/delivery.py): one job a "
            "build, shared by whoever asks for it."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(
        null=True, blank=True, help_text=_("The last sign of life from the worker running the job.")
    )
    finished = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["created_by", "-created"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="job_status_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="job_has_title"),
            # Two requests for the same report at once make one job, whichever web process
            # answers them; a failed one leaves room for the next attempt.
            models.UniqueConstraint(
                fields=["report_key"],
                condition=~Q(report_key="") & ~Q(status=JobStatus.FAILED),
                name="one_live_job_per_report_build",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.progress / self.total)) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @classmethod
    def start(cls, kind, user, title, params):
        """Record the job and queue it once the surrounding transaction commits."""
        job = cls.objects.create(kind=kind, title=title, params=params, created_by=user)
        job.enqueue()
        return job

    @classmethod
    def start_report(cls, wanted, user):
        """
        The job making `wanted`'s build of a report (`reports.delivery.ReportRequest`): the
        one already queued, running or done, else a new one. Requests for the same build
        make one job, also at once in two processes: the second insert meets the unique
        constraint and takes the first's job. A visitors' report built anew leaves its earlier
        builds, which are never served again, to be forgotten with their files.
        """
        job = cls.objects.of_report_build(wanted.key)
        if job is not None and job.status != JobStatus.FAILED:
            return job
        try:
            with transaction.atomic():
                job = cls.objects.create(
                    kind=JobKind.REPORT_PDF,
                    title=f"PDF progress report: {wanted.subject_name}"
                    + (", without commitments lacking progress" if wanted.omit_unassessed else "")
                    + (", drafts included" if wanted.drafts else ""),
                    params=wanted.job_params(),
                    created_by=user if user is not None and user.is_authenticated else None,
                    report_key=wanted.key,
                )
        except IntegrityError:
            return cls.objects.of_report_build(wanted.key)
        job.enqueue()
        if job.created_by is None:
            job.forget_earlier_builds()
        return job

    def forget_earlier_builds(self):
        """Delete the finished public jobs of this job's report but this one, and their files."""
        earlier = (
            Job.objects.filter(
                kind=self.kind,
                created_by=None,
                params__report=self.params["report"],
                params__key=self.params["key"],
                params__language=self.params["language"],
            )
            # The other choice's build (with or without the unassessed, or the drafts) is
            # another report.
            .filter(
                Q(params__unassessed="omit")
                if self.params.get("unassessed") == "omit"
                else ~Q(params__has_key="unassessed")
            )
            .filter(
                Q(params__drafts="1")
                if self.params.get("drafts") == "1"
                else ~Q(params__has_key="drafts")
            )
            .exclude(pk=self.pk)
            .exclude(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        )
        for job in earlier.exclude(result=""):
            job.result.delete(save=False)
        earlier.delete()

    def enqueue(self):
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.enqueue(self.pk))

    def retry(self):
        """
        Queue a failed job again from the start; its earlier error is kept in the log. Not a
        report's whose build another job is making already (the unique constraint says so).
        """
        try:
            with transaction.atomic():
                updated = Job.objects.filter(pk=self.pk, status=JobStatus.FAILED).update(
                    status=JobStatus.QUEUED, progress=0, message="", error="", finished=None
                )
        except IntegrityError:
            return False
        if updated:
            self.refresh_from_db()
            self.enqueue()
        return bool(updated)

    def report(self, progress, total=None, message=""):
        """Record progress; called by handlers as they go (one UPDATE, no full save)."""
        self.progress = progress
        self.total = total or self.total
        self.message = message[:500]
        self._this_attempt().update(
            progress=self.progress,
            total=self.total,
            message=self.message,
            heartbeat=timezone.now(),
        )

    def run(self):
        """Run the handler for this job's kind, recording the outcome; never raises."""
        from .handlers import HANDLERS

        Job.objects.fail_stalled()  # a job its worker died on is seen to, by the next worker
        now = timezone.now()
        claimed = Job.objects.filter(pk=self.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            started=now,
            heartbeat=now,
            attempts=models.F("attempts") + 1,
        )
        if not claimed:
            return  # already run by another worker, or no longer wanted
        self.refresh_from_db()
        try:
            with self._beating():
                outcome = HANDLERS[self.kind](self)
        except JobFailed as failure:
            self._fail(str(failure))
        except Exception as error:  # a bug or an outage: say so, keep the details in the log
            logger.error("Job %s failed:\n%s", self.pk, traceback.format_exc())
            self._fail(
                f"An unexpected error stopped the job ({type(error).__name__}). "
                "Try again; if it fails again, tell an administrator."
            )
        else:
            name, content, message = outcome
            fields = {
                "status": JobStatus.SUCCEEDED,
                "progress": self.total,
                "message": message[:500],
                "finished": timezone.now(),
            }
            if content is not None:
                # bytes, or a File for results too large to hold in memory (exports)
                if not isinstance(content, File):
                    content = ContentFile(content)
                self.result.save(name, content, save=False)
                content.close()
                fields.update(result=self.result.name, result_name=name)
            if not self._this_attempt().update(**fields):
                logger.warning("Job %s finished after it was given up as interrupted", self.pk)
            self.refresh_from_db()

    def _this_attempt(self):
        """The job's row while it is still this worker's to record (running, same attempt)."""
        return Job.objects.filter(pk=self.pk, status=JobStatus.RUNNING, attempts=self.attempts)

    def _fail(self, reason):
        self._this_attempt().update(status=JobStatus.FAILED, error=reason, finished=timezone.now())
        self.refresh_from_db()

    @contextmanager
    def _beating(self):
        """Stamp the heartbeat from a thread (with its own connection) while the body runs."""
        stop = threading.Event()

        def beat():
            try:
                while not stop.wait(heartbeat_seconds()):
                    try:
                        self._this_attempt().update(heartbeat=timezone.now())
                    except Exception:  # a database blip: the next beat tries again
                        logger.warning("Job %s: heartbeat failed", self.pk, exc_info=True)
                        connection.close()
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=beat, name=f"job-{self.pk}-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
