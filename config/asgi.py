"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from config.uploads import sweep_upload_temp_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

# Upload files a killed process left behind go as each web process starts (config/uploads.py).
sweep_upload_temp_dir()
