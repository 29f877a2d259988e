"""Evidence items attached to progress entries: a source URL, a citation or a file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..uploads import evidence_upload_to
from .entries import ProgressEntry, reads_working_history


class EvidenceQuerySet(models.QuerySet):
    def shown(self):
        """Evidence still attached (removed items live on in the history only)."""
        return self.filter(removed=False)

    def public(self):
        """
        Evidence anyone may read. Documents meant to be passed on (printable reports, PDFs,
        exports) carry only these, whoever makes them: a file leaves the tracker's checks
        once it is downloaded.
        """
        return self.filter(confidential=False)

    def disclosed_to(self, user):
        """
        Leaves out the items `user` may not read: confidential ones, and removed ones (taken
        off before approval, they are the working history's). Both are for reviewers and for
        members of the organization that reported the entry. Says nothing about the entry
        itself (see `restrict`); an EXISTS on memberships, so no join multiplies rows.
        """
        if user is None or not user.is_authenticated:
            return self.public().shown()
        if user.is_superuser or user.has_perm("states.review_progressentry"):
            return self
        return self.filter(
            Q(confidential=False, removed=False)
            | reads_working_history(user, "entry__organization")
        )

    def restrict(self, user):
        """
        Evidence `user` may read: of the entries they may see, and confidential or removed
        only if those entries' working history is theirs.
        """
        visible = self.filter(entry__in=ProgressEntry.objects.restrict(user).values("pk"))
        return visible.disclosed_to(user)


# Shown beside every free-text field a contributor fills in: the product never needs them.
NO_VICTIM_DETAILS = _("Do not include names or other personal details of victims.")


class Evidence(models.Model):
    """
    One piece of support for a progress entry: a source URL, a citation (a document symbol,
    a law, a report and page), an uploaded file, or several of these for one source.

    Files are stored under MEDIA_ROOT with generated names and served only through a view
    that checks the reader may see the entry. Evidence is never deleted, only marked removed.

    A confidential item (a source who asked not to be named, a document given in trust) is
    read only by reviewers and the reporting organization's members; for everyone else it
    does not exist, not even as a count.
    """

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField("source URL", max_length=1000, blank=True)
    citation = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Document symbol, law, report and page, e.g. “A/HRC/35/37, para. 12”."),
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    description = models.CharField(max_length=500, blank=True, help_text=NO_VICTIM_DETAILS)
    confidential = models.BooleanField(
        default=False,
        help_text=_(
            "Shown only to reviewers and to members of the reporting organization; "
            "never in printable reports, PDFs or exports."
        ),
    )
    removed = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_added"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "created", "pk"]
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(citation="") | ~Q(file=""),
                name="evidence_has_a_source",
            ),
            # URLValidator's schemes: the URL is shown as a link, never javascript: or data:.
            models.CheckConstraint(
                condition=Q(url="")
                | Q(url__istartswith="http://")
                | Q(url__istartswith="https://")
                | Q(url__istartswith="ftp://")
                | Q(url__istartswith="ftps://"),
                name="evidence_url_scheme_valid",
            ),
        ]

    def __str__(self):
        return self.citation or self.original_name or self.url

    def clean(self):
        if not (self.url or self.citation or self.file):
            raise ValidationError(_("Give a source URL, a citation or a file."))

    @property
    def kind(self) -> str:
        return "file" if self.file else "url" if self.url else "citation"
