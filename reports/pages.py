"""
Pages composed from every layer below: the commitment page shows the commitment (commitments),
the progress recorded on it and on its other versions (states) and its figures (reports).
Composing them here keeps the lower apps unaware of the higher ones.
"""

from django.utils import translation
from django.views.generic import DetailView

from commitments.models import Commitment
from commitments.versions import attach_versions
from states.models import State
from states.queries import progress_by_subject
from states.rollups import rollups_by_subject
from states.timeline import lineage_of

from .profiles import commitment_profile_context


class CommitmentDetailView(DetailView):
    queryset = Commitment.objects.for_list().select_related("paragraph__parent")
    template_name = "commitments/commitment_detail.html"
    context_object_name = "commitment"

    def get_context_data(self, **kwargs):
        """The progress on this commitment the user may see, by state or organization."""
        # Its text (and its lead-in's) in the reader's language, where a version lines up.
        paragraph = self.object.paragraph
        attach_versions([paragraph, paragraph.parent], translation.get_language())
        state = State.read_code(self.request.GET.get("state", ""))
        progress = progress_by_subject(
            self.object, self.request.user, page=self.request.GET.get("page"), state=state
        )
        return super().get_context_data(
            progress=progress.object_list,
            page_obj=progress,
            progress_state=state,
            lineage=lineage_of(self.object, self.request.user),
            # A chapeau's status is its sub-paragraphs' (two queries, for chapeaux only).
            sub_rollups=rollups_by_subject(self.object, iso3=state)
            if self.object.is_chapeau
            else None,
            **commitment_profile_context(self.object, self.request.user),
            **kwargs,
        )
