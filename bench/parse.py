"""
Parser speed: milliseconds per resolution on the seed texts (or the 300 corpus texts), and
with --hostile seconds per parse of crafted inputs at the parser's size limits.

    python -m bench.parse                # the five seed resolutions, 30 rounds
    python -m bench.parse --corpus       # the corpus, one round
    python -m bench.parse --hostile      # and the hostile shapes

Pure Python, no Django. The lexicon is compiled once before timing, as in the app, where a
lexicon serves many imports.
"""

import argparse
import statistics
import time
from pathlib import Path

from commitments.parsing import ParseError, load_default_lexicon, parse_resolution
from commitments.parsing.parser import MAX_CHARACTERS, MAX_LINES

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "resolutions"
CORPUS_DIR = ROOT / "tests" / "parsing" / "corpus" / "texts"

BODY = "The General Assembly,\n\n"
OPERATIVE = "1. Urges States to act.\n"
OPENERS = ["Recalling", "Reaffirming", "Noting", "Welcoming", "Bearing in mind", "Stressing"]


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


def _repeat(unit, budget: int, most: int | None = None) -> str:
    """`unit(0) + unit(1) + ...` while it fits in `budget` characters and `most` units."""
    parts, size, index = [], 0, 0
    while size + len(part := unit(index)) <= budget and (most is None or index < most):
        parts.append(part)
        size += len(part)
        index += 1
    return "".join(parts)


def hostile_inputs(limit: int = MAX_CHARACTERS, line_limit: int = MAX_LINES) -> dict[str, str]:
    """
    Input shapes that once took seconds to years to parse, each just under `limit` characters
    and `line_limit` lines, whichever it meets first.
    """
    room = limit - 1_000  # for the body line and the operative paragraph around a shape
    lines = line_limit - 20

    def resolution(middle: str) -> str:
        return BODY + middle + OPERATIVE

    def line_after_line(unit, budget=room, most=lines):
        return _repeat(unit, budget, most)

    return {
        "short preambular lines": resolution(
            line_after_line(lambda i: f"*{OPENERS[i % 4]}* its res. {i % 80 + 1}/{i % 97 + 1},\n")
        ),
        "lines of 'word-'": line_after_line(lambda i: "word-\n"),
        "one line without spaces": resolution("1. Urges " + "x" * room + "\n"),
        "'(a) (b) (c)' on one line": resolution(
            "1. Urges States:\n" + "(a) (b) (c) " * (room // 12)
        ),
        "thousands of footnote markers": resolution(
            "Recalling " + _repeat(lambda i: f"Crime,{i % 999 + 1} ", room // 2) + ",\n"
        )
        + line_after_line(lambda i: f"{i % 999 + 1} Ibid.\n", room // 2),
        "numbered paragraphs": BODY + line_after_line(lambda i: f"{i % 999 + 1}. Urges States.\n"),
        "a run of spaces": resolution("1. Urges" + " " * room + "States to act.\n"),
        "nested parentheses": resolution(
            "1. Urges States " + "(" * (room // 2) + ")" * (room // 2) + " to act.\n"
        ),
        "page-header-like lines": "65/1. Test title\n\n"
        + resolution(
            line_after_line(lambda i: "Recalling x,\nA/RES/65/1\nTest title\n", most=lines // 3)
        ),
        "a title repeated over many lines": "65/1. "
        + "Word\n" * min(room // 10, lines // 2)
        + "End\n\n"
        + resolution("Word\n" * min(room // 10, lines // 2)),
        "endless directive clauses": resolution(
            "1. Urges States" + _repeat(lambda i: " and urges States", room) + " to act.\n"
        ),
        "lines of 40 digits and a letter": resolution(
            "Recalling x,\n" + line_after_line(lambda i: "1" * 40 + "x\n")
        ),
        "lines with soft hyphens": resolution(
            line_after_line(lambda i: "Recalling the res\u00adolution,\n")
        ),
        "a heading of brackets": "[" * room + "\n" + resolution(""),
        "a long capitalized word": resolution("1. Urges States to act on " + "A" * room + ".\n"),
        "a paragraph full of 'to'": resolution(
            "1. Requests the Secretary-General to report " + "to " * (room // 3) + "\n"
        ),
    }


def measure_hostile(rounds: int) -> list[tuple[str, int, float, float, str]]:
    """
    Each hostile shape: its characters, median seconds per parse (on the clock and of CPU
    time: on a busy machine the second says what the parse itself costs) and what was read.
    """
    lexicon = load_default_lexicon()
    _ = lexicon.compiled  # compiled once, as in the app, and not timed
    rows = []
    for name, text in hostile_inputs().items():
        timings, cpu = [], []
        for _ in range(rounds):
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                parsed = parse_resolution(text, lexicon)
                outcome = f"{len(parsed.preambular)} preambular, {len(parsed.operative)} operative"
            except ParseError as error:
                outcome = f"refused ({error.code})"
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
        rows.append((name, len(text), statistics.median(timings), statistics.median(cpu), outcome))
    return rows


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=None, help="passes (30 seeds, 1 corpus)")
    options.add_argument("--corpus", action="store_true", help="the 300 corpus texts")
    options.add_argument("--hostile", action="store_true", help="also time hostile inputs")
    options.add_argument("--hostile-rounds", type=int, default=3, help="parses of each")
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
    if arguments.hostile:
        print(
            f"\nhostile inputs under the limits ({MAX_CHARACTERS:,} characters, "
            f"{MAX_LINES:,} lines),\nmedian of {arguments.hostile_rounds} parses each:"
        )
        for name, size, seconds, cpu, outcome in measure_hostile(arguments.hostile_rounds):
            print(f"  {name:34} {size:>9,} chars {seconds:5.2f} s ({cpu:4.2f} s CPU)  {outcome}")


if __name__ == "__main__":
    main()
