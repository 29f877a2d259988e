"""
Corrections in the admin are writes like any other: they claim the entry's revision as the
form read it and raise it, so a reviewer who read the entry before cannot decide on the
corrected text unawares, and two coordinators cannot overwrite each other.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from states.choices import WorkflowState
from states.models import Evidence, ProgressEntry, StaleEntryError
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

READ = "Parliament adopted the anti-trafficking act on 3 May."
CORRECTED = "Parliament adopted the anti-trafficking act on 13 May."
OTHER = "The senate adopted the anti-trafficking act on 20 May."


@pytest.fixture
def coordinator():
    return UserFactory(role="Administrators", is_staff=True)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def entry():
    """A submitted entry with one evidence item, awaiting review."""
    entry = ProgressEntryFactory(summary=READ)
    entry.add_evidence(entry.created_by, citation="Gazette no. 12, p. 4")
    entry.transition("submit", entry.created_by)
    return ProgressEntry.objects.get(pk=entry.pk)


def change_url(entry):
    return reverse("admin:states_progressentry_change", args=[entry.pk])


def form_data(response):
    """What the admin's change form sends back unchanged: its fields and its inline forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    return data


def read_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)


def test_it_raises_the_revision_when_a_coordinator_corrects_an_entry(
    coordinator_client, coordinator, entry
):
    data = read_form(coordinator_client, change_url(entry))

    response = coordinator_client.post(change_url(entry), {**data, "summary": CORRECTED})

    assert response.status_code == 302
    corrected = ProgressEntry.objects.get(pk=entry.pk)
    assert (corrected.summary, corrected.revision) == (CORRECTED, entry.revision + 1)
    latest = corrected.history.order_by("-history_date", "-history_id").first()
    assert (latest.summary, latest.revision) == (CORRECTED, entry.revision + 1)
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "correction")


def test_it_refuses_a_reviewers_decision_on_the_text_before_a_correction(
    client, coordinator_client, reviewer, entry
):
    data = read_form(coordinator_client, change_url(entry))
    coordinator_client.post(change_url(entry), {**data, "summary": CORRECTED})
    client.force_login(reviewer)

    page = client.post(
        reverse("states:entry_transition", args=[entry.pk, "approve"]),
        {"revision": entry.revision, "comment": ""},
        follow=True,
    )

    assert "Someone else changed this entry" in page.content.decode()
    now = ProgressEntry.objects.get(pk=entry.pk)
    assert (now.workflow_state, now.summary) == (WorkflowState.SUBMITTED, CORRECTED)


def test_it_refuses_an_api_decision_on_the_text_before_a_correction(
    coordinator_client, reviewer, entry
):
    data = read_form(coordinator_client, change_url(entry))
    coordinator_client.post(change_url(entry), {**data, "summary": CORRECTED})
    api = APIClient()
    api.force_authenticate(reviewer)

    response = api.post(
        f"/api/v1/entries/{entry.pk}/transition/",
        {"action": "approve", "revision": entry.revision},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_revision"
    assert ProgressEntry.objects.get(pk=entry.pk).workflow_state == WorkflowState.SUBMITTED


def test_it_refuses_the_second_of_two_saves_read_at_the_same_revision(client, entry):
    first, second = (UserFactory(role="Administrators", is_staff=True) for _ in range(2))
    client.force_login(first)
    first_data = read_form(client, change_url(entry))
    client.force_login(second)
    second_data = read_form(client, change_url(entry))
    client.force_login(first)
    client.post(change_url(entry), {**first_data, "summary": CORRECTED})
    client.force_login(second)

    refused = client.post(
        change_url(entry), {**second_data, "summary": OTHER, "status": "implemented"}
    )

    content = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else changed this entry or its evidence" in content
    assert f"<li>Summary is now: {CORRECTED}</li>" in content
    assert "<li>Status is now: In progress</li>" in content
    assert f"\n{OTHER}</textarea>" in content  # the coordinator's input, kept
    now = ProgressEntry.objects.get(pk=entry.pk)
    assert (now.summary, now.revision) == (CORRECTED, entry.revision + 1)
    kept = form_data(refused)
    assert kept["read_revision"] == str(now.revision)

    again = client.post(change_url(entry), kept)

    assert again.status_code == 302
    now = ProgressEntry.objects.get(pk=entry.pk)
    assert (now.summary, now.status, now.revision) == (OTHER, "implemented", entry.revision + 2)


def test_it_raises_the_revision_for_evidence_corrected_with_the_entry(
    coordinator_client, coordinator, entry
):
    evidence = entry.evidence.get()
    data = read_form(coordinator_client, change_url(entry))
    data["evidence-0-citation"] = "Gazette no. 12, p. 5"

    response = coordinator_client.post(change_url(entry), data)

    assert response.status_code == 302
    assert ProgressEntry.objects.get(pk=entry.pk).revision == entry.revision + 1
    latest = evidence.history.order_by("-history_date", "-history_id").first()
    assert latest.citation == "Gazette no. 12, p. 5"
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "correction")


