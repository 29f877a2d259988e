"""
Settings of the processes a load or fault run starts (gunicorn, db_worker, the runner):
production's own (config.settings, read from the environment as always), plus the background
jobs' heartbeat timing read from the environment, so the fault run can notice a killed worker
in seconds instead of the default two minutes.
"""

import os

from config.settings import *  # noqa: F403

JOBS_HEARTBEAT_SECONDS = float(os.getenv("JOBS_HEARTBEAT_SECONDS", "10"))
JOBS_STALLED_AFTER_SECONDS = float(os.getenv("JOBS_STALLED_AFTER_SECONDS", "120"))
