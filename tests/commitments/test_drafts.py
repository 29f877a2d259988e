"""
Adopted or draft: a resolution whose adoption is not established (no symbol, a placeholder
symbol, no date) is a draft, marked as such and corrected through one path (the import
preview, the admin, the demo), with its history; symbols are found in any usual spelling.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments.choices import Body
from commitments.filtersets import ResolutionFilterSet
from commitments.models import Commitment, Resolution
from commitments.symbols import normalize_symbol
from tests.factories.commitments import CommitmentFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

HRC_44 = "003_589e4493db1a0a20.txt"
ADOPTED = datetime.date(2020, 7, 16)


@pytest.mark.parametrize(
    ("symbol", "adopted_on"),
    [
        (None, ADOPTED),  # no symbol
        ("44/…", ADOPTED),  # the unedited text's number
        ("A/HRC/RES/44/…", ADOPTED),  # a full symbol with an ellipsis
        ("A/HRC/RES/44/...", ADOPTED),  # the ellipsis typed as three dots
        ("A/HRC/RES/44/", ADOPTED),  # no number
        ("A/HRC/44/L.6", ADOPTED),  # the draft's own document symbol
        ("A/HRC/RES/44/4", None),  # no adoption date
    ],
)
def test_it_marks_a_text_without_an_established_adoption_a_draft(symbol, adopted_on):
    resolution = ResolutionFactory(symbol=symbol, adopted_on=adopted_on)

    assert resolution.is_adopted is False
    assert list(Resolution.objects.adopted()) == []
    assert list(Resolution.objects.drafts()) == [resolution]


def test_it_marks_a_numbered_dated_resolution_adopted():
    resolution = ResolutionFactory(symbol="A/HRC/RES/44/4", adopted_on=ADOPTED)

    assert resolution.is_adopted is True
    assert list(Resolution.objects.adopted()) == [resolution]


def test_it_keeps_the_adoption_in_step_in_the_database():
    """A bulk write that skips save() cannot leave a placeholder counted as adopted."""
    resolution = ResolutionFactory(symbol="A/HRC/RES/44/4", adopted_on=ADOPTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.filter(pk=resolution.pk).update(symbol="44/…")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.filter(pk=resolution.pk).update(is_adopted=False)


def test_it_counts_only_adopted_resolutions_commitments_by_default():
    adopted = CommitmentFactory(paragraph__resolution=ResolutionFactory(symbol="A/RES/65/190"))
    draft = CommitmentFactory(paragraph__resolution=ResolutionFactory(symbol="44/…"))

    assert list(Commitment.objects.adopted()) == [adopted]
    assert set(Commitment.objects.counted(drafts=True)) == {adopted, draft}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("E/RES/2006/27", "E/RES/2006/27"),
        ("e/res/2006/27", "E/RES/2006/27"),
        ("res 2006/27", "2006/27"),
        ("Resolution 65/190", "65/190"),
        (" A / RES / 65 / 190 ", "A/RES/65/190"),
        ("s/res/1325(2000)", "S/RES/1325 (2000)"),
    ],
)
def test_it_normalizes_a_typed_symbol(typed, expected):
    assert normalize_symbol(typed) == expected


@pytest.fixture
def symbols():
    return {
        "ecosoc": ResolutionFactory(symbol="E/RES/2006/27", title="Cooperation"),
        "ga": ResolutionFactory(symbol="A/RES/65/190", title="Women and girls"),
        "other": ResolutionFactory(symbol="A/RES/65/19", title="Something else"),
    }


# The stored spelling itself was always found; these were not (by all of the list, the search
# page and the API).
SPELLINGS = [
    ("2006/27", "ecosoc"),
    ("res 2006/27", "ecosoc"),
    ("e/res/2006/27", "ecosoc"),
    ("E/RES/ 2006 /27", "ecosoc"),
    ("65/190", "ga"),
    ("a/res/65/190", "ga"),
    ("resolution 65/190", "ga"),
]


@pytest.mark.parametrize(("typed", "key"), SPELLINGS)
def test_it_finds_a_resolution_by_its_symbol_in_any_usual_spelling(symbols, typed, key):
    for name in ("q", "symbol"):
        found = ResolutionFilterSet({name: typed}, queryset=Resolution.objects.all()).qs
        assert list(found) == [symbols[key]], name


@pytest.mark.parametrize(("typed", "key"), SPELLINGS)
def test_it_finds_the_symbol_on_the_list_the_search_page_and_the_api(client, symbols, typed, key):
    listed = client.get(reverse("commitments:resolution_list"), {"q": typed})
    searched = client.get(reverse("search:results"), {"q": typed, "kind": "resolutions"})
    api = client.get(reverse("api:resolution-list"), {"symbol": typed})

    assert [r.pk for r in listed.context["resolutions"]] == [symbols[key].pk]
    assert symbols[key].pk in [r.pk for r in searched.context["results"]]
    assert [r["id"] for r in api.json()["results"]] == [symbols[key].pk]


def test_it_shows_a_draft_badge_in_words(client):
    draft = CommitmentFactory(paragraph__resolution=ResolutionFactory(symbol="44/…"))
    adopted = CommitmentFactory(paragraph__resolution=ResolutionFactory(symbol="A/RES/65/190"))

    pages = {
        "list": client.get(reverse("commitments:resolution_list")),
        "draft": client.get(draft.resolution.get_absolute_url()),
        "commitment": client.get(draft.get_absolute_url()),
        "adopted": client.get(adopted.resolution.get_absolute_url()),
        "adopted commitment": client.get(adopted.get_absolute_url()),
    }

    badge = '<span class="badge draft-badge"'
    assert pages["list"].content.decode().count(badge) == 1
    assert badge in pages["draft"].content.decode()
    assert badge in pages["commitment"].content.decode()
    assert badge not in pages["adopted"].content.decode()
    assert badge not in pages["adopted commitment"].content.decode()
    assert ">Draft</span>" in pages["draft"].content.decode()


# Correcting: the import preview and the admin -------------------------------------------------


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("importer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="add_resolution"))
    return user


def test_it_saves_the_previews_corrections_with_their_history(client, importer, seed_texts):
    client.force_login(importer)
    preview = client.post(reverse("commitments:resolution_import"), {"text": seed_texts[HRC_44]})
    assert preview.context["confirm_form"].initial["symbol"] == "44/…"

    response = client.post(
        reverse("commitments:resolution_import"),
        {
            "source": seed_texts[HRC_44],
            "symbol": "a/hrc/res/44/4",
            "body": Body.HUMAN_RIGHTS_COUNCIL,
            "session": "Forty-fourth session",
            "title": preview.context["parsed"].title,
            "adopted_on": "2020-07-16",
            "vote_note": "without a vote",
            "confirm": "1",
        },
    )

    resolution = Resolution.objects.get()
    assert response.url == resolution.get_absolute_url()
    assert (resolution.symbol, resolution.adopted_on, resolution.is_adopted) == (
        "A/HRC/RES/44/4",
        ADOPTED,
        True,
    )
    corrected, imported = resolution.history.order_by("-history_id")
    assert (imported.symbol, imported.adopted_on, imported.is_adopted) == ("44/…", None, False)
    assert corrected.history_change_reason == "Corrected on import"
    assert corrected.history_user == importer


def test_it_refuses_a_symbol_in_another_bodys_format_and_keeps_the_preview(
    client, importer, seed_texts
):
    client.force_login(importer)

    response = client.post(
        reverse("commitments:resolution_import"),
        {
            "source": seed_texts[HRC_44],
            "symbol": "A/RES/44/4",
            "body": Body.HUMAN_RIGHTS_COUNCIL,
            "adopted_on": "2020-07-16",
            "confirm": "1",
        },
    )

    assert response.status_code == 200
    assert response.context["confirm_form"].errors["symbol"] == [
        "Human Rights Council resolutions have symbols like A/HRC/RES/44/4."
    ]
    assert Resolution.objects.count() == 0


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    return client


def test_it_marks_a_draft_adopted_in_the_admin(admin_client):
    draft = ResolutionFactory(symbol="44/…", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=None)
    url = reverse("admin:commitments_resolution_adopt", args=[draft.pk])

    response = admin_client.post(
        url, {"symbol": "A/HRC/RES/44/4", "adopted_on": "2020-07-16", "note": "Checked"}
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.symbol, draft.adopted_on, draft.is_adopted) == ("A/HRC/RES/44/4", ADOPTED, True)
    latest = draft.history.latest("history_id")
    assert (latest.history_change_reason, latest.history_user.username) == ("Checked", "boss")


@pytest.mark.parametrize(
    ("symbol", "error"),
    [
        ("A/RES/44/4", "Human Rights Council resolutions have symbols like A/HRC/RES/44/4."),
        ("A/HRC/RES/44/…", "A/HRC/RES/44/… is not an adopted resolution&#x27;s symbol"),
    ],
)
def test_it_refuses_to_mark_a_draft_adopted_with_a_symbol_out_of_format(
    admin_client, symbol, error
):
    draft = ResolutionFactory(symbol="44/…", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=None)
    url = reverse("admin:commitments_resolution_adopt", args=[draft.pk])

    response = admin_client.post(url, {"symbol": symbol, "adopted_on": "2020-07-16"})

    draft.refresh_from_db()
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (draft.symbol, draft.is_adopted) == ("44/…", False)


def test_it_checks_the_symbols_format_in_the_admins_change_form(admin_client):
    resolution = ResolutionFactory(symbol="44/…", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=None)
    url = reverse("admin:commitments_resolution_change", args=[resolution.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(symbol="A/RES/44/4", adopted_on="2020-07-16")
    data.update({f"revisions-{key}": "0" for key in ("TOTAL_FORMS", "INITIAL_FORMS")})

    response = admin_client.post(url, data)

    resolution.refresh_from_db()
    assert response.status_code == 200
    assert (
        "Human Rights Council resolutions have symbols like A/HRC/RES/44/4."
        in response.content.decode()
    )
    assert (resolution.symbol, resolution.is_adopted) == ("44/…", False)
