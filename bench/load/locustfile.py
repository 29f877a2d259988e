"""
The people a load run simulates, for locust (started by `python -m bench.load`, which writes
the configuration this file reads from $LOAD_CONFIG):

- readers, anonymous: resolution list and pages, commitment pages, the dashboard, the matrix,
  state pages and the API's lists;
- contributors, each in one or more organizations, signed in to the API with a token: record
  entries (with evidence half of the time) and submit them, fix and resubmit the entries sent
  back to their organization, submit their organization's drafts;
- reviewers, signed in to the API: take submitted entries off the queue and approve, request
  changes or reject.

Two people acting on one entry at once is part of the load: a 409 (stale revision, or a step
the entry's state no longer allows) is an expected answer, counted apart, never a failure.
Every answer is written to the journal (bench/load/journal.py) for the checks that follow.
"""

import datetime
import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, events, task

from bench.load.journal import journal_for_this_process, tag

CONFIG = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text(encoding="utf-8"))
RUN = CONFIG["run"]
JOURNAL = journal_for_this_process(CONFIG["journal_dir"])
STATUSES = ["implemented", "partial", "in_progress", "not_started", "regressed", "no_information"]
REVIEW = {"approve": 6, "request_changes": 3, "reject": 1}
COMMENTS = {
    "approve": "Checked against the cited source.",
    "request_changes": "Please cite the law (number and date) and link the official text.",
    "reject": "The source does not support the claim.",
}
WRITES_WITHOUT_VERDICT = range(500, 600)
_contributor_numbers = itertools.count()
_reviewer_numbers = itertools.count()


@events.request.add_listener
def record_request(request_type, name, response_time, response, exception, start_time, **kw):
    status = getattr(response, "status_code", 0) or 0
    line = {"t": round(start_time, 3), "kind": name, "status": status, "ms": round(response_time)}
    if status == 503:
        headers = response.headers or {}
        json_answer = "application/json" in (headers.get("Content-Type") or "")
        if not headers.get("Retry-After") or (name.startswith("api") and not json_answer):
            line["bad_503"] = True
    if status == 0 and exception is not None:
        line["error"] = type(exception).__name__
    JOURNAL.write(request=1, **line)


@events.quitting.add_listener
def close_journal(**kwargs):
    JOURNAL.close()


def call(user, method, path, kind, *, body=None, expect=(200,)):
    """
    One request, judged here rather than by status class: `expect` and 409 pass (a 409 is a
    conflict, counted from the journal), anything else fails in locust's figures too.
    Returns the response, whatever it was.
    """
    headers = {"Authorization": f"Token {user.token}"} if getattr(user, "token", None) else {}
    with user.client.request(
        method, path, name=kind, json=body, headers=headers, catch_response=True
    ) as response:
        if response.status_code in expect or response.status_code == 409:
            response.success()
        else:
            response.failure(f"HTTP {response.status_code}")
    return response


def told(entry, kind, **extra):
    """A write the server confirmed: the entry as the answer gave it."""
    JOURNAL.write(
        told=kind,
        entry=entry["id"],
        revision=entry["revision"],
        state=entry["workflow_state"],
        **extra,
    )


def unsure(response, kind, **where):
    """A write with no verdict (a 5xx or no answer at all): it may have happened or not."""
    if response.status_code == 0 or response.status_code in WRITES_WITHOUT_VERDICT:
        JOURNAL.write(unknown=kind, status=response.status_code, **where)


class SignedIn(FastHttpUser):
    abstract = True
    token = None

    def signed_in(self):
        """Whether the user holds a token; if not, signs in again (a 503 may have hit it)."""
        if not self.token:
            self.sign_in(self.username)
        return bool(self.token)

    def sign_in(self, username):
        self.username = username
        response = call(
            self,
            "POST",
            "/api/v1/auth/login/",
            "api: sign in",
            body={"username": username, "password": CONFIG["password"]},
        )
        if response.status_code == 200:
            self.token = response.json()["token"]

    def entries(self, kind, **filters):
        query = "&".join(f"{name}={value}" for name, value in filters.items())
        response = call(self, "GET", f"/api/v1/entries/?page_size=25&{query}", kind)
        return response.json()["results"] if response.status_code == 200 else []

    def transition(self, entry, action, kind, comment=""):
        """Take a workflow step on `entry` as read; the entry as it now is, or None."""
        body = {"action": action, "revision": entry["revision"], "comment": comment}
        response = call(self, "POST", f"/api/v1/entries/{entry['id']}/transition/", kind, body=body)
        if response.status_code == 200:
            entry = response.json()
            told(entry, action)
            return entry
        unsure(response, action, entry=entry["id"])
        return None


