"""
The entry form's commitment type-ahead: the search it asks (symbol in any spelling, paragraph
label, words), what it never offers (drafts, chapeaux, retired or untracked paragraphs), who
may ask it, in how many queries; the quoted text it fetches; and the form without JavaScript.
"""

import datetime

import pytest
from django.urls import reverse

from commitments.choices import Strength
from commitments.models import Commitment
from commitments.references import Reference, parse_reference
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, chapeau_with_subs
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("states:commitment_choices")
CREATE_URL = reverse("states:entry_create")
FORCED_LABOUR = "Urges States to end forced labour in supply chains;"
# The session, the user, the user's own and group permissions.
AUTH = 4


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(role="Contributors", organizations=[organization])


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def resolution():
    return ResolutionFactory(
        symbol="A/RES/65/190", title="Trafficking in women and girls", adopted_on="2010-12-21"
    )


@pytest.fixture
def op3(resolution):
    return CommitmentFactory(
        paragraph__resolution=resolution, paragraph__number="3", paragraph__text=FORCED_LABOUR
    )


@pytest.fixture
def op16(resolution):
    """OP 16, a chapeau ("Calls upon all States:"), and its sub-paragraphs (a) and (b)."""
    return chapeau_with_subs(resolution=resolution, number="16", subs="ab")


@pytest.fixture
def other():
    """Another resolution's OP 3, adopted earlier (listed after A/RES/65/190's)."""
    resolution = ResolutionFactory(
        symbol="E/RES/2006/27", title="Crime prevention", adopted_on="2006-07-27"
    )
    return CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="3",
        paragraph__text="Invites Member States to share data on crime;",
    )


def found(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [item["reference"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "text, reference",
    [
        ("A/RES/65/190 OP 16(a)", Reference("A/RES/65/190", "16", "a")),
        ("a/res/65/ 190 op16", Reference("A/RES/65/190", "16")),
        ("res 2006/27 para. 2(b)(i)", Reference("2006/27", "2", "b-i")),
        ("s/res/1325(2000) 4", Reference("S/RES/1325 (2000)", "4")),
        ("16 (a) forced labour", Reference("", "16", "a", ["forced", "labour"])),
        ("trafficking of the victims", Reference(words=["trafficking", "victims"])),
        ("  ", Reference()),
        ("\x00OP 3", Reference(number="3")),
    ],
)
def test_it_reads_the_parts_of_a_typed_reference(text, reference):
    assert parse_reference(text) == reference


@pytest.mark.parametrize("query", ["A/RES/65/190", "a/res/65/ 190", "65/190", "res 65/190"])
def test_it_finds_a_resolutions_commitments_by_its_symbol_in_any_spelling(
    contributor_client, op3, op16, other, query
):
    assert found(contributor_client, query) == [
        "A/RES/65/190 OP 3",
        "A/RES/65/190 OP 16(a)",
        "A/RES/65/190 OP 16(b)",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("OP 16", ["A/RES/65/190 OP 16(a)", "A/RES/65/190 OP 16(b)"]),
        ("16(a)", ["A/RES/65/190 OP 16(a)"]),
        ("para 16 (b)", ["A/RES/65/190 OP 16(b)"]),
        ("OP 3", ["A/RES/65/190 OP 3", "E/RES/2006/27 OP 3"]),
        ("65/190 OP 3", ["A/RES/65/190 OP 3"]),
        ("3", ["A/RES/65/190 OP 3", "E/RES/2006/27 OP 3"]),
    ],
)
def test_it_finds_commitments_by_their_paragraph_label(
    contributor_client, op3, op16, other, query, expected
):
    assert found(contributor_client, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("forced labour", ["A/RES/65/190 OP 3"]),
        ("LABOUR supply", ["A/RES/65/190 OP 3"]),
        ("labour crime", []),
        # A sub-paragraph is found by its lead-in's words, a paragraph by its resolution's title.
        ("calls upon all", ["A/RES/65/190 OP 16(a)", "A/RES/65/190 OP 16(b)"]),
        ("crime prevention", ["E/RES/2006/27 OP 3"]),
        ("65/190 labour", ["A/RES/65/190 OP 3"]),
        ("", []),
    ],
)
def test_it_finds_commitments_by_words_of_their_text(
    contributor_client, op3, op16, other, query, expected
):
    assert found(contributor_client, query) == expected


def test_it_never_offers_a_draft_a_chapeau_or_a_paragraph_nobody_is_asked_to_act_on(
    contributor_client, op3, op16
):
    draft = ResolutionFactory(symbol="A/RES/65/…", adopted_on=None, title="A draft")
    CommitmentFactory(paragraph__resolution=draft, paragraph__text=FORCED_LABOUR)
    resolution = op3.resolution
    CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="20",
        paragraph__text="Welcomes the end of forced labour;",
        strength=Strength.DECLARATORY,
    )
    retired = CommitmentFactory(paragraph__resolution=resolution, paragraph__text=FORCED_LABOUR)
    Commitment.objects.filter(pk=retired.pk).update(retired=True)

    assert found(contributor_client, "forced labour") == ["A/RES/65/190 OP 3"]
    assert found(contributor_client, "OP 16") == ["A/RES/65/190 OP 16(a)", "A/RES/65/190 OP 16(b)"]
    assert "A/RES/65/190 OP 16" not in found(contributor_client, "calls upon")


