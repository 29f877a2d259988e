"""
The demo's corrections of two seed texts (data/resolutions/), made as a coordinator makes
them (`Resolution.correct`, the import preview's and the admin's path), so the demo shows a
draft text put right, with its history:

- 003: the unedited text ("44/…") of what the Human Rights Council adopted without a vote
  on 16 July 2020 as A/HRC/RES/44/4;
- 004: a text without its symbol: Economic and Social Council resolution 2006/27, adopted on
  27 July 2006.

Running it again changes nothing: a seed already corrected is left alone.
"""

import datetime
from pathlib import Path

from django.conf import settings

from .ingest import find_imported

SEED_DIR = Path(settings.BASE_DIR) / "data" / "resolutions"

CORRECTIONS = {
    "003_589e4493db1a0a20.txt": {
        "symbol": "A/HRC/RES/44/4",
        "session": "Forty-fourth session",
        "adopted_on": datetime.date(2020, 7, 16),
        "vote_note": "without a vote",
    },
    "004_19dacbe51c6a67fc.txt": {
        "symbol": "E/RES/2006/27",
        "adopted_on": datetime.date(2006, 7, 27),
    },
}
NOTE = "Adopted text checked against the official record"


def correct_seed_resolutions(user=None) -> list[str]:
    """Correct the seed drafts (once); a line for each resolution corrected."""
    lines = []
    for name, changes in CORRECTIONS.items():
        resolution = find_imported((SEED_DIR / name).read_text(encoding="utf-8"))
        if resolution is None or resolution.is_adopted:
            continue
        was = resolution.display_symbol
        resolution.correct(user=user, note=NOTE, **changes)
        lines.append(f"{name}: {was} corrected to {resolution.display_symbol}, adopted")
    return lines
