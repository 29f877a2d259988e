"""
Bulk-import throughput through the real path: `python -m bench.imports [--rounds N]`.

Each seed resolution is imported again, with a line added so that it is new text, through
`import_resolution` (parse, store, topics, deadlines, lineage links against everything already
in the database): a resolution already stored comes in as its next version, one without a
symbol as a new resolution. All in a transaction rolled back at the end, so the database is
left as it was. Run it on the
data of `generate_scale_data` to see the cost of linking against a large corpus.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

import django

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "resolutions"


class Rollback(Exception):
    pass


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=4, help="passes over the seeds")
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection, transaction

    from commitments.ingest import import_resolution
    from commitments.lexicon import lexicon_from_db
    from commitments.models import Commitment

    lexicon = lexicon_from_db()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))]
    timings, outcomes = [], []
    try:
        with transaction.atomic():
            for number in range(args.rounds):
                for text in texts:
                    text = f"Benchmark import {number}/{len(timings)}\n{text}"
                    began = time.perf_counter()
                    outcome = import_resolution(text, lexicon=lexicon)
                    timings.append(time.perf_counter() - began)
                    outcomes.append(outcome.summary)
            raise Rollback
    except Rollback:
        pass
    total = sum(timings)
    print(
        f"{connection.vendor}, {Commitment.objects.count():,} commitments already stored; "
        f"{len(timings)} imports"
    )
    print("; ".join(sorted(set(outcomes))) if len(set(outcomes)) < 12 else "")
    print(
        f"{len(timings) / total:.2f} resolutions per second; per import median "
        f"{statistics.median(timings) * 1000:.0f} ms, slowest {max(timings) * 1000:.0f} ms"
    )
    return {"per_second": len(timings) / total, "timings": timings, "outcomes": outcomes}


if __name__ == "__main__":
    main()
