"""
The API's views. Reads go through the models' own read paths (`restrict(user)`,
`approved()`, `for_list()`), with every related row joined or prefetched so a page costs a
fixed number of queries. Writes call the model layer only (ProgressEntry.start, edit,
transition, add_evidence), so the API obeys exactly the rules the pages do; the model's
refusals become JSON errors in api.exceptions.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from accounts.permissions import SecondFactorRequired
from commitments import filtersets as commitment_filters
from commitments.models import (
    Actor,
    Commitment,
    Paragraph,
    ParagraphText,
    ReportingRequest,
    Resolution,
    Topic,
)
from reports import exports
from states import filtersets as state_filters
from states.models import (
    CurrentAssessment,
    Evidence,
    Organization,
    ProgressEntry,
    State,
    reads_working_history,
)
from states.queries import ENTRY_LIST_DEFERRED, ENTRY_LIST_RELATED

from . import documents, filtersets, serializers
from .pagination import GrowingListPagination

FILTERS = [DjangoFilterBackend, filtersets.TiebreakOrderingFilter]
SLUG = "[-a-zA-Z0-9_]+"
NUMBER = "[0-9]+"

# --- reference data -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Resolutions, newest first"),
    retrieve=extend_schema(summary="A resolution with its current paragraphs"),
)
class ResolutionViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = FILTERS
    filterset_class = commitment_filters.ResolutionFilterSet
    ordering_fields = ["adopted_on", "symbol", "id", "updated"]
    ordering = ["-adopted_on", "-id"]
    lookup_value_regex = NUMBER

    def get_queryset(self):
        resolutions = Resolution.objects.for_list()
        if self.action == "retrieve":
            paragraphs = Paragraph.objects.current().select_related("commitment")
            texts = ParagraphText.objects.select_related("paragraph").order_by(
                "paragraph__position"
            )
            resolutions = resolutions.prefetch_related(
                Prefetch("paragraphs", queryset=paragraphs),
                Prefetch("texts__paragraph_texts", queryset=texts),
            )
        return resolutions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ResolutionDetailSerializer
        return serializers.ResolutionSerializer


class ResolutionDocumentView(GenericAPIView):
    """
    The whole resolution as one JSON document (metadata, source text, every paragraph with
    its commitment, addressees and topics); `manage.py import_resolution_document` reads it
    back into another database.
    """

    queryset = Resolution.objects.none()
    pagination_class = None

    @extend_schema(
        summary="A resolution as a self-contained JSON document",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The document.")},
    )
    def get(self, request, pk):
        resolution = get_object_or_404(documents.document_queryset(), pk=pk)
        response = Response(documents.resolution_document(resolution))
        name = (resolution.symbol or f"resolution-{resolution.pk}").replace("/", "-")
        response["Content-Disposition"] = f'inline; filename="{name}.json"'
        return response


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Commitment.objects.for_list()
    serializer_class = serializers.CommitmentSerializer
    pagination_class = GrowingListPagination
    filter_backends = FILTERS
    filterset_class = state_filters.NamedStateCommitmentFilterSet
    ordering_fields = ["id", "created", "updated"]
    ordering = ["id"]
    lookup_value_regex = NUMBER


@extend_schema_view(
    list=extend_schema(summary="Reporting requests read from the resolutions, soonest due first"),
    retrieve=extend_schema(summary="A reporting request"),
)
class ReportingRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """
    What the resolutions ask to be reported, reviewed or considered, and by when; requests of
    paragraphs no longer in their resolution's text are left out.
    """

    queryset = ReportingRequest.objects.current().select_related(
        "resolution", "commitment__paragraph", "commitment__resolution"
    )
    serializer_class = serializers.ReportingRequestSerializer
    filter_backends = FILTERS
    filterset_class = commitment_filters.ReportingRequestFilterSet
    # Unordered by the query, the model's order: soonest due first, undated ones last on
    # either database.
    ordering_fields = ["due_date", "id", "updated"]
    lookup_value_regex = NUMBER


class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Actor.objects.with_commitment_counts().order_by("name")
    serializer_class = serializers.ActorSerializer
    filter_backends = FILTERS
    filterset_class = commitment_filters.ActorFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["name"]
    lookup_value_regex = NUMBER


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.select_related("parent").prefetch_related("sdg_targets")
    serializer_class = serializers.TopicSerializer
    filter_backends = FILTERS
    filterset_class = commitment_filters.TopicFilterSet
    ordering_fields = ["position", "name", "slug"]
    ordering = ["position", "name"]
    lookup_field = "slug"
    lookup_value_regex = SLUG


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = State.objects.select_related("region", "subregion", "intermediate_region")
    serializer_class = serializers.StateSerializer
    filter_backends = FILTERS
    filterset_class = state_filters.StateFilterSet
    ordering_fields = ["name", "iso3", "m49_code"]
    ordering = ["name"]
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.select_related("country")
    serializer_class = serializers.OrganizationSerializer
    filter_backends = FILTERS
    filterset_class = state_filters.OrganizationFilterSet
    ordering_fields = ["name", "slug", "id"]
    ordering = ["name"]
    lookup_field = "slug"
    lookup_value_regex = SLUG


# --- progress ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Progress entries you may see",
        description="Anonymous clients see approved entries only; members of the reporting "
        "organization also its drafts; reviewers everything submitted or decided.",
    ),
    create=extend_schema(
        summary="Record a draft entry for your organization",
        request=serializers.ProgressEntryWriteSerializer,
        responses={201: serializers.ProgressEntrySerializer},
    ),
    update=extend_schema(
        summary="Change a draft or returned entry",
        request=serializers.ProgressEntryWriteSerializer,
        responses={200: serializers.ProgressEntrySerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a draft or returned entry",
        request=serializers.ProgressEntryWriteSerializer,
        responses={200: serializers.ProgressEntrySerializer},
    ),
)
class ProgressEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """
    Progress entries with their evidence. Contributors create their organization's drafts,
    change them while they are drafts or sent back (sending the `revision` they read) and
    take workflow steps; an entry changed meanwhile is a 409, never overwritten.
    """

    serializer_class = serializers.ProgressEntrySerializer
    pagination_class = GrowingListPagination
    filter_backends = FILTERS
    filterset_class = state_filters.ProgressEntryFilterSet
    ordering_fields = ["id", "updated", "created", "fact_date"]
    ordering = ["-updated"]
    lookup_value_regex = NUMBER
    permission_classes = [IsAuthenticatedOrReadOnly, SecondFactorRequired]

    def second_factor_required(self, request):
        """Only a reviewer's decision: a workflow step whose body names a review action (a
        malformed body is a 400 later)."""
        if request.method != "POST" or self.action != "transition":
            return False
        data = request.data
        return hasattr(data, "get") and data.get("action") in ProgressEntry.REVIEW_ACTIONS

    def second_factor_message(self):
        return (
            "Your role needs two-factor sign-in for review decisions: set it up at "
            f"{reverse('accounts:security')}, then sign in with a code (API clients: sign in "
            "again sending otp_token, for a new token)."
        )

    def get_queryset(self):
        # Confidential evidence only for reviewers and the reporting organization's members.
        shown = Evidence.objects.shown().disclosed_to(self.request.user).order_by("created", "pk")
        return (
            ProgressEntry.objects.restrict(self.request.user)
            .select_related(*ENTRY_LIST_RELATED)
            .defer(*ENTRY_LIST_DEFERRED)
            .prefetch_related(Prefetch("evidence", queryset=shown, to_attr="shown_evidence"))
            # Who reads the review comment, for the whole page in its own query.
            .annotate(reads_working_history=reads_working_history(self.request.user))
        )

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.ProgressEntryWriteSerializer
        return serializers.ProgressEntrySerializer

    def shown(self, entry, status_code=status.HTTP_200_OK):
        """The entry as it now is, in its read form (nothing, if the step hid it from you)."""
        entry = self.get_queryset().filter(pk=entry.pk).first()
        if entry is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = serializers.ProgressEntrySerializer(entry, context=self.get_serializer_context())
        return Response(data.data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.shown(serializer.save(), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = self.get_serializer(
            entry, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return self.shown(serializer.save())

    @extend_schema(
        summary="Take a workflow step: submit, withdraw, approve, request_changes or reject",
        description="With TWO_FACTOR_REQUIRED_FOR_REVIEWERS on, a decision (approve, "
        "request_changes, reject) by a reviewer or staff member is refused (403, code "
        "two_factor_required) unless they have two-factor sign-in and signed in with a code.",
        request=serializers.TransitionSerializer,
        responses={200: serializers.ProgressEntrySerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        entry = self.get_object()
        step = serializers.TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        entry.revision = step.validated_data["revision"]
        entry.transition(
            step.validated_data["action"], request.user, comment=step.validated_data["comment"]
        )
        return self.shown(entry)

    @extend_schema(
        summary="Attach an evidence item (source URL, citation and/or file) to an editable entry",
        request={
            "multipart/form-data": serializers.EvidenceWriteSerializer,
            "application/json": serializers.EvidenceWriteSerializer,
        },
        responses={201: serializers.EvidenceSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        serializer_class=serializers.EvidenceWriteSerializer,
    )
    def evidence(self, request, pk=None):
        entry = self.get_object()
        item = serializers.EvidenceWriteSerializer(data=request.data)
        item.is_valid(raise_exception=True)
        fields = dict(item.validated_data)
        entry.revision = fields.pop("revision")
        try:
            evidence = entry.add_evidence(request.user, **fields)
        except ValidationError as error:
            if fields.get("file") is not None and not hasattr(error, "error_dict"):
                raise ValidationError({"file": error.messages}) from error  # the file check's
            raise
        data = serializers.EvidenceSerializer(evidence, context=self.get_serializer_context())
        return Response(data.data, status=status.HTTP_201_CREATED)


class CurrentAssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The latest approved status of each (commitment, subject) pair."""

    queryset = CurrentAssessment.objects.select_related(
        "commitment__resolution", "commitment__paragraph", "state", "subject_organization"
    )
    serializer_class = serializers.CurrentAssessmentSerializer
    pagination_class = GrowingListPagination
    filter_backends = FILTERS
    filterset_class = state_filters.CurrentAssessmentFilterSet
    ordering_fields = ["id", "fact_date", "approved_at"]
    ordering = ["-approved_at"]
    lookup_value_regex = NUMBER


