"""
States, regions and topics named in the reader's language: states from ISO 3166-1's
translations, regions from the CLDR by M49 code (and the UN's own names where CLDR's region
differs), in the reader's order on every list; English keeps the UN's names. Spreadsheets accept
the names a monitor types in any of the six languages. Topics have a name per language, edited in
the admin, shipped translated for the built-in ones, English where one is missing.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.lexicon import fill_translations
from commitments.models import Topic
from states.filtersets import EntryPageChoices, topic_choice
from states.models import Region, State
from states.spreadsheets.values import Lookups
from tests.factories.commitments import CommitmentFactory, TopicFactory

pytestmark = pytest.mark.django_db


class EntryTopicChoices(EntryPageChoices):
    topic = topic_choice()


def names(iso3, region_code):
    state = State.objects.get(iso3=iso3)
    region = Region.objects.get(m49_code=region_code)
    return {
        language: (state.label, str(state), region.label)
        for language in ["en", "fr", "ar", "es", "ru", "zh-hans"]
        for _ in [translation.activate(language)]
    }


def test_it_names_a_state_and_its_region_in_each_language():
    try:
        assert names("DEU", "150") == {
            "en": ("Germany", "Germany", "Europe"),
            "fr": ("Allemagne", "Allemagne", "Europe"),
            "ar": ("ألمانيا", "ألمانيا", "أوروبا"),
            "es": ("Alemania", "Alemania", "Europa"),
            "ru": ("Германия", "Германия", "Европа"),
            "zh-hans": ("德国", "德国", "欧洲"),
        }
    finally:
        translation.activate("en")


def test_it_keeps_the_uns_own_names_in_english_and_formal_names_elsewhere():
    bolivia = State.objects.get(iso3="BOL")
    korea = State.objects.get(iso3="KOR")
    with translation.override("en"):
        assert (bolivia.label, korea.label) == (
            "Bolivia (Plurinational State of)",
            "Republic of Korea",
        )
    with translation.override("fr"):
        # ISO's formal short name, never the colloquial "Corée du Sud".
        assert (bolivia.label, korea.label) == (
            "Bolivie, état plurinational de",
            "Corée, République de",
        )


def test_it_uses_the_uns_names_for_regions_the_cldr_draws_otherwise():
    latin_america = Region.objects.get(m49_code="419")
    with translation.override("fr"):
        assert latin_america.label == "Amérique latine et Caraïbes"
    with translation.override("es"):
        assert latin_america.label == "América Latina y el Caribe"
    with translation.override("en"):
        assert latin_america.label == "Latin America and the Caribbean"


def test_it_falls_back_to_the_english_name_without_a_translation():
    state = State(iso3="QQQ", name="Nowhere Land")
    with translation.override("fr"):
        assert state.label == "Nowhere Land"


def test_it_lists_the_states_by_their_french_names_under_french_regions(client):
    html = client.get(reverse("states:state_list"), headers={"Accept-Language": "fr"}).content
    html = html.decode()
    # Regions in French order (Afrique, Amériques, Asie, Europe, Océanie), and within Europe
    # Allemagne before Autriche before Belgique, whatever the English order says.
    headings = [html.index(f">{name} <") for name in ["Afrique", "Amériques", "Asie", "Europe"]]
    assert headings == sorted(headings)
    positions = [html.index(f">{name}</a>") for name in ["Allemagne", "Autriche", "Belgique"]]
    assert positions == sorted(positions)
    # "Égypte" sorts among the E's of Africa, not after every unaccented name.
    assert html.index(">Égypte</a>") < html.index(">Éthiopie</a>") < html.index(">Gabon</a>")


def test_it_offers_states_in_the_readers_language_and_order():
    with translation.override("fr"):
        options = [label for _, label in EntryPageChoices.base_filters["state"].field.choices]
    named = options[1:]  # after the empty choice
    assert "Allemagne" in named and "Germany" not in named
    assert named.index("Afghanistan") < named.index("Afrique du Sud") < named.index("Allemagne")


def test_it_names_the_state_on_its_page_and_in_the_matrix_in_arabic(client, approved, kenya):
    arabic = {"Accept-Language": "ar"}
    page = client.get(reverse("states:state_detail", args=[kenya.slug]), headers=arabic)
    assert "<h1>كينيا</h1>" in page.content.decode()
    matrix = client.get(reverse("reports:matrix"), headers=arabic).content.decode()
    assert ">كينيا</a></th>" in matrix
    assert ">Kenya</a>" not in matrix


def test_it_reads_a_state_typed_in_another_language_in_a_spreadsheet():
    lookups = Lookups()
    germany = State.objects.get(iso3="DEU")
    for typed in ["Germany", "Allemagne", "alemania", "Германия", "德国", "ألمانيا", "DEU"]:
        assert lookups.state(typed)[0] == germany.pk, typed


def test_it_names_the_built_in_topics_in_each_language():
    training = Topic.objects.get(slug="training")
    with translation.override("en"):
        assert training.name == "Training and capacity-building"
    with translation.override("fr"):
        assert training.name == "Formation et renforcement des capacités"
    with translation.override("zh-hans"):
        assert training.name == "培训和能力建设"
    with translation.override("ar"):
        assert (
            str(Topic.objects.get(slug="victim-identification"))
            == "حماية الضحايا › تحديد هوية الضحايا"
        )


def test_it_reads_a_topic_without_a_translation_in_english():
    topic = TopicFactory(slug="online", name="Online safety")
    with translation.override("ru"):
        assert Topic.objects.get(pk=topic.pk).name == "Online safety"


def test_it_keeps_what_a_curator_wrote_when_translations_are_filled_again():
    Topic.objects.filter(slug="funding").update(name_fr="Financement durable")
    fill_translations()
    with translation.override("fr"):
        assert Topic.objects.get(slug="funding").name == "Financement durable"
        assert Topic.objects.get(slug="awareness").name == "Sensibilisation"


def test_it_offers_topics_under_their_parent_in_the_readers_language():
    with translation.override("es"):
        options = [label for _, label in EntryTopicChoices.base_filters["topic"].field.choices]
    assert "Protección de las víctimas › Identificación de las víctimas" in options
    assert "Prevención" in options


def test_it_finds_a_topic_by_its_name_in_another_language(client):
    commitment = CommitmentFactory(
        paragraph__text="Calls upon States to train border officials;",
        topics=[Topic.objects.get(slug="training")],
    )
    response = client.get(
        reverse("search:results"),
        {"q": "renforcement des capacités", "kind": "commitments"},
        headers={"Accept-Language": "fr"},
    )
    assert [row.pk for row in response.context["results"]] == [commitment.pk]
    assert "Formation et renforcement des capacités" in response.content.decode()


def test_it_edits_a_topics_name_in_every_language_in_the_admin(admin_client):
    topic = Topic.objects.get(slug="training")
    html = admin_client.get(reverse("admin:commitments_topic_change", args=[topic.pk])).content
    html = html.decode()
    for column in ["name_en", "name_fr", "name_ar", "name_es", "name_ru", "name_zh_hans"]:
        assert f'name="{column}"' in html
    assert 'value="Formation et renforcement des capacités"' in html
