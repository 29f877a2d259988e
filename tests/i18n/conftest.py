import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The .mo files, compiled from the catalogs when a .po is newer (as make does)."""
    for po in sorted(settings.LOCALE_PATHS[0].glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command("compilemessages", locale=[po.parent.parent.name], verbosity=0)
