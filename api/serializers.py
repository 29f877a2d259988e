"""
What the API shows of each object, and what it accepts when contributors write entries.

Related objects appear as brief nested objects (id or natural key, name, address) so a list
row reads without a second request. Every nested object is joined or prefetched by the
view's queryset: serializing a page never queries per row.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import (
    Actor,
    Commitment,
    CommitmentActor,
    Paragraph,
    ParagraphText,
    ReportingRequest,
    Resolution,
    ResolutionText,
    Topic,
)
from reports.addresses import address_parts
from states.forms import chapeau_refusal
from states.models import (
    NO_VICTIM_DETAILS,
    CurrentAssessment,
    Evidence,
    Organization,
    ProgressEntry,
    Region,
    State,
)

# --- addresses ------------------------------------------------------------------------------


def absolute_url(serializer, view_name: str, value, kwarg: str = "pk") -> str:
    """
    The absolute address of `view_name` for `value`, from the route reversed once per
    response (`reports/addresses.py`): a page of 50 entries has some 200 addresses, and reversing
    each one cost a third of the API list's time.
    """
    request = serializer.context["request"]
    templates = serializer.context.setdefault("_url_templates", {})
    key = (view_name, kwarg)
    if key not in templates:
        templates[key] = address_parts(request, view_name, kwarg, value)
    if templates[key] is None:
        return request.build_absolute_uri(reverse(view_name, kwargs={kwarg: value}))
    head, tail = templates[key]
    return f"{head}{value}{tail}"


class LinkField(serializers.HyperlinkedIdentityField):
    """`HyperlinkedIdentityField` filled in from one reversed route (`absolute_url`)."""

    def get_url(self, obj, view_name, request, format):
        value = getattr(obj, self.lookup_field)
        if value in (None, "") or format:
            return super().get_url(obj, view_name, request, format)
        return absolute_url(self, view_name, value, self.lookup_url_kwarg)


# --- brief forms, nested in other objects --------------------------------------------------


class BriefResolutionSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:resolution-detail")

    class Meta:
        model = Resolution
        fields = ["id", "url", "symbol", "body", "title", "adopted_on"]


class BriefCommitmentSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:commitment-detail")
    label = serializers.CharField(source="paragraph.label", read_only=True)
    part = serializers.CharField(
        source="paragraph.part",
        read_only=True,
        help_text="The annexed text it stands in ('annex', 'annex II'); empty in the "
        "resolution itself.",
    )
    resolution_id = serializers.IntegerField(read_only=True)
    resolution_symbol = serializers.CharField(
        source="resolution.symbol", read_only=True, allow_null=True
    )

    class Meta:
        model = Commitment
        fields = ["id", "url", "resolution_id", "resolution_symbol", "part", "label", "strength"]


class BriefRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["m49_code", "name", "level"]


class BriefStateSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:state-detail", lookup_field="iso3")

    class Meta:
        model = State
        fields = ["iso3", "url", "name"]


class BriefOrganizationSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:organization-detail", lookup_field="slug")

    class Meta:
        model = Organization
        fields = ["id", "url", "slug", "name", "acronym"]


class BriefTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


# --- reference data -------------------------------------------------------------------------


class ParagraphSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    commitment = serializers.SerializerMethodField(
        help_text="The id of the commitment an operative paragraph holds, or null."
    )

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "kind",
            "position",
            "part",
            "part_title",
            "headings",
            "label",
            "number",
            "sub",
            "parent",
            "opener",
            "text",
            "commitment",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_commitment(self, paragraph) -> int | None:
        commitment = getattr(paragraph, "commitment", None) if paragraph.is_operative else None
        return commitment.pk if commitment else None


class ResolutionSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:resolution-detail")
    commitment_count = serializers.IntegerField(read_only=True)
    trackable_count = serializers.IntegerField(read_only=True)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "id",
            "url",
            "symbol",
            "body",
            "session",
            "title",
            "adopted_on",
            "is_adopted",
            "vote_note",
            "version",
            "commitment_count",
            "trackable_count",
            "document_url",
            "created",
            "updated",
        ]

    def get_document_url(self, resolution) -> str:
        path = reverse("api:resolution-document", args=[resolution.pk])
        return self.context["request"].build_absolute_uri(path)


class ParagraphTextSerializer(serializers.ModelSerializer):
    paragraph = serializers.IntegerField(source="paragraph_id", read_only=True)
    label = serializers.CharField(source="paragraph.label", read_only=True)
    part = serializers.CharField(source="paragraph.part", read_only=True)

    class Meta:
        model = ParagraphText
        fields = ["paragraph", "part", "label", "text"]


class ResolutionTextSerializer(serializers.ModelSerializer):
    """A text in another language: the paragraphs it matched, none when it is misaligned."""

    paragraphs = ParagraphTextSerializer(source="paragraph_texts", many=True, read_only=True)

    class Meta:
        model = ResolutionText
        fields = ["language", "status", "problems", "english_version", "updated", "paragraphs"]


class ResolutionDetailSerializer(ResolutionSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)
    texts = ResolutionTextSerializer(
        many=True,
        read_only=True,
        help_text="Its texts in the other official languages, matched to the English "
        "paragraphs by their numbering (a misaligned one lists its problems and no paragraphs).",
    )

    class Meta(ResolutionSerializer.Meta):
        fields = [*ResolutionSerializer.Meta.fields, "parse_warnings", "paragraphs", "texts"]


class CommitmentActorSerializer(serializers.ModelSerializer):
    actor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    actor_name = serializers.CharField(source="actor.name", read_only=True, allow_null=True)

    class Meta:
        model = CommitmentActor
        fields = ["text", "kind", "actor", "actor_name"]


class CommitmentSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:commitment-detail")
    resolution = BriefResolutionSerializer(read_only=True)
    label = serializers.CharField(source="paragraph.label", read_only=True)
    part = serializers.CharField(
        source="paragraph.part",
        read_only=True,
        help_text="The annexed text it stands in ('annex', 'annex II'); empty in the "
        "resolution itself.",
    )
    headings = serializers.ListField(
        source="paragraph.headings",
        child=serializers.CharField(),
        read_only=True,
        help_text="The annexed text's section headings it stands under, outermost first.",
    )
    reference = serializers.CharField(
        read_only=True, help_text="'A/RES/65/190 OP 16', 'A/RES/64/293, annex, para. 12(b)'."
    )
    paragraph = serializers.PrimaryKeyRelatedField(read_only=True)
    position = serializers.IntegerField(source="paragraph.position", read_only=True)
    text = serializers.CharField(source="paragraph.text", read_only=True)
    actors = CommitmentActorSerializer(source="actor_links", many=True, read_only=True)
    topics = BriefTopicSerializer(many=True, read_only=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "web_url",
            "resolution",
            "paragraph",
            "reference",
            "part",
            "headings",
            "label",
            "position",
            "text",
            "verb_phrase",
            "canonical_verb",
            "strength",
            "action",
            "sub_lead",
            "actor_kind",
            "actors",
            "topics",
            "flags",
            "is_chapeau",
            "is_trackable",
            "retired",
            "created",
            "updated",
        ]

    def get_web_url(self, commitment) -> str:
        return self.context["request"].build_absolute_uri(commitment.get_absolute_url())


class ActorSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:actor-detail")
    commitment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Actor
        fields = ["id", "url", "name", "kind", "description", "commitment_count"]


class TopicSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:topic-detail", lookup_field="slug")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "url", "slug", "name", "parent", "description", "position", "sdg_targets"]


class ReportingRequestSerializer(serializers.ModelSerializer):
    """
    A request a paragraph makes by a session or date. `due_date` is null where the text gives
    no time; `is_estimate` says it was worked out (from the body's session calendar or a
    duration from adoption) rather than printed.
    """

    url = LinkField(view_name="api:reportingrequest-detail")
    resolution = BriefResolutionSerializer(read_only=True)
    commitment = BriefCommitmentSerializer(read_only=True)
    session = serializers.CharField(source="session_label", read_only=True)
    next_due = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportingRequest
        fields = [
            "id",
            "url",
            "web_url",
            "resolution",
            "commitment",
            "kind",
            "requested_of",
            "source_text",
            "due_body",
            "due_session",
            "session_kind",
            "session",
            "due_date",
            "is_estimate",
            "basis",
            "period_months",
            "next_due",
            "fulfilled_on",
            "fulfilment_note",
            "updated",
        ]

    def get_web_url(self, request) -> str:
        return self.context["request"].build_absolute_uri(request.get_absolute_url())

    def get_next_due(self, request) -> datetime.date | None:
        """A periodic request's next due date from today; a request made once, its due date."""
        return request.next_due(timezone.localdate())


class StateSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:state-detail", lookup_field="iso3")
    region = BriefRegionSerializer(read_only=True)
    subregion = BriefRegionSerializer(read_only=True)
    intermediate_region = BriefRegionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = State
        fields = [
            "iso3",
            "url",
            "name",
            "slug",
            "iso2",
            "m49_code",
            "region",
            "subregion",
            "intermediate_region",
            "un_status",
            "un_member_since",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:organization-detail", lookup_field="slug")
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["id", "url", "slug", "name", "acronym", "kind", "country", "website"]


# --- progress ---------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    """
    An evidence item as its reader may see it. Confidential items reach only reviewers and
    the reporting organization's members (the views' querysets leave them out for others).
    """

    kind = serializers.CharField(read_only=True)
    file = serializers.SerializerMethodField(
        help_text="Download address of the uploaded file (served only to those who may see "
        "the entry), or null."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "url",
            "citation",
            "description",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "confidential",
            "created",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, evidence) -> str | None:
        if not evidence.file:
            return None
        return absolute_url(self, "states:evidence_file", evidence.pk)


class ProgressEntrySerializer(serializers.ModelSerializer):
    url = LinkField(view_name="api:progressentry-detail")
    web_url = serializers.SerializerMethodField()
    commitment = BriefCommitmentSerializer(read_only=True)
    state = BriefStateSerializer(read_only=True, allow_null=True)
    subject_organization = BriefOrganizationSerializer(read_only=True, allow_null=True)
    organization = BriefOrganizationSerializer(read_only=True)
    review_comment = serializers.SerializerMethodField(
        help_text="The reviewer's comment; empty for users outside the reporting organization "
        "and the reviewers."
    )
    evidence = EvidenceSerializer(source="shown_evidence", many=True, read_only=True)

    class Meta:
        model = ProgressEntry
        fields = [
            "id",
            "url",
            "web_url",
            "commitment",
            "state",
            "subject_organization",
            "organization",
            "status",
            "fact_date",
            "summary",
            "confidence",
            "workflow_state",
            "review_comment",
            "revision",
            "submitted_at",
            "decided_at",
            "created",
            "updated",
            "evidence",
        ]

    def get_web_url(self, entry) -> str:
        return absolute_url(self, "states:entry_detail", entry.pk)

    def get_review_comment(self, entry) -> str:
        # Review comments are the working history's (`can_see_working_history`); the views
        # answer the rule for a page of entries in their query (`reads_working_history`).
        readable = getattr(entry, "reads_working_history", None)
        if readable is None:
            readable = entry.can_see_working_history(self.context["request"].user)
        return entry.review_comment if readable else ""


class CurrentAssessmentSerializer(serializers.ModelSerializer):
    commitment = BriefCommitmentSerializer(read_only=True)
    state = BriefStateSerializer(read_only=True, allow_null=True)
    subject_organization = BriefOrganizationSerializer(read_only=True, allow_null=True)
    entry = serializers.HyperlinkedRelatedField(
        view_name="api:progressentry-detail", read_only=True
    )

    class Meta:
        model = CurrentAssessment
        fields = [
            "id",
            "commitment",
            "state",
            "subject_organization",
            "status",
            "fact_date",
            "approved_at",
            "entry",
        ]


# --- writing entries --------------------------------------------------------------------------


class TrackedCommitmentField(serializers.PrimaryKeyRelatedField):
    """
    A commitment progress is tracked against; a chapeau (a paragraph with sub-paragraphs) is
    refused with where to record instead, as the entry form refuses it.
    """

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            chapeau = (
                Commitment.objects.chapeaux()
                .select_related("resolution", "paragraph")
                .filter(pk=data if isinstance(data, int) or str(data).isdigit() else None)
                .first()
            )
            if chapeau is None:
                raise
            raise serializers.ValidationError(chapeau_refusal(chapeau), code="chapeau") from None


class ProgressEntryWriteSerializer(serializers.ModelSerializer):
    """
    A contributor's draft: the reporting organization (by slug) is fixed when the entry is
    created; the rest may change while the entry is a draft or sent back. An update carries
    the `revision` the client read, so a change made meanwhile is refused (409), not lost.
    """

    commitment = TrackedCommitmentField(
        queryset=Commitment.objects.trackable(),
        help_text="A current commitment that progress is tracked against.",
    )
    state = serializers.SlugRelatedField(
        slug_field="iso3",
        queryset=State.objects.all(),
        required=False,
        allow_null=True,
        help_text="ISO alpha-3 code of the state the entry is about.",
    )
    subject_organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the organization the entry is about, instead of a state.",
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        help_text="Slug of the organization you report for (one you belong to).",
    )
    revision = serializers.IntegerField(
        min_value=0,
        write_only=True,
        required=False,
        help_text="The entry's revision as you read it; required when changing an entry.",
    )

    class Meta:
        model = ProgressEntry
        fields = [
            "commitment",
            "state",
            "subject_organization",
            "organization",
            "status",
            "fact_date",
            "summary",
            "confidence",
            "revision",
        ]
        extra_kwargs = {
            "summary": {
                "help_text": "What was done (or not), by whom and when. " + NO_VICTIM_DETAILS
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            # The reporting organization stays; the entry keeps its commitment even once a
            # corrected text retired it.
            self.fields["organization"].read_only = True
            self.fields["organization"].required = False
            self.fields["commitment"].queryset = Commitment.objects.filter(
                Q(pk__in=Commitment.objects.trackable().values("pk"))
                | Q(pk=self.instance.commitment_id)
            )
            self.fields["revision"].required = True

    def validate(self, attrs):
        if self.instance is not None and "revision" not in attrs:
            raise serializers.ValidationError(
                {"revision": "Give the entry's revision as you read it."}
            )
        subject = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("state", "subject_organization")
        }
        if subject["state"] and subject["subject_organization"]:
            raise serializers.ValidationError(
                {"subject_organization": "Give a state or an organization, not both."}
            )
        if not subject["state"] and not subject["subject_organization"]:
            raise serializers.ValidationError(
                {"state": "Give the state this entry is about (or subject_organization)."}
            )
        return attrs

    def get_validators(self):
        return []

    def create(self, validated_data):
        validated_data.pop("revision", None)
        user = self.context["request"].user
        organization = validated_data.pop("organization")
        return ProgressEntry.start(user, organization, **validated_data)

    def update(self, entry, validated_data):
        user = self.context["request"].user
        entry.revision = validated_data.pop("revision")
        entry.edit(user, **validated_data)
        return entry


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(ProgressEntry.TRANSITIONS))
    revision = serializers.IntegerField(
        min_value=0, help_text="The entry's revision as you read it."
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A reviewer's comment: required to request changes or reject.",
    )

    def validate(self, data):
        needed = ProgressEntry.ACTIONS_NEEDING_A_COMMENT.get(data["action"])
        if needed and not data.get("comment", "").strip():
            raise serializers.ValidationError({"comment": needed})
        return data


class EvidenceWriteSerializer(serializers.ModelSerializer):
    """
    A new evidence item. `confidential` is set by those who may add evidence at all (members
    of the reporting organization, while the entry is editable), as in the entry form.
    """

    revision = serializers.IntegerField(
        min_value=0, write_only=True, help_text="The entry's revision as you read it."
    )
    file = serializers.FileField(required=False, write_only=True)

    class Meta:
        model = Evidence
        fields = ["url", "citation", "description", "file", "confidential", "revision"]

    def get_validators(self):
        return []

    def validate(self, attrs):
        if not (attrs.get("url") or attrs.get("citation") or attrs.get("file")):
            raise serializers.ValidationError(_("Give a source URL, a citation or a file."))
        return attrs


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(allow_null=True)
