"""
Long work done off the request path: building a large PDF report, importing many resolutions.

A Job is what the user sees (status, progress, the file or the reason it failed); the task
queue (django-tasks with its database backend, run by `manage.py db_worker`) only carries the
job's id, so a job's state never depends on the queue's own storage.
"""

import logging
import traceback

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from .choices import JobKind, JobStatus

logger = logging.getLogger(__name__)


class JobFailed(Exception):
    """A failure whose message is meant for the user (bad input, missing subject)."""


class JobQuerySet(models.QuerySet):
    def restrict(self, user):
        """A user's own jobs; all jobs for superusers; none for anonymous visitors."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(created_by=user)


class Job(models.Model):
    kind = models.CharField(max_length=32, choices=JobKind)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus, default=JobStatus.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True, help_text="Why the job failed, in words for the user.")
    result = models.FileField(upload_to="jobs/%Y/%m/", max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["created_by", "-created"])]

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

    def enqueue(self):
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.enqueue(self.pk))

    def retry(self):
        """Queue a failed job again from the start; its earlier error is kept in the log."""
        updated = Job.objects.filter(pk=self.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, progress=0, message="", error="", finished=None
        )
        if updated:
            self.refresh_from_db()
            self.enqueue()
        return bool(updated)

    def report(self, progress, total=None, message=""):
        """Record progress; called by handlers as they go (one UPDATE, no full save)."""
        self.progress = progress
        self.total = total or self.total
        self.message = message[:500]
        Job.objects.filter(pk=self.pk).update(
            progress=self.progress, total=self.total, message=self.message
        )

    def run(self):
        """Run the handler for this job's kind, recording the outcome; never raises."""
        from .handlers import HANDLERS

        claimed = Job.objects.filter(pk=self.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started=timezone.now(), attempts=models.F("attempts") + 1
        )
        if not claimed:
            return  # already run by another worker, or no longer wanted
        self.refresh_from_db()
        try:
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
            if content is not None:
                self.result.save(name, ContentFile(content), save=False)
                self.result_name = name
            self.status = JobStatus.SUCCEEDED
            self.progress = self.total
            self.message = message[:500]
            self.finished = timezone.now()
            self.save()

    def _fail(self, reason):
        Job.objects.filter(pk=self.pk).update(
            status=JobStatus.FAILED, error=reason, finished=timezone.now()
        )
        self.refresh_from_db()
