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

# Load every view now, then move all that start-up made (objects that live as long as the
# process) out of the garbage collector's sight: otherwise every full collection walks them all
# again, inside whichever request it happens to fall in, and it is that request's latency that
# pays (bench.pages shows it in the p99). Forked workers also keep sharing those pages with
# their parent, as nothing writes to them.
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views)
gc.freeze()