class Reader(FastHttpUser):
    """An anonymous visitor browsing pages and the API's lists."""

    weight = 1
    wait_time = between(0.5, 2)

    def page(self, path, kind):
        call(self, "GET", path, kind)

    @task(3)
    def resolution_list(self):
        self.page("/resolutions/", "page: resolution list")

    @task(3)
    def resolution_detail(self):
        self.page(f"/resolutions/{random.choice(CONFIG['resolutions'])}/", "page: resolution")

    @task(3)
    def commitment(self):
        number = random.choice(CONFIG["commitments"])
        self.page(f"/resolutions/commitments/{number}/", "page: commitment")

    @task(2)
    def dashboard(self):
        self.page("/dashboard/", "page: dashboard")

    @task(1)
    def matrix(self):
        self.page("/dashboard/matrix/", "page: matrix")

    @task(1)
    def state_list(self):
        self.page("/states/", "page: state list")

    @task(2)
    def state_detail(self):
        self.page(f"/states/{random.choice(CONFIG['state_slugs'])}/", "page: state")

    @task(2)
    def api_entries(self):
        self.page("/api/v1/entries/", "api: entry list")

    @task(1)
    def api_commitments(self):
        self.page("/api/v1/commitments/", "api: commitment list")

    @task(1)
    def api_assessments(self):
        self.page("/api/v1/assessments/", "api: assessment list")


class Contributor(SignedIn):
    """Records progress for the organizations it belongs to, through the API."""

    fixed_count = CONFIG["counts"]["contributors"]
    wait_time = between(1, 3)

    def on_start(self):
        accounts = CONFIG["contributors"]
        self.account = accounts[next(_contributor_numbers) % len(accounts)]
        self.sequence = 0
        self.sign_in(self.account["username"])

    def organization(self):
        return random.choice(self.account["organizations"])

    @task(5)
    def record_and_submit(self):
        if not self.signed_in():
            return
        self.sequence += 1
        token = f"{RUN}-{self.account['username']}-{self.sequence}"
        fact_date = datetime.date.today() - datetime.timedelta(days=random.randint(10, 1500))
        body = {
            "commitment": random.choice(CONFIG["commitments"]),
            "state": random.choice(CONFIG["states"]),
            "organization": self.organization(),
            "status": random.choice(STATUSES),
            "fact_date": fact_date.isoformat(),
            "summary": "The ministry published an action plan; implementation is under way. "
            + tag(token),
            "confidence": random.choice(["low", "medium", "high"]),
        }
        response = call(
            self, "POST", "/api/v1/entries/", "api: create entry", body=body, expect=(201,)
        )
        if response.status_code != 201:
            return unsure(response, "create", token=token)
        entry = response.json()
        told(entry, "create", token=token)
        if random.random() < 0.5:
            entry = self.add_evidence(entry)
            if entry is None:
                return
        roll = random.random()
        if roll < 0.8:
            self.transition(entry, "submit", "api: submit")
        elif roll < 0.9:
            self.transition(entry, "withdraw", "api: withdraw")

    def add_evidence(self, entry):
        body = {
            "citation": f"Official Gazette No. {random.randint(10, 999)}",
            "url": "https://gazette.example.org/notice",
            "revision": entry["revision"],
        }
        path = f"/api/v1/entries/{entry['id']}/evidence/"
        response = call(self, "POST", path, "api: add evidence", body=body, expect=(201,))
        if response.status_code != 201:
            return unsure(response, "evidence", entry=entry["id"])
        # Adding evidence moves the entry's revision on by exactly one (compare-and-swap).
        entry = {**entry, "revision": entry["revision"] + 1}
        told(entry, "evidence")
        return entry

    @task(2)
    def fix_and_resubmit(self):
        if not self.signed_in():
            return
        returned = self.entries(
            "api: returned entries",
            workflow_state="changes_requested",
            organization=self.organization(),
        )
        if not returned:
            return
        entry = random.choice(returned)
        body = {
            "summary": entry["summary"] + " Law no. 12 of 2024 cited.",
            "revision": entry["revision"],
        }
        path = f"/api/v1/entries/{entry['id']}/"
        response = call(self, "PATCH", path, "api: edit entry", body=body)
        if response.status_code != 200:
            return unsure(response, "edit", entry=entry["id"])
        entry = response.json()
        told(entry, "edit")
        self.transition(entry, "submit", "api: submit")

    @task(1)
    def submit_a_draft(self):
        if not self.signed_in():
            return
        drafts = self.entries(
            "api: drafts", workflow_state="draft", organization=self.organization()
        )
        if drafts:
            self.transition(random.choice(drafts), "submit", "api: submit")


class Reviewer(SignedIn):
    """Decides on submitted entries, through the API."""

    fixed_count = CONFIG["counts"]["reviewers"]
    wait_time = between(1, 3)

    def on_start(self):
        reviewers = CONFIG["reviewers"]
        self.sign_in(reviewers[next(_reviewer_numbers) % len(reviewers)])

    @task
    def decide(self):
        if not self.signed_in():
            return
        queue = self.entries("api: review queue", workflow_state="submitted")
        if not queue:
            return
        action = random.choices(list(REVIEW), weights=list(REVIEW.values()))[0]
        self.transition(random.choice(queue), action, f"api: {action}", COMMENTS[action])
