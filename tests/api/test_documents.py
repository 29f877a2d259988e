"""
The per-resolution JSON document round-trips: exported, the tables emptied, imported again,
every resolution, paragraph, commitment, addressee, actor and topic field is as it was.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from api.documents import DocumentError, import_resolution_document
from commitments.ingest import import_resolution
from commitments.models import (
    Actor,
    Commitment,
    CommitmentActor,
    Paragraph,
    ReportingRequest,
    Resolution,
    ResolutionRevision,
    SdgTarget,
    Topic,
)

pytestmark = pytest.mark.django_db

HRC_14_2 = "000_88eff498be9b4030.txt"


def corrected_text(original):
    """A corrected text: OP 4 reworded (kept), OP 13 dropped (retired)."""
    corrected = original.replace(
        "Governments to refer to the Recommended",
        "Governments, where appropriate, to refer to the Recommended",
    )
    return corrected[: corrected.index("\n13. ")] + "\n"


def snapshot():
    """Everything a document carries, keyed by content rather than by primary key."""
    resolutions = []
    for resolution in Resolution.objects.order_by("symbol"):
        paragraphs = list(resolution.paragraphs.order_by("retired", "position", "pk"))
        label = {p.pk: (p.kind, p.number, p.sub, p.position, p.retired) for p in paragraphs}
        rows = []
        for paragraph in paragraphs:
            row = {
                field.name: getattr(paragraph, field.name)
                for field in Paragraph._meta.concrete_fields
                if field.name not in ("id", "resolution", "parent")
            }
            row["parent"] = label.get(paragraph.parent_id)
            commitment = Commitment.objects.filter(paragraph=paragraph).first()
            if commitment is not None:
                row["commitment"] = {
                    **{
                        field.name: getattr(commitment, field.name)
                        for field in Commitment._meta.concrete_fields
                        if field.name not in ("id", "paragraph", "resolution", "created", "updated")
                    },
                    "addressees": [
                        (
                            link.text,
                            link.kind,
                            link.position,
                            link.actor and (link.actor.name, link.actor.kind),
                        )
                        for link in CommitmentActor.objects.filter(commitment=commitment)
                        .select_related("actor")
                        .order_by("position")
                    ],
                    "topics": sorted(commitment.topics.values_list("slug", flat=True)),
                    "reporting_requests": [
                        {
                            field.name: getattr(request, field.name)
                            for field in ReportingRequest._meta.concrete_fields
                            if field.name
                            not in (
                                "id",
                                "commitment",
                                "resolution",
                                "fulfilled_by",
                                "fulfilment_recorded_at",
                                "created",
                                "updated",
                            )
                        }
                        for request in commitment.reporting_requests.order_by("span_start", "pk")
                    ],
                }
            rows.append(row)
        resolutions.append(
            {
                "resolution": {
                    field.name: getattr(resolution, field.name)
                    for field in Resolution._meta.concrete_fields
                    if field.name not in ("id", "created", "updated", "imported_by")
                },
                "revisions": list(
                    resolution.revisions.order_by("version").values_list(
                        "version", "source_text", "source_hash"
                    )
                ),
                "paragraphs": rows,
            }
        )
    used_topics = Topic.objects.filter(commitments__isnull=False).distinct()
    return {
        "resolutions": resolutions,
        "actors": sorted(
            Actor.objects.filter(commitment_links__isnull=False)
            .distinct()
            .values_list("name", "kind", "description")
        ),
        "topics": sorted(
            (t.slug, t.name, t.parent and t.parent.slug, t.description, t.position)
            for t in used_topics.select_related("parent")
        ),
        "sdg_targets": sorted(
            SdgTarget.objects.filter(topics__in=used_topics).distinct().values_list("code", "title")
        ),
    }


def flush():
    Commitment.topics.through.objects.all().delete()
    CommitmentActor.objects.all().delete()
    Commitment.objects.all().delete()
    Paragraph.objects.all().delete()
    ResolutionRevision.objects.all().delete()
    Resolution.objects.all().delete()
    Actor.objects.all().delete()
    Topic.objects.filter(parent__isnull=False).delete()
    Topic.objects.all().delete()
    SdgTarget.objects.all().delete()


def export(api, resolution):
    response = api.get(f"/api/v1/resolutions/{resolution.pk}/document.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_it_round_trips_every_seed_resolution_through_its_document(api, seed_texts):
    resolutions = [import_resolution(text).resolution for text in seed_texts.values()]
    fulfilled = ReportingRequest.objects.order_by("pk").first()
    ReportingRequest.objects.filter(pk=fulfilled.pk).update(
        fulfilled_on="2026-03-02", fulfilment_note="A/81/123"
    )
    before = snapshot()
    documents = [export(api, resolution) for resolution in resolutions]

    flush()
    assert not Resolution.objects.exists() and not Topic.objects.exists()
    for document in documents:
        assert import_resolution_document(document).created

    assert snapshot() == before
    assert sum(len(r["paragraphs"]) for r in before["resolutions"]) > 100
    assert ReportingRequest.objects.count() > 3
    assert ReportingRequest.objects.get(fulfilment_note="A/81/123").fulfilled_on.isoformat() == (
        "2026-03-02"
    )
    assert len(before["topics"]) > 5 and len(before["actors"]) > 5


def test_it_round_trips_earlier_texts_and_retired_commitments(api, seed_texts):
    original = seed_texts[HRC_14_2]
    import_resolution(original)
    resolution = import_resolution(corrected_text(original)).resolution
    assert resolution.version == 2 and resolution.commitments.filter(retired=True).exists()
    before = snapshot()
    document = export(api, resolution)

    flush()
    import_resolution_document(json.loads(json.dumps(document)))

    assert snapshot() == before
    # The rebuilt resolution still recognises both of its texts.
    assert import_resolution(original).status == "unchanged"


def test_it_imports_documents_from_the_command_line(api, seed_texts, tmp_path, capsys):
    resolution = import_resolution(seed_texts[HRC_14_2]).resolution
    path = tmp_path / "resolution.json"
    path.write_text(json.dumps(export(api, resolution)))
    count = resolution.commitments.count()
    flush()

    call_command("import_resolution_document", str(path))
    call_command("import_resolution_document", str(path))

    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f"A/HRC/RES/14/2: imported with {count} commitments.")
    assert out[1].endswith("this text is already held; nothing changed.")
    assert Resolution.objects.count() == 1


def test_it_refuses_a_different_text_under_a_symbol_already_held(api, seed_texts):
    original = seed_texts[HRC_14_2]
    resolution = import_resolution(original).resolution
    document = export(api, resolution)
    document["resolution"]["source_text"] += "\nA later correction."
    document["resolution"]["source_hash"] = "0" * 64

    with pytest.raises(DocumentError, match="already held with another text"):
        import_resolution_document(document)
    assert Resolution.objects.count() == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "something-else"}, "Not a resolution document"),
        (
            {"format": "commitment-tracker/resolution", "format_version": 99},
            "version 99 is not supported",
        ),
        (
            {"format": "commitment-tracker/resolution", "format_version": 1, "resolution": {}},
            "has no 'paragraphs'",
        ),
        (
            {
                "format": "commitment-tracker/resolution",
                "format_version": 1,
                "resolution": {"source_hash": "1" * 64},
                "paragraphs": [],
            },
            "incomplete or malformed",
        ),
    ],
)
def test_it_refuses_what_is_not_a_resolution_document_and_writes_nothing(document, message):
    before = Resolution.objects.count()

    with pytest.raises(DocumentError, match=message):
        import_resolution_document(document)
    assert Resolution.objects.count() == before


def test_it_reports_an_unreadable_file_as_a_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")

    with pytest.raises(CommandError, match="cannot read a JSON document"):
        call_command("import_resolution_document", str(path))
