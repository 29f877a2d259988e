"""The one queued task: run a Job by id (the job row holds everything else)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is not None:
        job.run()
