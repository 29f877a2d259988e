"""
Bulk-import throughput through the real path: `python -m bench.imports [--rounds N]
[--mode batch|single|both] [--versions]`.

Each seed resolution is imported `--rounds` times, a new resolution each time (a symbol line
added on top: A/RES/99/9001, ...; with `--versions`, a line of text instead, so that a seed
already stored comes in as its next version, as this benchmark did at first), in two ways:

- batch: `import_batch`, what the batch-import job runs: each text parsed and stored, then the
  lineage of all of them linked once at the end. Resolutions per second over the whole batch.
- single: `import_resolution` one text at a time, each linked at once, as the import page and
  the `import_resolution` command do. Resolutions per second, and the time of one import.

Each way runs in a transaction rolled back at the end, so the database is left as it was,
and must leave the same links as the other: linking a batch at its end is only an
optimization. Run it on the data of `generate_scale_data` to see the cost of linking
against a large corpus.
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


def bench_texts(rounds: int, versions: bool = False) -> list[tuple[str, str]]:
    """(name, text) for every import: every seed, `rounds` times, each text new."""
    seeds = [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(SEED_DIR.glob("*.txt"))
    ]
    texts = []
    for number in range(rounds):
        for name, text in seeds:
            count = len(texts) + 1
            heading = (
                f"Benchmark import {number}/{count}"
                if versions
                else f"United Nations A/RES/99/{9000 + count}"
            )
            texts.append((f"{count:03}-{name}", f"{heading}\n\n{text}"))
    return texts


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=4, help="passes over the seeds")
    options.add_argument("--mode", choices=["batch", "single", "both"], default="both")
    options.add_argument(
        "--versions", action="store_true", help="import new versions of the stored seeds"
    )
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from commitments.lexicon import lexicon_from_db
    from commitments.models import Commitment

    lexicon = lexicon_from_db()
    texts = bench_texts(args.rounds, versions=args.versions)
    # Whichever way runs first would pay for importing scikit-learn (about a second), once
    # for the life of a process.
    import sklearn.feature_extraction.text  # noqa: F401

    print(
        f"{connection.vendor}, {Commitment.objects.count():,} commitments already stored; "
        f"{len(texts)} imports a way"
    )
    runs = {}
    for mode in ("batch", "single"):
        if args.mode in (mode, "both"):
            _forget_wordings()
            runs[mode] = (_batch if mode == "batch" else _single)(texts, lexicon)
            print(runs[mode]["line"])
    if len(runs) == 2:
        same = runs["batch"]["links"] == runs["single"]["links"]
        print(
            f"both ways left the same {len(runs['batch']['links']):,} links"
            if same
            else "THE TWO WAYS LEFT DIFFERENT LINKS"
        )
    return runs


def _batch(texts, lexicon) -> dict:
    from commitments.ingest import import_batch

    steps = []

    def report(done, total, message):
        steps.append(time.perf_counter())

    def run():
        began = time.perf_counter()
        batch = import_batch(texts, lexicon=lexicon, report=report)
        ended = time.perf_counter()
        return batch, began, ended

    (batch, began, ended), links = _rolled_back(run)
    stored = steps[-1] - began  # the last step reported is the linking
    total = ended - began
    per_second = len(texts) / total
    line = (
        f"batch:  {per_second:.2f} resolutions per second ({len(texts)} in {total:.1f} s: "
        f"storing {stored:.1f} s, linking {total - stored:.1f} s; {batch.links.summary})"
    )
    return {
        "per_second": per_second,
        "seconds": total,
        "linking": total - stored,
        "outcomes": [result.summary for _, result in batch.imported],
        "links": links,
        "line": line,
    }


def _single(texts, lexicon) -> dict:
    from commitments.ingest import import_resolution

    def run():
        timings, outcomes = [], []
        for _, text in texts:
            began = time.perf_counter()
            outcome = import_resolution(text, lexicon=lexicon)
            timings.append(time.perf_counter() - began)
            outcomes.append(outcome.summary)
        return timings, outcomes

    (timings, outcomes), links = _rolled_back(run)
    per_second = len(timings) / sum(timings)
    line = (
        f"single: {per_second:.2f} resolutions per second; per import median "
        f"{statistics.median(timings) * 1000:.0f} ms, slowest {max(timings) * 1000:.0f} ms"
    )
    return {
        "per_second": per_second,
        "timings": timings,
        "outcomes": outcomes,
        "links": links,
        "line": line,
    }


def _forget_wordings():
    """Start each way as a fresh process would, without the linker's memo of word diffs."""
    from commitments.lineage import linking as lineage

    lineage._changed_words.cache_clear()
    lineage._hedges.cache_clear()


def _rolled_back(work):
    """`work()`'s result and the links it left, the transaction rolled back."""
    from django.db import transaction

    try:
        with transaction.atomic():
            result = work()
            links = _links()
            raise Rollback
    except Rollback:
        pass
    return result, links


def _links() -> dict:
    """Every link, by its two commitments' resolution symbol and label: (score, kind, status)."""
    from commitments.models import CommitmentLink

    rows = CommitmentLink.objects.values_list(
        "earlier__resolution__symbol",
        "earlier__resolution__title",
        "earlier__paragraph__number",
        "earlier__paragraph__sub",
        "later__resolution__symbol",
        "later__resolution__title",
        "later__paragraph__number",
        "later__paragraph__sub",
        "score",
        "kind",
        "status",
    )
    return {tuple(row[:8]): tuple(row[8:]) for row in rows}


if __name__ == "__main__":
    main()
