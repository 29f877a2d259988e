"""
Parse throughput on the seed resolutions: `python -m bench.parse [--rounds N]`.

Pure Python, no Django. The lexicon is compiled once before timing, as in the app, where a
lexicon serves many imports.
"""

import argparse
import statistics
import time
from pathlib import Path

from commitments.parsing import load_default_lexicon, parse_resolution

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "resolutions"


def measure(texts: list[str], rounds: int) -> tuple[list[float], int]:
    """Seconds per parse over `rounds` passes, and the paragraphs read in one pass."""
    lexicon = load_default_lexicon()
    paragraphs = sum(_paragraphs(parse_resolution(text, lexicon)) for text in texts)
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            parse_resolution(text, lexicon)
            timings.append(time.perf_counter() - start)
    return timings, paragraphs


def _paragraphs(parsed) -> int:
    return len(parsed.preambular) + len(parsed.operative)


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=30, help="passes over the seeds")
    rounds = options.parse_args(argv).rounds
    paths = sorted(SEED_DIR.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    timings, paragraphs = measure(texts, rounds)
    milliseconds = sorted(seconds * 1000 for seconds in timings)
    p95 = milliseconds[min(len(milliseconds) - 1, round(0.95 * (len(milliseconds) - 1)))]
    per_pass = sum(timings) / rounds
    print(f"{len(texts)} seed resolutions, {rounds} rounds, {len(timings)} parses")
    print(f"ms per resolution: median {statistics.median(milliseconds):.2f}, p95 {p95:.2f}")
    print(f"paragraphs per second: {paragraphs / per_pass:,.0f}")


if __name__ == "__main__":
    main()
