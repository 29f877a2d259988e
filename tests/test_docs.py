"""
The README says what the product does and how it is built, in words that stay true; dated
measurements live in docs/performance.md beside the benchmark commands that produce them.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DURATION = re.compile(r"\b\d[\d,.]*\s?(ms|µs)\b")
DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def test_it_keeps_dated_measurements_out_of_the_readme():
    readme = (ROOT / "README.md").read_text()

    assert DURATION.findall(readme) == []
    assert DATE.findall(readme) == []
    assert "docs/performance.md" in readme


def test_it_documents_every_benchmark_beside_its_figures():
    performance = (ROOT / "docs" / "performance.md").read_text()
    benchmarks = sorted(
        path.stem if path.is_file() else path.name
        for path in (ROOT / "bench").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    )

    assert benchmarks  # bench/ holds them
    assert [name for name in benchmarks if f"bench.{name}" not in performance] == []


def test_it_says_why_in_code_comments_not_how_many_milliseconds():
    """A duration measured one day goes stale with the next change; the reason does not."""
    stated = []
    for package in sorted(ROOT.glob("*/__init__.py")):
        if package.parent.name in {"tests", "bench"}:
            continue
        for path in sorted(package.parent.rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if DURATION.search(line):
                    stated.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")

    assert stated == []