def test_it_gives_each_commitment_its_reference_lead_in_and_excerpt(contributor_client, op16):
    chapeau, (sub_a, _) = op16

    response = contributor_client.get(SEARCH_URL, {"q": "16(a)"})

    assert response.json() == {
        "results": [
            {
                "id": sub_a.pk,
                "text": "A/RES/65/190 OP 16(a): To act on point (a);",
                "reference": "A/RES/65/190 OP 16(a)",
                "lead_in": "Calls upon all States: …",
                "excerpt": "To act on point (a);",
            }
        ],
        "more": False,
    }


@pytest.mark.parametrize("role", [None, "Reviewers"])
def test_it_answers_only_those_who_record_progress(client, op3, role):
    assert client.get(SEARCH_URL, {"q": "OP 3"}).status_code == 403
    client.force_login(UserFactory(role=role))

    assert client.get(SEARCH_URL, {"q": "OP 3"}).status_code == 403
    quote_url = reverse("states:commitment_quote", args=[op3.pk])
    assert client.get(quote_url).status_code == 403


def test_it_lists_twenty_in_one_query_and_says_there_are_more(
    contributor_client, django_assert_num_queries
):
    resolution = ResolutionFactory(symbol="A/RES/70/1")

    def search():
        with django_assert_num_queries(AUTH + 1):
            return contributor_client.get(SEARCH_URL, {"q": "70/1 trafficking"}).json()

    for number in range(1, 4):
        CommitmentFactory(paragraph__resolution=resolution, paragraph__number=str(number))
    assert len(search()["results"]) == 3 and search()["more"] is False

    for number in range(4, 31):
        CommitmentFactory(paragraph__resolution=resolution, paragraph__number=str(number))
    many = search()
    assert len(many["results"]) == 20 and many["more"] is True
    assert many["results"][0]["reference"] == "A/RES/70/1 OP 1"


def test_it_quotes_a_sub_paragraph_after_its_lead_in(contributor_client, op16):
    _, (sub_a, _) = op16

    response = contributor_client.get(reverse("states:commitment_quote", args=[sub_a.pk]))

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert text == (
        '<blockquote class="paragraph-text"><span class="label">A/RES/65/190 OP 16(a)</span> '
        '<span class="lead-in">Calls upon all States: …</span> '
        '<span class="sub-label">(a)</span> To act on point (a);</blockquote>'
    )


def test_it_quotes_no_chapeau_and_no_unknown_commitment(contributor_client, op16):
    chapeau, _ = op16

    assert (
        contributor_client.get(reverse("states:commitment_quote", args=[chapeau.pk])).status_code
        == 404
    )
    assert contributor_client.get(
        reverse("states:commitment_quote", args=[999999])
    ).status_code == (404)


# Without JavaScript -------------------------------------------------------------------------


def test_it_keeps_a_plain_drop_down_that_saves_without_javascript(
    contributor_client, organization, op3
):
    page = contributor_client.get(CREATE_URL).content.decode()
    assert f'<option value="{op3.pk}">A/RES/65/190 OP 3: {FORCED_LABOUR}</option>' in page
    assert 'data-commitment-search="/progress/commitments/"' in page

    response = contributor_client.post(
        CREATE_URL,
        {
            "commitment": op3.pk,
            "state": State.objects.get(iso3="FRA").pk,
            "subject_organization": "",
            "organization": organization.pk,
            "status": "partial",
            "fact_date": "2025-06-30",
            "summary": "A law was passed.",
            "confidence": "high",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "save": "Save draft",
        },
    )

    entry = ProgressEntry.objects.get()
    assert response.status_code == 302 and entry.commitment == op3


def test_it_quotes_the_posted_commitment_when_the_form_comes_back(
    contributor_client, organization, op3
):
    response = contributor_client.post(
        CREATE_URL,
        {"commitment": op3.pk, "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert response.context["commitment"] == op3
    assert FORCED_LABOUR in response.content.decode()


def test_it_quotes_the_entrys_commitment_on_the_edit_page(contributor_client, organization, op3):
    entry = ProgressEntryFactory(
        commitment=op3, organization=organization, fact_date=datetime.date(2025, 1, 1)
    )

    response = contributor_client.get(reverse("states:entry_edit", args=[entry.pk]))

    assert response.status_code == 200
    assert '<div class="commitment-quote" id="commitment-quote" aria-live="polite">' in (
        response.content.decode()
    )
    assert response.context["commitment"] == op3


def test_it_explains_every_field_of_the_entry_form(contributor_client):
    form = contributor_client.get(CREATE_URL).context["form"]

    unexplained = [
        name
        for name, field in form.fields.items()
        if name != "revision" and not (field.label and field.help_text)
    ]
    assert unexplained == []
    assert form.fields["confidence"].help_text.startswith("How sure the evidence makes you.")
