"""Fixtures of the parser tests: the seeds, their gold annotation and the samples."""

import json
from pathlib import Path

import pytest

from commitments.parsing import load_default_lexicon, parse_resolution

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "data" / "resolutions"
GOLD_FILE = ROOT / "data" / "gold" / "seeds.json"
SAMPLE_DIR = Path(__file__).resolve().parent / "samples"


def read_texts(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


@pytest.fixture(scope="session")
def lexicon():
    return load_default_lexicon()


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return read_texts(SEED_DIR)


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> dict[str, str]:
    return read_texts(SAMPLE_DIR)


@pytest.fixture(scope="session")
def parsed_seeds(seeds):
    return {name: parse_resolution(text) for name, text in seeds.items()}


@pytest.fixture(scope="session")
def parsed_samples(samples):
    return {name: parse_resolution(text) for name, text in samples.items()}
