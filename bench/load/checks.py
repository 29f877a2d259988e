"""
After a run: does the database agree with what the clients were told?

- no 5xx answers (under faults: none but 503s, each with Retry-After, JSON under /api/);
- every entry a client was told it created (201 and an id) exists exactly once, and no entry
  exists that no client created (under faults, a create left without verdict may have
  happened, once at most);
- every entry's workflow state and revision are those of the last write a client was told
  succeeded (writes are ordered by the revision each one claimed); under faults a write left
  without verdict may have been applied after that;
- every change left its history: an entry's history rows and its evidence's add up to its
  revision + 1 (each write claims exactly one revision and saves exactly one history row), the
  latest entry history row has the entry's workflow state, and each confirmed write has its row;
- the current-assessment table equals a rebuild from the approved entries, and the counts kept
  from it (states/counts.py) equal a full count.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count

from states.counts import STATUSES, THEMES
from states.models import CurrentAssessment, Evidence, ProgressEntry

from .journal import token_in

SHOWN = 10  # failures listed per check


class Rollback(Exception):
    pass


def check(records: list[dict], baseline: int, faults: bool = False) -> dict:
    requests = [r for r in records if "request" in r]
    confirmed = [r for r in records if "told" in r]
    unknown = [r for r in records if "unknown" in r]
    failures: list[str] = []
    figures: dict = {}

    figures.update(_answers(requests, faults, failures))
    figures.update(_creations(confirmed, unknown, baseline, faults, failures))
    touched = {r["entry"] for r in confirmed} | _new_entries(baseline)
    figures.update(_states(confirmed, unknown, faults, failures))
    figures.update(_history(touched, confirmed, failures))
    figures.update(_assessments(failures))
    figures.update(_maintained_counts(failures))
    return {"figures": figures, "failures": failures, "ok": not failures}


def _answers(requests, faults, failures):
    by_status = Counter(r["status"] for r in requests)
    server_errors = sum(n for status, n in by_status.items() if status >= 500)
    unavailable = by_status.get(503, 0)
    no_answer = by_status.get(0, 0)
    bad_503 = sum(1 for r in requests if r.get("bad_503"))
    if faults:
        if server_errors - unavailable:
            failures.append(f"{server_errors - unavailable} 5xx answers other than 503")
    elif server_errors:
        failures.append(f"{server_errors} 5xx answers: {_statuses(by_status)}")
    if no_answer:
        failures.append(f"{no_answer} requests got no answer at all")
    if bad_503:
        failures.append(f"{bad_503} 503 answers without Retry-After (or not JSON under /api/)")
    return {
        "requests": len(requests),
        "server_errors": server_errors,
        "unavailable_503": unavailable,
        "conflicts_409": by_status.get(409, 0),
        "no_answer": no_answer,
        "statuses": _statuses(by_status),
    }


def _statuses(by_status):
    return {str(status): count for status, count in sorted(by_status.items())}


def _new_entries(baseline):
    return set(ProgressEntry.objects.filter(pk__gt=baseline).values_list("pk", flat=True))


def _creations(confirmed, unknown, baseline, faults, failures):
    created = [r for r in confirmed if r["told"] == "create"]
    told_tokens = Counter(r["token"] for r in created)
    told_ids = Counter(r["entry"] for r in created)
    unsure_tokens = {r["token"] for r in unknown if r["unknown"] == "create"}
    stored = defaultdict(list)  # client token -> entry ids
    strays = []
    for pk, summary in ProgressEntry.objects.filter(pk__gt=baseline).values_list("pk", "summary"):
        token = token_in(summary)
        if token is None:
            strays.append(pk)
        else:
            stored[token].append(pk)

    lost = [r["entry"] for r in created if r["entry"] not in stored.get(r["token"], ())]
    duplicated = {token: ids for token, ids in stored.items() if len(ids) > 1}
    duplicated.update({f"id {pk}": [pk] * n for pk, n in told_ids.items() if n > 1})
    duplicated.update({token: [] for token, n in told_tokens.items() if n > 1})
    unexpected = [
        ids[0]
        for token, ids in stored.items()
        if token not in told_tokens and token not in unsure_tokens
    ]
    despite_error = [ids[0] for token, ids in stored.items() if token in unsure_tokens]
    if not faults and despite_error:
        unexpected.extend(despite_error)
    if lost:
        failures.append(f"{len(lost)} entries confirmed created are missing: {lost[:SHOWN]}")
    if duplicated:
        failures.append(
            f"{len(duplicated)} creations stored or told twice: {list(duplicated)[:SHOWN]}"
        )
    if unexpected or strays:
        nobodys = unexpected + strays
        failures.append(f"{len(nobodys)} entries no client created: {nobodys[:SHOWN]}")
    return {
        "created": len(created),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "unexpected": len(unexpected) + len(strays),
        "created_despite_error": len(despite_error) if faults else 0,
        "creates_without_verdict": len(unsure_tokens),
    }


def _states(confirmed, unknown, faults, failures):
    last = {}
    for record in confirmed:
        known = last.get(record["entry"])
        if known is None or record["revision"] > known["revision"]:
            last[record["entry"]] = record
    unsure = Counter(r["entry"] for r in unknown if r.get("entry"))
    stored = dict(
        ProgressEntry.objects.filter(pk__in=last).values_list("pk", "revision").iterator()
    )
    states = dict(
        ProgressEntry.objects.filter(pk__in=last).values_list("pk", "workflow_state").iterator()
    )
    wrong, applied_unseen = [], 0
    for pk, record in last.items():
        revision, state = stored.get(pk), states.get(pk)
        if (revision, state) == (record["revision"], record["state"]):
            continue
        if faults and revision is not None and 0 < revision - record["revision"] <= unsure[pk]:
            applied_unseen += 1  # a write whose answer was lost did happen: allowed
            continue
        wrong.append(
            f"entry {pk}: told {record['state']} r{record['revision']}, stored {state} r{revision}"
        )
    if wrong:
        failures.append(
            f"{len(wrong)} entries differ from the last write confirmed: {wrong[:SHOWN]}"
        )
    return {
        "entries_written": len(last),
        "state_mismatches": len(wrong),
        "applied_without_verdict": applied_unseen,
        "writes_without_verdict": sum(1 for r in unknown if r.get("entry")),
    }


def _history(entries, confirmed, failures):
    entries = list(entries)
    HistoricalEntry = ProgressEntry.history.model
    HistoricalEvidence = Evidence.history.model
    rows = dict(
        HistoricalEntry.objects.filter(id__in=entries)
        .values("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    evidence_rows = dict(
        HistoricalEvidence.objects.filter(entry_id__in=entries)
        .values("entry_id")
        .annotate(n=Count("history_id"))
        .values_list("entry_id", "n")
    )
    latest, recorded = {}, set()
    for pk, revision, state in (
        HistoricalEntry.objects.filter(id__in=entries)
        .order_by("history_id")
        .values_list("id", "revision", "workflow_state")
    ):
        latest[pk] = state
        recorded.add((pk, revision, state))
    gaps = []
    for pk, revision, state in ProgressEntry.objects.filter(pk__in=entries).values_list(
        "pk", "revision", "workflow_state"
    ):
        changes = rows.get(pk, 0) + evidence_rows.get(pk, 0)
        if changes != revision + 1:
            gaps.append(f"entry {pk}: revision {revision} but {changes} history rows")
        elif latest.get(pk) != state:
            gaps.append(f"entry {pk}: {state} but its latest history row says {latest.get(pk)}")
    for record in confirmed:
        if record["told"] == "evidence":
            continue  # evidence has rows of its own, counted above
        if (record["entry"], record["revision"], record["state"]) not in recorded:
            gaps.append(f"entry {record['entry']}: no history row for its {record['told']}")
    orphans = list(
        Evidence.objects.filter(entry_id__in=entries)
        .exclude(pk__in=HistoricalEvidence.objects.values("id"))
        .values_list("pk", flat=True)
    )
    gaps.extend(f"evidence {pk} has no history row" for pk in orphans)
    if gaps:
        failures.append(f"{len(gaps)} changes without their history: {gaps[:SHOWN]}")
    return {
        "entries_checked": len(entries),
        "history_gaps": len(gaps),
    }


def _assessments(failures):
    """The table as maintained, against a rebuild from the entries (rolled back)."""
    fields = ("commitment_id", "state_id", "subject_organization_id", "entry_id", "status")
    kept = set(CurrentAssessment.objects.values_list(*fields))
    try:
        with transaction.atomic():
            CurrentAssessment.objects.rebuild()
            rebuilt = set(CurrentAssessment.objects.values_list(*fields))
            raise Rollback
    except Rollback:
        pass
    missing, extra = rebuilt - kept, kept - rebuilt
    if missing or extra:
        failures.append(
            f"current assessments out of step: {len(missing)} missing, {len(extra)} stale: "
            f"{sorted(missing | extra)[:SHOWN]}"
        )
    return {"assessments": len(kept), "assessment_mismatches": len(missing) + len(extra)}


def _maintained_counts(failures):
    """The counts kept by every approval's deltas, against a full count of the assessments."""
    wrong = 0
    for name, counts in (("theme", THEMES), ("status", STATUSES)):
        kept, full = counts.counts(), counts.count_all()
        differing = sorted(
            key for key in kept.keys() | full.keys() if kept.get(key) != full.get(key)
        )
        if differing:
            wrong += len(differing)
            failures.append(
                f"maintained {name} counts out of step on {len(differing)} keys: "
                f"{[(key, kept.get(key), full.get(key)) for key in differing[:SHOWN]]}"
            )
    return {"count_mismatches": wrong}
