"""Evidence files: downloads for those who may read them, and the confidentiality switch."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.authentication import TokenAuthenticationMixin

from ..models import (
    Evidence,
    StaleEntryError,
)
from .entries import parse_revision, stale_message


class EvidenceFileView(TokenAuthenticationMixin, View):
    """
    An evidence file, to those who may see its entry (a confidential or removed one, to those
    who may read its working history: `Evidence.objects.restrict`): always as a download,
    under the name it was uploaded with and the type its content was found to be, never
    rendered inline. API clients (whose entries link here) send their token instead of a
    session cookie.
    """

    def get(self, request, pk):
        evidence = get_object_or_404(
            Evidence.objects.restrict(request.user).exclude(file=""), pk=pk
        )
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file is missing.")) from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
            content_type=evidence.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-cache"
        return response


class EvidenceConfidentialityView(LoginRequiredMixin, View):
    """
    Mark an evidence item confidential, or public again (the posted `confidential` is "1" or
    "0"), from the entry page. Evidence the user may not read is a 404; a step the model
    refuses is a 403; an entry changed since the page was read is sent back with a message.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        evidence = get_object_or_404(
            Evidence.objects.restrict(request.user).select_related("entry"), pk=pk
        )
        entry = evidence.entry
        revision = parse_revision(request.POST.get("revision"))
        wanted = request.POST.get("confidential")
        if revision is None or wanted not in ("0", "1"):
            return HttpResponseBadRequest("The form was incomplete; reload the entry.")
        entry.revision = revision
        try:
            entry.set_evidence_confidential(request.user, evidence, confidential=wanted == "1")
        except StaleEntryError:
            messages.error(request, stale_message(entry))
        else:
            messages.success(
                request,
                "The evidence item is now confidential."
                if wanted == "1"
                else "The evidence item is no longer confidential.",
            )
        return redirect(entry)
