from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from commitments.demo import SEED_DIR, correct_seed_resolutions
from commitments.ingest import import_resolution
from commitments.lexicon import lexicon_from_db
from commitments.versions import held_resolution, import_version
from states.demo import DEMO_PASSWORD, load_demo_progress


class Command(BaseCommand):
    help = (
        "Load the seed resolutions, demo accounts and demo progress entries "
        "(idempotent; for trying the app out)."
    )

    def handle(self, *args, **options):
        lexicon = lexicon_from_db()
        for path in sorted(SEED_DIR.glob("*.txt")):
            outcome = import_resolution(path.read_text(encoding="utf-8"), lexicon=lexicon)
            self.stdout.write(f"{path.name}: {outcome.summary}")
        # A seed in French and in Arabic, shown beside the English in those languages.
        for path in sorted((SEED_DIR / "versions").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            language = path.suffixes[-2].lstrip(".")  # 000_….fr.txt
            outcome = import_version(held_resolution(text), language, text)
            self.stdout.write(f"{path.name}: {outcome.version.get_status_display()}")
        admin = self._demo_admin()
        # Two seeds are drafts as printed; the demo corrects them as a coordinator would.
        for line in correct_seed_resolutions(admin):
            self.stdout.write(line)
        # Progress is recorded against the commitments just imported.
        for line in load_demo_progress().lines:
            self.stdout.write(line)

    def _demo_admin(self):
        users = get_user_model().objects
        if not users.filter(username="admin").exists():
            users.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
            self.stdout.write(f"Created the demo administrator: admin / {DEMO_PASSWORD}")
        return users.get(username="admin")
