"""
The site in French and Arabic: the main pages translated, Arabic laid out right to left, dates in
the reader's language, the language kept for a signed-in user, cached fragments per language.
English stays the default, unchanged.
"""

import re

import pytest
from django.urls import reverse

from accounts.models import Preferences
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

SWITCH = "/accounts/language/"


def read(client, url, language=None, **params):
    headers = {"Accept-Language": language} if language else {}
    response = client.get(url, params, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def main_pages(entry):
    return [
        reverse("home"),
        reverse("reports:overview"),
        reverse("reports:matrix"),
        reverse("states:state_list"),
        reverse("states:state_detail", args=[entry.state.slug]),
        reverse("commitments:resolution_list"),
        entry.commitment.resolution.get_absolute_url(),
        entry.commitment.get_absolute_url(),
    ]


def test_it_reads_in_english_by_default_as_before(client, approved):
    html = read(client, reverse("states:state_detail", args=[approved.state.slug]))

    assert '<html lang="en">' in html
    assert "What has been assessed" in html
    assert "UN member since</dt><dd>16 December 1963</dd>" in html


def test_it_reads_the_main_pages_in_french(client, approved):
    for url in main_pages(approved):
        html = read(client, url, "fr")
        assert '<html lang="fr">' in html, url
        assert 'dir="rtl"' not in html, url
        assert ">Tableau de bord</a>" in html, url
        assert '<span lang="fr">français</span></summary>' in html, url


def test_it_lays_out_the_main_pages_in_arabic_right_to_left(client, approved):
    for url in main_pages(approved):
        html = read(client, url, "ar")
        assert '<html lang="ar" dir="rtl">' in html, url
        assert ">لوحة المتابعة</a>" in html, url


@pytest.mark.parametrize(
    ("language", "lang", "dashboard", "council"),
    [
        ("es", "es", "Panel", "Consejo de Derechos Humanos"),
        ("ru", "ru", "Панель мониторинга", "Совет по правам человека"),
        ("zh-hans", "zh-hans", "仪表板", "人权理事会"),
    ],
)
def test_it_reads_the_main_pages_in_spanish_russian_and_chinese(
    client, approved, language, lang, dashboard, council
):
    resolution = approved.commitment.resolution
    resolution.body = "HRC"
    resolution.save()

    for url in main_pages(approved):
        html = read(client, url, language)
        assert f'<html lang="{lang}">' in html, url
        assert f">{dashboard}</a>" in html, url
    assert council in read(client, resolution.get_absolute_url(), language)


def test_it_translates_a_state_page_with_its_dates_statuses_and_names(client, approved):
    url = reverse("states:state_detail", args=[approved.state.slug])

    french = read(client, url, "fr")
    arabic = read(client, url, "ar")

    assert "Ce qui a été évalué" in french
    assert "Membre de l’ONU depuis le</dt><dd>16 décembre 1963</dd>" in french
    assert "Partiellement mis en œuvre" in french
    assert "ما جرى تقييمه" in arabic
    assert "16 ديسمبر، 1963" in arabic  # Django's Arabic date format
    assert "منفَّذ جزئيًا" in arabic


def test_it_translates_the_entry_form_and_its_choices(client):
    organization = OrganizationFactory()
    client.force_login(UserFactory(role="Contributors", organizations=[organization]))

    french = read(client, reverse("states:entry_create"), "fr")
    arabic = read(client, reverse("states:entry_create"), "ar")

    assert "Enregistrer le brouillon" in french and "Partiellement mis en œuvre" in french
    assert '<html lang="ar" dir="rtl">' in arabic and "حفظ المسودة" in arabic


def test_it_names_un_bodies_officially(client, approved):
    resolution = approved.commitment.resolution
    resolution.body = "HRC"
    resolution.save()

    french = read(client, resolution.get_absolute_url(), "fr")
    arabic = read(client, resolution.get_absolute_url(), "ar")

    assert "Conseil des droits de l’homme" in french
    assert "مجلس حقوق الإنسان" in arabic


def test_it_says_responses_vary_by_language(client):
    response = client.get(reverse("home"), headers={"Accept-Language": "fr"})

    assert response["Content-Language"] == "fr"
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_it_keeps_cached_fragments_apart_by_language(client, approved):
    french = read(client, reverse("home"), "fr")
    english = read(client, reverse("home"))
    arabic = read(client, reverse("home"), "ar")

    # The home page's public part is cached HTML, read again here from the cache.
    assert "Résolutions adoptées suivies" in french
    assert "Adopted resolutions tracked" in english and "Résolutions" not in english
    assert "القرارات المعتمدة المتابَعة" in arabic and "Adopted resolutions" not in arabic


def test_it_keeps_the_matrix_apart_by_language(client, approved):
    english = read(client, reverse("reports:matrix"))
    french = read(client, reverse("reports:matrix"), "fr")

    assert "assessed cell" in english
    assert "cellule évaluée" in french and "assessed cell" not in french


def test_it_switches_a_visitors_language_with_a_cookie(client):
    response = client.post(SWITCH, {"language": "fr", "next": "/states/"})

    assert (response.status_code, response.url) == (302, "/states/")
    assert response.cookies["django_language"].value == "fr"
    assert '<html lang="fr">' in read(client, "/states/")


def test_it_refuses_a_language_it_does_not_speak(client):
    client.post(SWITCH, {"language": "xx", "next": "/"})

    assert '<html lang="en">' in read(client, "/")


def test_it_keeps_a_signed_in_users_language_for_their_next_sign_in(client):
    user = UserFactory()
    client.force_login(user)
    client.post(SWITCH, {"language": "ar", "next": "/"})

    assert Preferences.objects.get(user=user).language == "ar"
    client.logout()
    client.cookies.clear()
    assert '<html lang="en">' in read(client, "/")

    client.post(reverse("login"), {"username": user.username, "password": "a-long-demo-passphrase"})
    assert '<html lang="ar" dir="rtl">' in read(client, "/")


def test_it_prefers_a_signed_in_users_saved_language_to_the_browsers(client):
    user = UserFactory()
    Preferences.objects.create(user=user, language="fr")
    client.post(reverse("login"), {"username": user.username, "password": "a-long-demo-passphrase"})

    assert '<html lang="fr">' in read(client, "/states/", "ar")


def test_it_prepares_a_pdf_report_in_the_readers_language(client, approved):
    url = reverse("reports:state_report", args=[approved.state.slug])

    arabic = read(client, url, "ar")

    french = read(client, url, "fr")

    assert '<html lang="ar" dir="rtl">' in arabic and "تقرير التقدم" in arabic
    assert "Portée : rapport par État ; 1 engagement ; entrées approuvées uniquement." in french


def test_it_draws_charts_with_numbers_svg_reads_in_every_language(client, approved):
    for language in ("fr", "ar"):
        html = read(client, reverse("reports:overview"), language)
        chart = html[html.index('<svg id="status-chart"') :]
        chart = chart[: chart.index("</svg>")]
        widths = re.findall(r'<rect x="[^"]*" y="[^"]*" width="([^"]*)"', chart)
        assert widths and all(re.fullmatch(r"\d+(\.\d+)?", width) for width in widths), widths


def test_it_writes_each_reviewer_in_the_language_they_chose(
    kenya, mailoutbox, django_capture_on_commit_callbacks
):
    entry = ProgressEntryFactory(state=kenya)
    english = UserFactory(username="reads-english", role="Reviewers")
    arabic = UserFactory(username="reads-arabic", role="Reviewers")
    Preferences.objects.create(user=arabic, language="ar")

    with django_capture_on_commit_callbacks(execute=True):
        entry.transition("submit", entry.created_by)

    mails = {message.to[0]: message for message in mailoutbox}
    assert mails[english.email].subject.startswith("[Commitment Tracker] For review: Kenya on ")
    # Kenya named in Arabic too.
    assert mails[arabic.email].subject.startswith("[Commitment Tracker] للمراجعة: كينيا بشأن ")
    assert "راجعه هنا:" in mails[arabic.email].body


def test_it_sends_the_switcher_only_back_to_this_site(client):
    response = client.post(SWITCH, {"language": "fr", "next": "https://elsewhere.example/"})

    assert (response.status_code, response.url) == (302, "/")


def test_it_answers_api_errors_in_the_language_asked_with_stable_codes(client):
    response = client.get("/api/v1/no-such-thing/", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Cette adresse de l’API n’existe pas.",
        "code": "not_found",
    }
