"""
Parse throughput on the seed resolutions: `python -m bench.parse [--rounds N] [--corpus]`.

`--corpus` parses the 300 real resolutions of tests/parsing/corpus/ instead (every organ and
era, clean and PDF text layers), and counts the texts the parser rejects.

Pure Python, no Django. The lexicon is compiled once before timing, as in the app, where a
lexicon serves many imports.
"""

import argparse
import statistics
import time
from pathlib import Path

from commitments.parsing import ParseError, load_default_lexicon, parse_resolution

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "resolutions"
CORPUS_DIR = ROOT / "tests" / "parsing" / "corpus" / "texts"


def measure(texts: list[str], rounds: int) -> tuple[list[float], int]:
    """Seconds per parse over `rounds` passes, and the paragraphs read in one pass."""
    lexicon = load_default_lexicon()
    paragraphs = sum(_paragraphs(_parse(text, lexicon)) for text in texts)
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            _parse(text, lexicon)
            timings.append(time.perf_counter() - start)
    return timings, paragraphs


def _parse(text, lexicon):
    try:
        return parse_resolution(text, lexicon)
    except ParseError:
        return None


def _paragraphs(parsed) -> int:
    return len(parsed.preambular) + len(parsed.operative) if parsed else 0


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=None, help="passes (30 seeds, 1 corpus)")
    options.add_argument("--corpus", action="store_true", help="the 300 corpus texts")
    arguments = options.parse_args(argv)
    rounds = arguments.rounds or (1 if arguments.corpus else 30)
    paths = sorted((CORPUS_DIR if arguments.corpus else SEED_DIR).glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    lexicon = load_default_lexicon()
    rejected = sum(1 for text in texts if _parse(text, lexicon) is None)
    timings, paragraphs = measure(texts, rounds)
    milliseconds = sorted(seconds * 1000 for seconds in timings)
    p95 = milliseconds[min(len(milliseconds) - 1, round(0.95 * (len(milliseconds) - 1)))]
    per_pass = sum(timings) / rounds
    kind = "corpus" if arguments.corpus else "seed"
    print(f"{len(texts)} {kind} resolutions, {rounds} rounds, {len(timings)} parses")
    print(f"texts the parser rejects: {rejected}")
    mean = 1000 * sum(timings) / len(timings)
    median = statistics.median(milliseconds)
    print(f"ms per resolution: mean {mean:.2f}, median {median:.2f}, p95 {p95:.2f}")
    print(f"paragraphs per second: {paragraphs / per_pass:,.0f}")


if __name__ == "__main__":
    main()
