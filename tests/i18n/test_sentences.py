"""
Sentences put together in Python read in the reader's language: a chapeau's roll-up, the
session a reporting request is due at, a spreadsheet import's errors and summary.
"""

import pytest
from django.utils import translation

from commitments.choices import Body
from commitments.deadlines.models import ReportingRequest
from states.rollups import Rollup
from states.spreadsheets.values import Lookups

ROLLUP = Rollup(5, {"implemented": 3, "in_progress": 1})


@pytest.mark.parametrize(
    ("language", "rollup", "none"),
    [
        (
            "en",
            "3 of 5 sub-paragraphs implemented, 1 in progress, 1 not assessed",
            "4 sub-paragraphs, none assessed",
        ),
        (
            "fr",
            "3 alinéas sur 5 : mis en œuvre, 1 en cours, 1 non évalué",
            "4 alinéas, aucun évalué",
        ),
        ("zh-hans", "5 个分段中的 3 个：已落实，1 进行中，1 未评估", "4 个分段，均未评估"),
    ],
)
def test_it_rolls_up_a_chapeau_in_the_readers_language(language, rollup, none):
    with translation.override(language):
        assert (str(ROLLUP), str(Rollup(4))) == (rollup, none)


@pytest.mark.parametrize(
    ("language", "label", "special"),
    [
        ("en", "General Assembly, 67th session", "General Assembly, 67th special session"),
        ("fr", "Assemblée générale, 67e session", "Assemblée générale, 67e session extraordinaire"),
        (
            "ru",
            "Генеральная Ассамблея, 67-я сессия",
            "Генеральная Ассамблея, 67-я специальная сессия",
        ),
        ("ar", "الجمعية العامة، الدورة 67", "الجمعية العامة، الدورة الاستثنائية 67"),
        ("zh-hans", "大会第67届会议", "大会第67届特别会议"),
    ],
)
def test_it_names_the_session_a_request_is_due_at_in_the_readers_language(language, label, special):
    request = ReportingRequest(due_body=Body.GENERAL_ASSEMBLY, due_session=67)
    with translation.override(language):
        assert request.session_label == label
        request.session_kind = "special"
        assert request.session_label == special


@pytest.mark.django_db
def test_it_explains_a_spreadsheets_unknown_state_in_the_readers_language():
    lookups = Lookups()
    with translation.override("fr"), pytest.raises(ValueError) as refused:
        lookups.state("Atlantide")
    assert str(refused.value) == (
        "État « Atlantide » introuvable : utilisez un nom ou un code ISO3 de la feuille States."
    )
    with translation.override("es"), pytest.raises(ValueError) as refused:
        lookups.commitment("A/RES/65/190")
    assert str(refused.value).startswith("«A/RES/65/190» no es una referencia de compromiso.")
