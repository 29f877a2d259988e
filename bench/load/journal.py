"""
What the load clients were told, one JSON object a line, so the run can be checked against
the database afterwards. Kept free of Django: the locust process writes it, the runner reads it.

Three kinds of line:

- request: every HTTP request (`kind` names the request for the figures, `status` is 0 when
  no answer came, `ms` its time, `t` when it started, `bad_503` if a 503 lacked Retry-After
  or, under /api/, JSON);
- told: a write the server confirmed, with the entry's `revision` and `state` as the answer
  gave them (`created` also carries the client's `token`, written into the summary);
- unknown: a write that got no verdict (a 5xx or no answer): it may or may not have happened.
"""

import json
import os
import re
import threading
from pathlib import Path

TOKEN_PATTERN = re.compile(r"\[load:([A-Za-z0-9_-]+)\]")


def token_in(summary: str) -> str | None:
    """The client token a load-test entry carries in its summary, if any."""
    found = TOKEN_PATTERN.search(summary or "")
    return found.group(1) if found else None


def tag(token: str) -> str:
    return f"[load:{token}]"


class Journal:
    """Appends lines to one file; safe to share between the greenlets of one process."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._file = open(self.path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115

    def write(self, **record):
        line = json.dumps(record, separators=(",", ":"))
        with self._lock:
            self._file.write(line + "\n")

    def close(self):
        self._file.close()


def read(folder) -> list[dict]:
    """Every line of every journal in `folder`."""
    records = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        with open(path, encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines if line.strip())
    return records


def journal_for_this_process(folder) -> Journal:
    return Journal(Path(folder) / f"client-{os.getpid()}.jsonl")
