from django.core.management.base import BaseCommand

from commitments.lexicon import seed_lexicon
from commitments.parsing import load_default_lexicon, load_sdg_targets


class Command(BaseCommand):
    help = (
        "Add the bundled lexicon's verbs, phrases, actors and topics that the database lacks. "
        "Entries curators edited in the admin are left as they are."
    )

    def handle(self, *args, **options):
        seed_lexicon(load_default_lexicon(), load_sdg_targets())
        self.stdout.write("The lexicon tables hold every bundled entry.")