# --- exports ----------------------------------------------------------------------------------


class ErrorsAsJson(DefaultContentNegotiation):
    """Exports answer in their own format whatever the Accept header; their errors in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(ListAPIView):
    """A streamed download, filtered as the matching API list is."""

    filter_backends = [DjangoFilterBackend]
    pagination_class = None
    content_negotiation_class = ErrorsAsJson
    export_class: Callable[..., exports.Export]  # (queryset, request)
    file_format = "csv"
    CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        export = self.export_class(queryset, request)
        stream = export.csv_stream() if self.file_format == "csv" else export.jsonl_stream()
        response = StreamingHttpResponse(stream, content_type=self.CONTENT_TYPES[self.file_format])
        stamp = timezone.now().strftime("%Y-%m-%d")
        response["Content-Disposition"] = (
            f'attachment; filename="{export.name}-{stamp}.{self.file_format}"'
        )
        return response


class EntryExportView(ExportView):
    dataset = exports.EXPORTS["entries"]
    filterset_class = dataset.filterset
    export_class = dataset.export

    def get_queryset(self):
        return self.dataset.queryset(self.request.user)


class CommitmentExportView(ExportView):
    dataset = exports.EXPORTS["commitments"]
    filterset_class = dataset.filterset
    export_class = dataset.export

    def get_queryset(self):
        return self.dataset.queryset(self.request.user)


def _export_schema(what, media_type, operation_id):
    return extend_schema_view(
        get=extend_schema(
            summary=f"Download {what} ({media_type.split('/')[-1]}, streamed)",
            operation_id=operation_id,
            responses={(200, media_type): OpenApiTypes.STR},
        )
    )


@_export_schema("approved progress entries with their evidence", "text/csv", "export_entries_csv")
class EntryCsvExportView(EntryExportView):
    file_format = "csv"


@_export_schema(
    "approved progress entries with their evidence", "application/jsonl", "export_entries_jsonl"
)
class EntryJsonlExportView(EntryExportView):
    file_format = "jsonl"


@_export_schema("commitments", "text/csv", "export_commitments_csv")
class CommitmentCsvExportView(CommitmentExportView):
    file_format = "csv"


@_export_schema("commitments", "application/jsonl", "export_commitments_jsonl")
class CommitmentJsonlExportView(CommitmentExportView):
    file_format = "jsonl"
