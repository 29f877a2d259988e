"""The Akoma Ntoso export: valid against the official schema, and the resolution whole in it."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from commitments.akn import (
    AKN_NAMESPACE,
    akn_filename,
    akn_schema,
    export_resolution,
    validation_errors,
)
from commitments.choices import Body, ParagraphKind
from commitments.ingest import import_resolution
from tests.conftest import SEED_DIR
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

SEEDS = sorted(path.name for path in SEED_DIR.glob("*.txt"))
GA_65_190 = "001_c9802155344288f5.txt"
HRC_32_3 = "002_8176edd7db462559.txt"
ECOSOC_2006 = "004_19dacbe51c6a67fc.txt"
NS = {"akn": AKN_NAMESPACE}


def parse(document: bytes):
    return etree.fromstring(document)


def texts(root, xpath):
    return [node.xpath("string()") for node in root.xpath(xpath, namespaces=NS)]


def one(root, xpath):
    (node,) = root.xpath(xpath, namespaces=NS)
    return node


@pytest.fixture
def ga_65_190(seed_texts):
    return import_resolution(seed_texts[GA_65_190]).resolution


@pytest.mark.parametrize("seed", SEEDS)
def test_it_exports_every_seed_as_valid_akoma_ntoso(seed_texts, seed):
    resolution = import_resolution(seed_texts[seed]).resolution

    document = export_resolution(resolution)

    assert validation_errors(document) == []
    root = parse(document)
    assert root.tag == f"{{{AKN_NAMESPACE}}}akomaNtoso"
    assert one(root, "akn:statement").get("name") == "resolution"


@pytest.mark.parametrize("seed", SEEDS)
def test_it_keeps_every_paragraph_of_the_resolution(seed_texts, seed):
    resolution = import_resolution(seed_texts[seed]).resolution
    paragraphs = list(resolution.paragraphs.current())
    preambular = [p for p in paragraphs if p.kind == ParagraphKind.PREAMBULAR]
    operative = [p for p in paragraphs if p.kind == ParagraphKind.OPERATIVE]

    root = parse(export_resolution(resolution))

    containers = texts(root, "//akn:preamble/akn:container[@name='preambularParagraph']/akn:p")
    assert containers == [p.text for p in preambular]
    numbered = root.xpath("//akn:mainBody/akn:paragraph", namespaces=NS)
    assert len(numbered) == len([p for p in operative if p.parent_id is None])
    nested = root.xpath("//akn:mainBody//akn:subparagraph", namespaces=NS)
    assert len(numbered) + len(nested) == len(operative)
    eids = root.xpath("//@eId")
    assert len(eids) == len(set(eids))


def test_it_numbers_operative_paragraphs_with_their_text_and_opener(ga_65_190):
    root = parse(export_resolution(ga_65_190))

    paragraph = one(root, "//akn:mainBody/akn:paragraph[@eId='para_16']")
    assert one(paragraph, "akn:num").text == "16."
    text = one(paragraph, "akn:content/akn:p")
    stored = ga_65_190.paragraphs.get(number="16", sub="")
    assert text.xpath("string()") == stored.text
    verb = one(text, "akn:inline[@name='operativeVerb']/akn:i")
    assert verb.text == stored.opener == "Calls upon"


def test_it_nests_sub_paragraphs_under_their_paragraph(seed_texts):
    resolution = import_resolution(seed_texts[ECOSOC_2006]).resolution

    root = parse(export_resolution(resolution))

    paragraph = one(root, "//akn:mainBody/akn:paragraph[@eId='para_3']")
    lead = resolution.paragraphs.get(number="3", sub="")
    assert one(paragraph, "akn:intro/akn:p").xpath("string()") == lead.text
    assert paragraph.xpath("akn:content", namespaces=NS) == []
    item = one(paragraph, "akn:subparagraph[@eId='para_3__subpara_b']")
    assert one(item, "akn:num").text == "(b)"
    inner = one(item, "akn:subparagraph[@eId='para_3__subpara_b__subpara_i']")
    assert one(inner, "akn:num").text == "(i)"
    assert (
        one(inner, "akn:content/akn:p").xpath("string()")
        == resolution.paragraphs.get(number="3", sub="b-i").text
    )


def test_it_describes_the_resolution_in_the_preface_and_metadata(ga_65_190):
    root = parse(export_resolution(ga_65_190))

    assert texts(root, "//akn:preface//akn:docNumber") == ["A/RES/65/190"]
    assert texts(root, "//akn:preface//akn:docTitle") == ["Trafficking in women and girls"]
    assert one(root, "//akn:preface//akn:docDate").get("date") == "2010-12-21"
    authority = one(root, "//akn:preface//akn:docAuthority/akn:organization")
    assert (authority.text, authority.get("refersTo")) == ("General Assembly", "#unga")
    work = "/akn/un/statement/deliberation/unga/2010-12-21/65-190"
    assert one(root, "//akn:FRBRWork/akn:FRBRuri").get("value") == work
    assert one(root, "//akn:FRBRWork/akn:FRBRthis").get("value") == f"{work}/!main"
    assert one(root, "//akn:FRBRExpression/akn:FRBRuri").get("value") == f"{work}/eng@2010-12-21"
    assert one(root, "//akn:FRBRWork/akn:FRBRcountry").get("value") == "un"
    assert one(root, "//akn:FRBRWork/akn:FRBRauthor").get("href") == "#unga"
    organ = one(root, "//akn:references/akn:TLCOrganization[@eId='unga']")
    assert organ.get("showAs") == "General Assembly"
    formula = one(root, "//akn:preamble/akn:formula[@name='enactingFormula']/akn:p")
    assert formula.xpath("string()") == "The General Assembly,"


def test_it_exports_a_resolution_without_symbol_or_date(django_assert_num_queries):
    resolution = ResolutionFactory(symbol=None, adopted_on=None, body=Body.OTHER, title="")
    CommitmentFactory(paragraph__resolution=resolution, paragraph__number="1")

    with django_assert_num_queries(1):
        document = export_resolution(resolution)

    assert validation_errors(document) == []
    root = parse(document)
    assert root.xpath("//akn:docNumber | //akn:docDate | //akn:formula", namespaces=NS) == []
    work_date = one(root, "//akn:FRBRWork/akn:FRBRdate")
    assert (work_date.get("date"), work_date.get("name")) == (
        resolution.created.date().isoformat(),
        "import",
    )
    assert akn_filename(resolution) == f"resolution-{resolution.pk}.xml"


def test_it_keeps_markup_in_the_text_as_text_and_drops_what_xml_cannot_hold():
    resolution = ResolutionFactory()
    text = "Requests <b>States</b> & others\x0c to report;"
    ParagraphFactory(resolution=resolution, number="1", opener="Requests", text=text)

    document = export_resolution(resolution)

    assert validation_errors(document) == []
    body = one(parse(document), "//akn:paragraph/akn:content/akn:p")
    assert body.xpath("string()") == "Requests <b>States</b> & others to report;"
    assert b"&lt;b&gt;States&lt;/b&gt; &amp; others" in document


def test_it_makes_the_schema_refuse_a_broken_document(ga_65_190):
    root = parse(export_resolution(ga_65_190))
    statement = one(root, "akn:statement")
    paragraphs = root.xpath("//akn:paragraph", namespaces=NS)
    paragraphs[1].set("eId", paragraphs[0].get("eId"))
    assert any("Duplicate key-sequence ['para_1']" in e for e in validation_errors(root))

    statement.remove(one(statement, "akn:mainBody"))
    assert any("mainBody" in error for error in validation_errors(root))
    assert not akn_schema().validate(root)


@pytest.mark.parametrize(
    ("symbol", "filename"),
    [
        ("A/RES/65/190", "A-RES-65-190.xml"),
        ("S/RES/2331 (2016)", "S-RES-2331-2016.xml"),
        ("44/…", "44.xml"),
    ],
)
def test_it_names_the_file_after_the_symbol(symbol, filename):
    assert akn_filename(ResolutionFactory.build(symbol=symbol)) == filename


def test_it_serves_the_export_as_a_download(client, ga_65_190, django_assert_num_queries):
    url = reverse("commitments:resolution_akn", args=[ga_65_190.pk])
    assert url == f"/resolutions/{ga_65_190.pk}/akn.xml"

    with django_assert_num_queries(2):
        response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="A-RES-65-190.xml"'
    assert validation_errors(response.content) == []
    assert texts(parse(response.content), "//akn:docNumber") == ["A/RES/65/190"]


def test_it_answers_404_for_an_unknown_resolution(client):
    response = client.get(reverse("commitments:resolution_akn", args=[999_999]))
    assert response.status_code == 404


def test_it_links_the_download_from_the_resolution_page(client, ga_65_190):
    response = client.get(ga_65_190.get_absolute_url())

    url = reverse("commitments:resolution_akn", args=[ga_65_190.pk])
    assert f'href="{url}"'.encode() in response.content


def test_it_exports_from_the_command_line_by_symbol_or_id(ga_65_190, tmp_path):
    out = StringIO()
    call_command("export_akn", "a/res/65/190", stdout=out)
    printed = out.getvalue().encode("utf-8")
    assert validation_errors(printed) == []
    assert texts(parse(printed), "//akn:docNumber") == ["A/RES/65/190"]

    target = tmp_path / "export.xml"
    call_command("export_akn", str(ga_65_190.pk), "-o", str(target), stdout=StringIO())
    assert target.read_bytes() == printed


def test_it_refuses_an_unknown_resolution_on_the_command_line(ga_65_190):
    with pytest.raises(CommandError, match="No resolution has the id or symbol 'A/RES/1/1'"):
        call_command("export_akn", "A/RES/1/1", stdout=StringIO())


def test_it_marks_the_version_and_generation_date(ga_65_190):
    ga_65_190.version = 3
    ga_65_190.save()

    root = parse(export_resolution(ga_65_190))

    assert one(root, "//akn:FRBRExpression/akn:FRBRversionNumber").get("value") == "3"
    generated = one(root, "//akn:FRBRManifestation/akn:FRBRdate").get("date")
    assert datetime.date.fromisoformat(generated) == ga_65_190.updated.date()
