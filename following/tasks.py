"""The worker's task: send the digests of one frequency that are due (`digests.py`)."""

from django_tasks import task


@task()
def send_digests_task(frequency: str) -> dict:
    from .digests import send_digests

    run = send_digests(frequency)
    return {"sent": run.sent, "empty": run.empty, "failed": run.failed}
