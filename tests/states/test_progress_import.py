"""Progress from a spreadsheet: the template, the preview with every row's outcome, the import."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from states.choices import Confidence, ImplementationStatus, WorkflowState
from states.models import ProgressEntry
from states.spreadsheets import check_import, read_sheet, save_import
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, chapeau_with_subs
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.files import MINIMAL_PDF, upload

from .sheets import csv_bytes, csv_upload, xlsx_bytes, xlsx_upload

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("states:import")
CONFIRM_URL = reverse("states:import_confirm")
SUMMARY = "Parliament adopted Law 17/2025 criminalizing forced labour."


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch", slug="gazette-watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(username="importer", role="Contributors", organizations=[organization])


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def resolution():
    return ResolutionFactory(symbol="A/RES/65/190", adopted_on=datetime.date(2010, 12, 21))


@pytest.fixture
def commitment(resolution):
    return CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")


def row(commitment="A/RES/65/190 OP 17", state="Kenya", **values):
    return [
        values.get("reference", ""),
        commitment,
        state,
        values.get("status", "In progress"),
        values.get("fact_date", "2025-03-31"),
        values.get("summary", SUMMARY),
        values.get("confidence", "High"),
    ]


def check(rows, user, organization, **kwargs):
    return check_import(read_sheet(csv_bytes(rows), "p.csv"), user=user, organization=organization)


def preview(client, organization, file, save_as="draft"):
    return client.post(
        IMPORT_URL, {"organization": organization.pk, "file": file, "save_as": save_as}
    )


# The template ------------------------------------------------------------------------------


def test_it_offers_a_template_with_instructions_and_the_valid_values(
    contributor_client, organization, commitment
):
    draft = ResolutionFactory(symbol="A/HRC/44/L.6", adopted_on=None)
    CommitmentFactory(paragraph__resolution=draft, paragraph__number="3")
    chapeau_with_subs(resolution=commitment.resolution, number="2", subs="ab")
    response = contributor_client.get(reverse("states:import_template", args=["gazette-watch"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-import-gazette-watch.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Instructions", "Progress", "Commitments", "States", "Values"]
    assert book["Instructions"]["A1"].value == ("Progress of Gazette Watch — spreadsheet import")
    assert [cell.value for cell in book["Progress"][1]] == [
        "Reference", "Commitment", "State", "Status", "As of", "Summary", "Confidence"
    ]  # fmt: skip
    assert book["Progress"].max_row == 1
    references = [cell.value for cell in book["Commitments"]["A"][1:]]
    # Adopted, trackable commitments only: not the draft's, not the chapeau OP 2 itself.
    assert sorted(references) == [
        "A/RES/65/190 OP 17",
        "A/RES/65/190 OP 2(a)",
        "A/RES/65/190 OP 2(b)",
    ]
    states = dict(book["States"].iter_rows(min_row=2, values_only=True))
    assert (len(states), states["Kenya"], states["Türkiye"]) == (195, "KEN", "TUR")
    values = list(book["Values"].iter_rows(min_row=2, values_only=True))
    assert [status for status, _ in values] == [label for _, label in ImplementationStatus.choices]
    assert [level for _, level in values if level] == ["Low", "Medium", "High"]
    checks = {str(check.sqref): check for check in book["Progress"].data_validations.dataValidation}
    assert checks["D2:D5001"].formula1 == "=Values!$A$2:$A$7"


def test_it_gives_the_template_only_of_the_users_organizations(contributor_client):
    OrganizationFactory(slug="someone-else")
    response = contributor_client.get(reverse("states:import_template", args=["someone-else"]))
    assert response.status_code == 404


# Every kind of bad row, in words ------------------------------------------------------------


def test_it_says_what_is_wrong_with_each_bad_row(contributor, organization, commitment):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    report = check(
        [
            row(),
            row(commitment="A/RES/65/999 OP 3"),
            row(state="Narnia"),
            row(fact_date=tomorrow),
            row(status="Done"),
            row(summary=""),
            row(commitment="", state="", status="", fact_date=""),
            row(),
            row(fact_date="31 March"),
            row(confidence="Certain", summary="Another fact."),
            row(commitment="A/RES/65/190 paragraph"),
        ],
        contributor,
        organization,
    )
    assert [(r.number, r.kind, r.errors) for r in report.rows] == [
        (2, "new", []),
        (3, "invalid", [
            "Unknown commitment “A/RES/65/999 OP 3”: no adopted, trackable commitment has this "
            "reference. Write it like “A/RES/65/190 OP 17” (the Commitments sheet lists them)."
        ]),
        (4, "invalid", [
            "State “Narnia” not found: use a name or ISO3 code from the States sheet."
        ]),
        (5, "invalid", [f"The date {tomorrow} is in the future: record what has happened."]),
        (6, "invalid", [
            "Status “Done” is not allowed: use one of Not started, In progress, Partially "
            "implemented, Implemented, Regressed, No information."
        ]),
        (7, "invalid", ["Summary is required."]),
        (8, "invalid", [
            "Commitment is required.", "State is required.", "Status is required.",
            "As of is required.",
        ]),
        (9, "invalid", ["Duplicate of row 2."]),
        (10, "invalid", ["“31 March” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31."]),
        (11, "invalid", ["Confidence “Certain” is not allowed: use one of Low, Medium, High."]),
        (12, "invalid", [
            "“A/RES/65/190 paragraph” is not a commitment reference. Write it like "
            "“A/RES/65/190 OP 17” (the Commitments sheet lists them)."
        ]),
    ]  # fmt: skip
    assert report.summary() == ("11 rows: 1 new entry, 0 changed, 0 already imported, 10 not valid")


def test_it_refuses_a_chapeau_and_a_draft_resolutions_paragraph(contributor, organization):
    chapeau, _ = chapeau_with_subs(resolution=ResolutionFactory(symbol="A/RES/70/1"), subs="ab")
    draft = ResolutionFactory(symbol="A/HRC/44/L.6", adopted_on=None)
    CommitmentFactory(paragraph__resolution=draft, paragraph__number="3")
    report = check(
        [row(commitment="A/RES/70/1 OP 2"), row(commitment="A/HRC/44/L.6 OP 3")],
        contributor,
        organization,
    )
    assert [r.errors[0].split(":")[0] for r in report.rows] == [
        "Unknown commitment “A/RES/70/1 OP 2”",
        "Unknown commitment “A/HRC/44/L.6 OP 3”",
    ]


def test_it_reads_references_states_and_values_in_their_usual_spellings(
    contributor, organization, commitment
):
    sub = CommitmentFactory(
        paragraph__resolution=commitment.resolution, paragraph__number="4", paragraph__sub="b"
    )
    report = check(
        [
            row(commitment="a/res/65/ 190 op 17", state="KEN", status="in_progress", summary="1"),
            row(commitment="65/190, para. 17", state="kenya", status="PARTIAL", summary="2"),
            row(commitment="A/RES/65/190 OP 4 (b)", state="ke", confidence="", summary="3"),
            row(
                commitment="A/RES/65/190 OP 4b", state="Türkiye", status="Implemented", summary="4"
            ),
        ],
        contributor,
        organization,
    )
    assert [r.kind for r in report.rows] == ["new"] * 4
    saved = save_import(
        read_sheet(
            csv_bytes([row(commitment="A/RES/65/190 OP 4 (b)", state="ke", confidence="")]), "p"
        ),
        user=contributor,
        organization=organization,
    )
    entry = ProgressEntry.objects.get(pk=saved.rows[0].entry_id)
    assert (entry.commitment, entry.state.iso3, entry.confidence) == (sub, "KEN", Confidence.MEDIUM)


# The preview and the import ---------------------------------------------------------------


def test_it_previews_an_upload_with_its_errors_and_saves_nothing(
    contributor_client, organization, commitment
):
    response = preview(contributor_client, organization, xlsx_upload([row(), row(state="Narnia")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 row cannot be imported." in page
    assert "State “Narnia” not found: use a name or ISO3 code from the States sheet." in page
    assert 'name="token"' not in page  # nothing to confirm while a row is wrong
    assert not ProgressEntry.objects.exists()


def test_it_imports_the_confirmed_rows_as_drafts_with_their_history(
    contributor_client, contributor, organization, commitment
):
    rows = [
        row(reference="GW-1", fact_date=datetime.datetime(2025, 3, 31)),  # a date cell
        row(state="France", status="Not started", summary="No bill was tabled."),
    ]
    response = preview(contributor_client, organization, xlsx_upload(rows))
    assert not ProgressEntry.objects.exists()
    token = response.context["token"]
    assert [r.label for r in response.context["report"].rows] == ["New entry", "New entry"]
    response = contributor_client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 200
    assert "2 rows: 2 new entries as drafts, 0 changed, 0 already imported, 0 not valid." in (
        response.content.decode()
    )
    first, second = ProgressEntry.objects.order_by("pk")
    assert (first.external_reference, first.fact_date, first.summary, first.confidence) == (
        "GW-1",
        datetime.date(2025, 3, 31),
        SUMMARY,
        Confidence.HIGH,
    )
    assert (second.state.name, second.status, second.workflow_state) == (
        "France",
        ImplementationStatus.NOT_STARTED,
        WorkflowState.DRAFT,
    )
    record = first.history.get()
    assert (record.history_user, record.history_change_reason) == (contributor, "create")
    # The stored upload is gone with its token: confirming again imports nothing.
    again = contributor_client.post(CONFIRM_URL, {"token": token})
    assert again.url == IMPORT_URL
    assert ProgressEntry.objects.count() == 2


def test_it_submits_the_entries_when_asked_and_tells_the_reviewers(
    contributor_client,
    organization,
    commitment,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    UserFactory(username="reviewer", role="Reviewers", email="reviewer@example.org")
    response = preview(contributor_client, organization, csv_upload([row()]), save_as="submit")
    with django_capture_on_commit_callbacks(execute=True):
        contributor_client.post(CONFIRM_URL, {"token": response.context["token"]})
    entry = ProgressEntry.objects.get()
    assert entry.workflow_state == WorkflowState.SUBMITTED
    assert [r.history_change_reason for r in entry.history.order_by("history_id")] == [
        "create",
        "submit",
    ]
    assert [message.to for message in mailoutbox] == [["reviewer@example.org"]]


def test_it_changes_nothing_when_the_same_file_is_uploaded_again(
    contributor_client, organization, commitment
):
    rows = [row(reference="GW-1"), row(state="France", summary="Without a reference.")]
    first = preview(contributor_client, organization, xlsx_upload(rows))
    contributor_client.post(CONFIRM_URL, {"token": first.context["token"]})
    entries = list(ProgressEntry.objects.order_by("pk").values_list("pk", "revision", "updated"))
    again = preview(contributor_client, organization, xlsx_upload(rows))
    assert [(r.kind, r.entry_id) for r in again.context["report"].rows] == [
        ("unchanged", pk) for pk, _, _ in entries
    ]
    assert again.context["token"] == ""
    assert "Every row is imported already: there is nothing to change." in again.content.decode()
    # The command, too, finds nothing to do.
    saved = save_import(
        read_sheet(xlsx_bytes(rows), "p.xlsx"),
        user=again.wsgi_request.user,
        organization=organization,
    )
    assert saved.summary() == "2 rows: 0 new entries, 0 changed, 2 already imported, 0 not valid"
    assert list(ProgressEntry.objects.order_by("pk").values_list("pk", "revision", "updated")) == (
        entries
    )


def test_it_changes_a_draft_imported_before_by_its_reference(contributor, organization, commitment):
    def run(summary):
        dataset = read_sheet(csv_bytes([row(reference="GW-1", summary=summary)]), "p.csv")
        return save_import(dataset, user=contributor, organization=organization)

    run("First version.")
    report = run("Second version.")
    entry = ProgressEntry.objects.get()
    assert ([r.kind for r in report.rows], entry.summary) == (["update"], "Second version.")
    assert entry.history.latest().history_change_reason == "edit"
    entry.transition("submit", contributor)
    report = run("Third version.")
    assert report.rows[0].errors == [
        f"Entry #{entry.pk} with reference “GW-1” is submitted for review, so an import can no "
        "longer change it."
    ]
    assert ProgressEntry.objects.get().summary == "Second version."


def test_it_says_when_a_reference_is_on_two_rows(contributor, organization, commitment):
    report = check(
        [row(reference="GW-1"), row(reference="GW-1", summary="Other")], contributor, organization
    )
    assert report.rows[1].errors == ["Reference “GW-1” is also on row 2: give each row its own."]


# Permissions ----------------------------------------------------------------------------


def test_it_refuses_an_import_for_another_organization(contributor_client, commitment):
    other = OrganizationFactory(name="Someone Else")
    response = preview(contributor_client, other, csv_upload([row()]))
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_it_refuses_a_token_of_another_session(
    client, contributor_client, organization, commitment
):
    token = preview(contributor_client, organization, csv_upload([row()])).context["token"]
    colleague = UserFactory(role="Contributors", organizations=[organization])
    client.force_login(colleague)
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.url == IMPORT_URL
    assert not ProgressEntry.objects.exists()


def test_it_sends_visitors_to_sign_in_and_refuses_users_without_an_organization(client):
    for url in (IMPORT_URL, reverse("states:import_template", args=["gazette-watch"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 302
    client.force_login(UserFactory(role="Contributors"))
    assert client.get(IMPORT_URL).status_code == 403
    client.force_login(UserFactory(role="Reviewers"))
    assert client.get(IMPORT_URL).status_code == 403


def test_it_links_the_import_from_my_progress(contributor_client):
    page = contributor_client.get(reverse("states:dashboard")).content.decode()
    assert f'<a class="button secondary" href="{IMPORT_URL}">Import from a spreadsheet</a>' in page


# Files ----------------------------------------------------------------------------------


def test_it_refuses_an_oversized_file(contributor_client, organization, settings):
    settings.PROGRESS_IMPORT_MAX_BYTES = 1000
    file = csv_upload([row(summary="x" * 1000)])
    assert file.size == 1116
    response = preview(contributor_client, organization, file)
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is 1.1\xa0KB; spreadsheets of up to 1000\xa0bytes can be imported. Split it "
        "into smaller files."
    ]


def test_it_refuses_a_file_that_is_not_a_spreadsheet(contributor_client, organization):
    response = preview(contributor_client, organization, upload("progress.xlsx", MINIMAL_PDF))
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "“progress.xlsx” is not a spreadsheet that can be imported (its content is "
        "application/pdf). Upload an Excel workbook (.xlsx) or a CSV file (.csv): the template, "
        "filled in."
    ]


def test_it_says_which_columns_are_missing(contributor_client, organization):
    response = preview(
        contributor_client,
        organization,
        csv_upload([["Kenya", "x"]], header=["State", "Notes"]),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The sheet has no “Commitment”, “Status”, “As of”, “Summary” columns: keep the "
        "template's header row (Reference, Commitment, State, Status, As of, Summary, "
        "Confidence)."
    ]


def test_it_refuses_a_sheet_without_rows(contributor_client, organization):
    response = preview(contributor_client, organization, xlsx_upload([]))
    assert response.context["form"].errors["file"] == [
        "The sheet has no rows to import below its header row."
    ]


# Pages in constant queries ----------------------------------------------------------------


def test_it_checks_an_upload_in_queries_that_do_not_grow_with_its_rows(
    contributor_client, organization, commitment, django_assert_max_num_queries
):
    ProgressEntryFactory.create_batch(3, organization=organization, commitment=commitment)

    def measure(count):
        rows = [row(summary=f"Fact {n}") for n in range(count)]
        with django_assert_max_num_queries(22) as captured:
            response = preview(contributor_client, organization, csv_upload(rows))
        assert response.context["report"].counts["new"] == count
        return len(captured.captured_queries)

    assert measure(1) == measure(25)
    with django_assert_max_num_queries(8):
        assert contributor_client.get(IMPORT_URL).status_code == 200


# The command ----------------------------------------------------------------------------


def test_it_imports_from_the_command_line_with_a_report(
    contributor, organization, commitment, tmp_path, capsys
):
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes([row(reference="GW-1"), row(state="Narnia")]))
    with pytest.raises(CommandError, match=r"^1 row\(s\) not valid\.$"):
        call_command("import_progress", str(path), "--organization", "gazette-watch", "--dry-run")
    assert capsys.readouterr().out.splitlines() == [
        "2 rows: 1 new entry, 0 changed, 0 already imported, 1 not valid",
        "Row 3: State “Narnia” not found: use a name or ISO3 code from the States sheet.",
    ]
    path.write_bytes(csv_bytes([row(reference="GW-1")]))
    call_command("import_progress", str(path), "--organization", "gazette-watch", "--dry-run")
    assert capsys.readouterr().out.splitlines() == [
        "1 row: 1 new entry, 0 changed, 0 already imported, 0 not valid",
        "Dry run: nothing was saved.",
    ]
    assert not ProgressEntry.objects.exists()
    call_command("import_progress", str(path), "--organization", "gazette-watch")
    assert capsys.readouterr().out.splitlines() == [
        "1 row: 1 new entry as drafts, 0 changed, 0 already imported, 0 not valid",
        "Imported.",
    ]
    assert ProgressEntry.objects.get().created_by == contributor
    call_command("import_progress", str(path), "--organization", "gazette-watch")
    assert capsys.readouterr().out.splitlines()[0] == (
        "1 row: 0 new entries, 0 changed, 1 already imported, 0 not valid"
    )


def test_it_refuses_a_command_import_by_someone_outside_the_organization(
    organization, commitment, tmp_path
):
    UserFactory(username="outsider", role="Contributors")
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(
        CommandError,
        match="outsider: You can only import progress for an organization you belong to.",
    ):
        call_command(
            "import_progress", str(path), "--organization", "gazette-watch", "--user", "outsider"
        )
    with pytest.raises(CommandError, match="No organization “nowhere”."):
        call_command("import_progress", str(path), "--organization", "nowhere")
