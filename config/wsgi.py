"""WSGI entry point, used by gunicorn in production and by `manage.py runserver`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.uploads import sweep_upload_temp_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Upload files a killed process left behind go as each web process starts (config/uploads.py).
sweep_upload_temp_dir()

# Load every view now, then move all that start-up made (some 120,000 objects that live as long
# as the process) out of the garbage collector's sight: a full collection walked them all, a
# tenth of a second added to one request in every few dozen (bench.pages: the API list's p99
# 206 ms to 120 ms), and forked workers keep sharing those pages with their parent.
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views)
gc.freeze()
