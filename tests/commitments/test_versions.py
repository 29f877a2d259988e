"""A resolution's texts in the other official languages: import, alignment, display."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from commitments.choices import TextStatus
from commitments.ingest import import_resolution
from commitments.models import Commitment, ParagraphText, ResolutionText
from commitments.versions import align, import_version
from tests.permissions import DONE, FORBIDDEN, LOGIN, Cast, check_matrix, row

pytestmark = pytest.mark.django_db

HRC_14_2 = "000_88eff498be9b4030.txt"
TEXTS = Path(settings.BASE_DIR) / "data" / "resolutions" / "versions"
FRENCH = (TEXTS / "000_88eff498be9b4030.fr.txt").read_text(encoding="utf-8")
ARABIC = (TEXTS / "000_88eff498be9b4030.ar.txt").read_text(encoding="utf-8")
FRENCH_7A = (
    "Promouvoir l'application des instruments internationaux juridiquement contraignants "
    "relatifs à la lutte contre la traite des personnes, notamment le Protocole visant à "
    "prévenir, réprimer et punir la traite des personnes, en particulier des femmes et des "
    "enfants, et, en particulier, promouvoir l'incrimination de toutes les formes de traite "
    "qui y sont définies ;"
)
FRENCH_7 = (
    "Demande également aux gouvernements, en vue de renforcer la coopération régionale et "
    "sous-régionale pour prévenir et combattre la traite des personnes, de prendre des "
    "mesures appropriées, notamment :"
)
ARABIC_7A = "تعزيز تنفيذ الصكوك الدولية الملزمة قانوناً لمكافحة الاتجار بالأشخاص؛"
# The French text without its paragraph 7(c).
FRENCH_WITHOUT_7C = "\n".join(
    line for line in FRENCH.splitlines() if not line.startswith("c) Promouvoir des réponses")
)


@pytest.fixture(autouse=True)
def in_english():
    """Messages read outside a request in English (a request in French leaves French on)."""
    with translation.override("en"):
        yield


@pytest.fixture
def resolution(seed_texts):
    return import_resolution(seed_texts[HRC_14_2]).resolution


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("importer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="add_resolution"))
    return user


def commitment_at(resolution, number, sub=""):
    return Commitment.objects.get(
        resolution=resolution, paragraph__number=number, paragraph__sub=sub, retired=False
    )


def add_url(resolution):
    return reverse("commitments:resolution_text_import", args=[resolution.pk])


def test_it_aligns_a_french_version_paragraph_by_paragraph(resolution):
    outcome = import_version(resolution, "fr", FRENCH)

    version = outcome.version
    assert (outcome.status, version.status, version.problems) == ("created", "aligned", [])
    assert version.paragraph_texts.count() == 27
    texts = {t.paragraph.label: t.text for t in version.paragraph_texts.select_related("paragraph")}
    assert texts["7(a)"] == FRENCH_7A
    assert texts["1"] == "Réitère sa préoccupation face :"
    assert texts["13"] == (
        "Décide de poursuivre l'examen de cette question au titre du même point de l'ordre du "
        "jour, conformément à son programme de travail annuel."
    )


def test_it_shows_the_french_text_beside_the_english_on_the_commitment_page(
    client, resolution, django_assert_max_num_queries
):
    import_version(resolution, "fr", FRENCH)
    commitment = commitment_at(resolution, "7", "a")
    url = reverse("reports:commitment_detail", args=[commitment.pk])

    english = client.get(url).content.decode()
    with django_assert_max_num_queries(40):
        page = client.get(url, headers={"Accept-Language": "fr"}).content.decode()

    assert FRENCH_7A not in english
    assert (
        '<p class="version-text" lang="fr" dir="ltr"><span class="version-label">'
        f"Texte en français</span> {escape(FRENCH_7A)}</p>"
    ) in page
    # Its lead-in too, under the English one; the English keeps its own language.
    assert f"Texte en français</span> {FRENCH_7}</p>" in page
    assert 'class="paragraph-text" lang="en"' in page
    assert commitment.paragraph.text in page


def test_it_shows_the_versions_on_the_resolution_page_in_the_readers_language(
    client, resolution, django_assert_max_num_queries
):
    import_version(resolution, "fr", FRENCH)
    import_version(resolution, "ar", ARABIC)
    url = resolution.get_absolute_url()
    client.get(url, headers={"Accept-Language": "fr"})  # caches warmed

    with django_assert_max_num_queries(30) as french_queries:
        french = client.get(url, headers={"Accept-Language": "fr"}).content.decode()
    with django_assert_max_num_queries(len(french_queries.captured_queries)):
        english = client.get(url).content.decode()

    assert french.count('class="version-text" lang="fr" dir="ltr"') == 27
    assert "Texte en français" in french
    assert 'lang="ar"' not in french.split('class="versions"')[1].split("</section>")[1]
    assert "version-text" not in english
    assert english.count('class="badge badge-ok">Aligned with the English numbering<') == 2


def test_it_aligns_an_arabic_version_numbered_in_arabic_indic_digits_right_to_left(
    client, resolution
):
    version = import_version(resolution, "ar", ARABIC).version
    assert version.status == TextStatus.ALIGNED
    commitment = commitment_at(resolution, "7", "a")

    page = client.get(
        reverse("reports:commitment_detail", args=[commitment.pk]),
        headers={"Accept-Language": "ar"},
    ).content.decode()

    assert '<p class="version-text" lang="ar" dir="rtl">' in page
    assert f"</span> {ARABIC_7A}</p>" in page


def test_it_flags_a_version_with_a_paragraph_missing_and_shows_none_of_it(client, resolution):
    version = import_version(resolution, "fr", FRENCH_WITHOUT_7C).version

    assert version.status == TextStatus.MISALIGNED
    assert version.problems == [
        {"code": "count", "english": 27, "version": 26},
        {"code": "missing", "places": ["7(c)"]},
    ]
    assert version.problem_messages == [
        "The English text has 27 numbered paragraphs and sub-paragraphs; this version has 26.",
        "Missing from this version: paragraph 7(c).",
    ]
    assert not ParagraphText.objects.exists()
    commitment = commitment_at(resolution, "7", "a")
    page = client.get(
        reverse("reports:commitment_detail", args=[commitment.pk]),
        headers={"Accept-Language": "fr"},
    ).content.decode()
    assert "version-text" not in page
    resolution_page = client.get(
        resolution.get_absolute_url(), headers={"Accept-Language": "en"}
    ).content.decode()
    assert "Numbering does not match" in resolution_page
    assert "version-text" not in resolution_page


def test_it_refuses_a_text_of_another_resolution(resolution):
    other = FRENCH.replace("A/HRC/RES/14/2", "A/HRC/RES/15/3").replace("\n14/2\n", "\n15/3\n")

    with pytest.raises(ValidationError) as refused:
        import_version(resolution, "fr", other)

    assert refused.value.messages == [
        "This text is resolution A/HRC/RES/15/3, not A/HRC/RES/14/2: it was not imported."
    ]
    assert not ResolutionText.objects.exists()


def test_it_refuses_english_as_another_language(resolution):
    with pytest.raises(ValidationError):
        import_version(resolution, "en", FRENCH)
    assert not ResolutionText.objects.exists()


def test_it_replaces_a_version_and_keeps_one_per_language(resolution):
    import_version(resolution, "fr", FRENCH_WITHOUT_7C)
    outcome = import_version(resolution, "fr", FRENCH)
    again = import_version(resolution, "fr", FRENCH)

    assert (outcome.status, again.status) == ("replaced", "unchanged")
    assert ResolutionText.objects.get().status == TextStatus.ALIGNED
    assert ParagraphText.objects.count() == 27


def test_it_matches_the_versions_again_when_a_corrected_english_text_is_imported(
    resolution, seed_texts
):
    import_version(resolution, "fr", FRENCH)
    corrected = seed_texts[HRC_14_2].replace(
        "13. *Decides* to continue",
        "13. *Invites* States to share good practices;\n\n14. *Decides* to continue",
    )

    import_resolution(corrected)

    version = ResolutionText.objects.get()
    assert (version.status, version.english_version) == ("misaligned", 2)
    assert {"code": "missing", "places": ["14"]} in version.problems
    assert not ParagraphText.objects.exists()


def test_it_adds_a_version_from_the_import_page_and_says_so(client, importer, resolution):
    client.force_login(importer)

    response = client.post(add_url(resolution), {"language": "fr", "text": FRENCH}, follow=True)

    assert response.redirect_chain[-1][0] == resolution.get_absolute_url()
    page = response.content.decode()
    assert "Text in French imported: 27 paragraphs matched to the English." in page
    assert ResolutionText.objects.get().imported_by == importer


def test_it_shows_a_flagged_version_with_its_problems_on_the_import_page(
    client, importer, resolution
):
    client.force_login(importer)

    response = client.post(
        add_url(resolution), {"language": "fr", "text": FRENCH_WITHOUT_7C}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == add_url(resolution)
    assert "Text in French kept but not shown: its numbering does not line up" in page
    assert "<li>Missing from this version: paragraph 7(c).</li>" in page


def test_it_refuses_another_symbol_with_a_clear_error(client, importer, resolution):
    client.force_login(importer)
    other = FRENCH.replace("A/HRC/RES/14/2", "A/HRC/RES/15/3")

    response = client.post(add_url(resolution), {"language": "fr", "text": other})

    assert response.status_code == 200
    assert (
        "This text is resolution A/HRC/RES/15/3, not A/HRC/RES/14/2: it was not imported."
        in response.content.decode()
    )
    assert not ResolutionText.objects.exists()


def test_it_lets_only_those_who_may_import_resolutions_add_a_version(client, resolution):
    cast = Cast()
    added = []

    def send(client, _target):
        response = client.post(add_url(resolution), {"language": "fr", "text": FRENCH})
        added.append(ResolutionText.objects.count())
        return response

    check_matrix(
        client,
        cast,
        make=lambda: ResolutionText.objects.all().delete() and None,
        send=send,
        expected=row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE),
    )
    assert added == [0, 0, 0, 0, 0, 0, 1]
    assert client.get(add_url(resolution)).status_code == 200  # the administrator, last


def test_it_imports_a_version_found_by_its_symbol_from_the_command(resolution, capsys):
    call_command(
        "import_resolution", str(TEXTS / "000_88eff498be9b4030.fr.txt"), "--language", "fr"
    )

    assert "A/HRC/RES/14/2 (fr): 27 paragraphs matched to the English." in capsys.readouterr().out
    assert ResolutionText.objects.get().language == "fr"


def test_it_refuses_a_version_of_a_resolution_not_held_from_the_command(db, tmp_path, capsys):
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH, encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_resolution", str(path), "--language", "fr")

    assert "No resolution held carries the symbol" in capsys.readouterr().err


def test_it_gives_the_versions_with_the_resolution_in_the_api(client, resolution):
    import_version(resolution, "fr", FRENCH)
    import_version(resolution, "ar", ARABIC.replace("(ط) تبادل الممارسات الجيدة؛\n", ""))

    data = client.get(reverse("api:resolution-detail", args=[resolution.pk])).json()

    arabic, french = data["texts"]
    assert (arabic["language"], arabic["status"], arabic["paragraphs"]) == ("ar", "misaligned", [])
    assert {"code": "missing", "places": ["7(i)"]} in arabic["problems"]
    assert (french["language"], french["status"], len(french["paragraphs"])) == (
        "fr",
        "aligned",
        27,
    )
    assert french["paragraphs"][11] == {
        "paragraph": commitment_at(resolution, "7", "a").paragraph_id,
        "part": "",
        "label": "7(a)",
        "text": FRENCH_7A,
    }


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (Path(__file__).parents[2] / "data" / "resolutions").glob("*.txt")),
)
def test_it_lines_up_each_seeds_english_numbering_with_its_parse(seed_texts, name):
    """The numbering the versions are split by is the one the parser reads in English."""
    resolution = import_resolution(seed_texts[name]).resolution

    assert align(resolution, seed_texts[name]).problems == []


def test_it_lists_the_versions_in_the_admin_with_their_paragraphs(admin_client, resolution):
    version = import_version(resolution, "fr", FRENCH).version

    listing = admin_client.get(
        reverse("admin:commitments_resolutiontext_changelist"), {"q": "14/2"}
    )
    page = admin_client.get(
        reverse("admin:commitments_resolutiontext_change", args=[version.pk])
    ).content.decode()

    assert "A/HRC/RES/14/2 (fr)" in listing.content.decode()
    assert escape(FRENCH_7A) in page


def test_it_takes_an_uploaded_file_on_the_import_page(client, importer, resolution):
    client.force_login(importer)
    upload = SimpleUploadedFile("14-2-fr.txt", FRENCH.encode("utf-8"), "text/plain")

    client.post(add_url(resolution), {"language": "fr", "file": upload})

    assert ResolutionText.objects.get().paragraph_texts.count() == 27


def test_it_reads_the_short_number_an_arabic_heading_prints_in_arabic_indic_digits(resolution):
    without_full_symbol = ARABIC.replace("\tA/HRC/RES/14/2", "")

    version = import_version(resolution, "ar", without_full_symbol).version

    assert version.status == TextStatus.ALIGNED
