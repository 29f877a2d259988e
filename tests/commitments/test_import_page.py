import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, Resolution
from tests.files import HOSTILE_WORD_FILES

pytestmark = pytest.mark.django_db

URL = reverse("commitments:resolution_import")
HRC_14_2 = "000_88eff498be9b4030.txt"


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("importer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="add_resolution"))
    return user


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_forbids_users_without_the_import_permission(client, django_user_model, seed_texts):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": seed_texts[HRC_14_2], "confirm": "1"}).status_code == 403
    assert Resolution.objects.count() == 0


def test_it_previews_the_parse_without_saving(client, importer, seed_texts):
    client.force_login(importer)

    response = client.post(URL, {"text": seed_texts[HRC_14_2], "preview": "1"})

    content = response.content.decode()
    assert "Preview: nothing is saved yet" in content
    assert "A/HRC/RES/14/2" in content
    assert len(response.context["parsed"].operative) == 27
    assert "Reiterates its concern" in content
    assert Resolution.objects.count() == 0


def test_it_saves_the_previewed_text_on_confirmation(client, importer, seed_texts):
    client.force_login(importer)

    response = client.post(URL, {"source": seed_texts[HRC_14_2], "confirm": "1"})

    resolution = Resolution.objects.get()
    assert response.url == resolution.get_absolute_url()
    assert resolution.imported_by == importer
    assert Commitment.objects.count() == 27


def test_it_explains_why_a_text_is_not_a_resolution_and_keeps_it(client, importer):
    client.force_login(importer)
    article = "The city council met on Tuesday to discuss the new bus timetable and parking fees."

    response = client.post(URL, {"text": article, "preview": "1"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert article in response.content.decode()
    assert Resolution.objects.count() == 0


def test_it_refuses_a_binary_upload_with_a_clear_message(client, importer):
    client.force_login(importer)
    upload = SimpleUploadedFile("resolution.txt", b"\x00\x01\x02\x03" * 100)

    response = client.post(URL, {"file": upload, "preview": "1"})

    assert "not text" in response.context["form"].errors["file"][0]
    assert Resolution.objects.count() == 0


def test_it_refuses_an_oversized_upload(client, importer, settings):
    settings.RESOLUTION_UPLOAD_MAX_BYTES = 1024
    client.force_login(importer)
    upload = SimpleUploadedFile("resolution.txt", b"Urges States to act;\n" * 200)

    response = client.post(URL, {"file": upload, "preview": "1"})

    assert "larger than" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("kind", HOSTILE_WORD_FILES)
def test_it_answers_a_hostile_or_damaged_word_file_with_a_form_error(client, importer, kind):
    build, message = HOSTILE_WORD_FILES[kind]
    client.force_login(importer)
    upload = SimpleUploadedFile("resolution.docx", build())

    response = client.post(URL, {"file": upload, "preview": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert Resolution.objects.count() == 0