def test_it_raises_the_revision_for_evidence_corrected_on_its_own_page(
    client, coordinator_client, coordinator, reviewer, entry
):
    evidence = entry.evidence.get()
    url = reverse("admin:states_evidence_change", args=[evidence.pk])
    data = read_form(coordinator_client, url)

    response = coordinator_client.post(url, {**data, "citation": "Gazette no. 12, p. 5"})
    client.force_login(reviewer)
    decision = client.post(
        reverse("states:entry_transition", args=[entry.pk, "approve"]),
        {"revision": entry.revision, "comment": ""},
        follow=True,
    )

    assert response.status_code == 302
    assert Evidence.objects.get(pk=evidence.pk).citation == "Gazette no. 12, p. 5"
    assert ProgressEntry.objects.get(pk=entry.pk).revision == entry.revision + 1
    assert "Someone else changed this entry" in decision.content.decode()
    assert ProgressEntry.objects.get(pk=entry.pk).workflow_state == WorkflowState.SUBMITTED


def test_it_refuses_an_evidence_correction_read_before_the_entry_changed(coordinator_client, entry):
    evidence = entry.evidence.get()
    url = reverse("admin:states_evidence_change", args=[evidence.pk])
    data = read_form(coordinator_client, url)
    entry.transition("withdraw", entry.created_by)

    refused = coordinator_client.post(url, {**data, "citation": "Gazette no. 12, p. 5"})

    assert refused.status_code == 200
    assert "it is now withdrawn" in refused.content.decode()
    assert "Citation is now: Gazette no. 12, p. 4" in refused.content.decode()
    assert Evidence.objects.get(pk=evidence.pk).citation == "Gazette no. 12, p. 4"


def test_it_checks_again_when_the_claim_fails_after_the_forms_check(
    coordinator_client, entry, monkeypatch
):
    """
    Someone else's write between the form's check and the claim: the admin's transaction is
    rolled back and the form checked again, which reports a change or, as here where none
    stayed, saves; never a server error.
    """
    data = read_form(coordinator_client, change_url(entry))
    claim = ProgressEntry._claim
    lost = []

    def lost_once(self):
        if not lost:
            lost.append(self.revision)
            raise StaleEntryError("Someone else changed this entry.")
        return claim(self)

    monkeypatch.setattr(ProgressEntry, "_claim", lost_once)

    response = coordinator_client.post(change_url(entry), {**data, "summary": CORRECTED})

    assert response.status_code == 302
    assert lost == [entry.revision]
    now = ProgressEntry.objects.get(pk=entry.pk)
    assert (now.summary, now.revision) == (CORRECTED, entry.revision + 1)


def test_it_shows_past_versions_but_never_writes_them_back(coordinator_client, entry):
    version = entry.history.order_by("history_date", "history_id").first()
    url = reverse("admin:states_progressentry_simple_history", args=[entry.pk, version.pk])
    data = read_form(coordinator_client, url)

    response = coordinator_client.post(url, data)

    assert response.status_code == 403
    now = ProgressEntry.objects.get(pk=entry.pk)
    assert (now.workflow_state, now.revision) == (WorkflowState.SUBMITTED, entry.revision)


def test_it_keeps_a_staff_contributor_of_another_organization_from_correcting_an_entry(
    client, entry
):
    approved = ProgressEntry.objects.get(pk=entry.pk)
    approved.transition("approve", UserFactory(role="Reviewers"))
    approved = ProgressEntry.objects.get(pk=entry.pk)
    outsider = UserFactory(
        role="Contributors", is_staff=True, organizations=[OrganizationFactory()]
    )
    client.force_login(outsider)
    page = client.get(change_url(approved))
    data = {"summary": OTHER, "read_revision": approved.revision}

    refused = client.post(change_url(approved), data)

    assert page.status_code == 200
    assert 'name="summary"' not in page.content.decode()  # shown read-only
    assert refused.status_code == 403
    after = ProgressEntry.objects.get(pk=entry.pk)
    assert (after.summary, after.revision) == (READ, approved.revision)
    with pytest.raises(PermissionDenied):
        after.correct(outsider, after.revision)


def test_it_lets_a_staff_contributor_correct_their_own_organizations_draft(client):
    draft = ProgressEntryFactory(summary=READ)
    author = draft.created_by
    author.is_staff = True
    author.save()
    client.force_login(author)
    data = read_form(client, change_url(draft))

    response = client.post(change_url(draft), {**data, "summary": CORRECTED})

    assert response.status_code == 302
    assert ProgressEntry.objects.get(pk=draft.pk).summary == CORRECTED
