"""
The import of progress from a spreadsheet (`states/spreadsheets/`): the template, the
upload and its preview, and the confirmed import.

The uploaded file is checked (size, kind by content), stored under a generated name
(`uploads.store_pending_sheet`) and named in the uploader's session by a random token; the
confirmation posts the token only, so no one imports a file of someone else's and no path
comes from the browser. A file of more than LARGE_FILE_ROWS rows is imported by a background
job: its confirmation posts to the jobs app (`jobs.views.ProgressImportJobView`), which
builds on this app, never the other way round.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..forms import ProgressImportForm
from ..models import Organization
from ..spreadsheets import (
    LARGE_FILE_ROWS,
    SheetError,
    build_template,
    check_import,
    check_may_import,
    read_sheet,
    save_import,
    template_name,
)
from ..uploads import delete_pending_sheet, read_pending_sheet, store_pending_sheet

PENDING_KEY = "states:pending_imports"
KEEP_PENDING = 5  # uploads a session remembers; older ones are forgotten and their files removed
PREVIEW_ROWS = 100  # valid rows shown on a preview; every row that is not valid is shown


def pending_import(request, token):
    """What an upload of this session's, by its token, holds; None when unknown or expired."""
    return request.session.get(PENDING_KEY, {}).get(str(token))


def forget_import(request, token, delete=True):
    pending = request.session.get(PENDING_KEY, {})
    item = pending.pop(str(token), None)
    request.session[PENDING_KEY] = pending
    if item and delete:
        delete_pending_sheet(item["file"])


def remember_import(request, item) -> str:
    pending = request.session.get(PENDING_KEY, {})
    while len(pending) >= KEEP_PENDING:
        oldest = next(iter(pending))
        delete_pending_sheet(pending.pop(oldest)["file"])
    token = secrets.token_urlsafe(16)
    pending[token] = item
    request.session[PENDING_KEY] = pending
    return token


def shown_rows(report, limit=PREVIEW_ROWS):
    """The rows a page lists: every one that is not valid, and the first valid ones."""
    valid = [row for row in report.rows if row.is_valid][:limit]
    return sorted(report.invalid + valid, key=lambda row: row.number)


class ImportMixin(LoginRequiredMixin):
    """Contributors who belong to an organization import its progress; others are refused."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm("states.add_progressentry"):
                raise PermissionDenied(_("Only contributors record progress."))
            self.organizations = Organization.objects.filter(
                memberships__user=request.user
            ).order_by("name")
            if not self.organizations:
                raise PermissionDenied(
                    "You can import progress only for an organization you belong to; "
                    "ask an administrator to add you to yours."
                )
        return super().dispatch(request, *args, **kwargs)

    def organization(self, pk):
        return get_object_or_404(self.organizations, pk=pk)


class ProgressImportView(ImportMixin, View):
    """The upload form, with each organization's template; posting it shows the preview."""

    template_name = "states/import_form.html"

    def get(self, request):
        form = ProgressImportForm(organizations=self.organizations)
        return self.render_form(form)

    def render_form(self, form, status=200):
        return render(
            request=self.request,
            template_name=self.template_name,
            context={"form": form, "organizations": list(self.organizations)},
            status=status,
        )

    def post(self, request):
        form = ProgressImportForm(request.POST, request.FILES, organizations=self.organizations)
        if not form.is_valid():
            return self.render_form(form, status=400)
        upload, organization = form.cleaned_data["file"], form.cleaned_data["organization"]
        submit = form.cleaned_data["save_as"] == "submit"
        upload.seek(0)
        try:
            dataset = read_sheet(upload.read(), upload.name)
        except SheetError as error:
            form.add_error("file", str(error))
            return self.render_form(form, status=400)
        report = check_import(dataset, user=request.user, organization=organization, submit=submit)
        token = ""
        if report.is_valid and report.changes:
            token = remember_import(
                request,
                {
                    "file": store_pending_sheet(upload, form.checked),
                    "name": upload.name,
                    "organization": organization.pk,
                    "submit": submit,
                    "rows": len(dataset),
                },
            )
        large = len(dataset) > LARGE_FILE_ROWS
        confirm = "jobs:progress_import" if large else "states:import_confirm"
        return render(
            request,
            "states/import_preview.html",
            {
                "report": report,
                "rows": shown_rows(report),
                "file_name": upload.name,
                "organization": organization,
                "token": token,
                "large": large,
                "confirm_url": reverse(confirm),
            },
        )


class ProgressImportConfirmView(ImportMixin, View):
    """Import a previewed upload: every row, in one transaction, through the entry's methods."""

    http_method_names = ["post"]

    def post(self, request):
        token = request.POST.get("token", "")
        item = pending_import(request, token)
        if item is None:
            messages.error(
                request,
                _("This upload was imported already or has expired; upload the file again."),
            )
            return redirect("states:import")
        organization = self.organization(item["organization"])
        check_may_import(request.user, organization)
        try:
            dataset = read_sheet(read_pending_sheet(item["file"]), item["name"])
        except (FileNotFoundError, SheetError):
            forget_import(request, token)
            messages.error(request, _("The uploaded file is no longer stored; upload it again."))
            return redirect("states:import")
        report = save_import(
            dataset,
            user=request.user,
            organization=organization,
            submit=item["submit"],
            source=item["name"],
        )
        if report.saved:
            forget_import(request, token)
        return render(
            request,
            "states/import_result.html" if report.saved else "states/import_preview.html",
            {
                "report": report,
                "rows": shown_rows(report),
                "file_name": item["name"],
                "organization": organization,
                "token": "",
                "changed_since": not report.saved,
            },
        )


class ProgressImportTemplateView(ImportMixin, View):
    """The template to fill in for one of the user's organizations (.xlsx)."""

    def get(self, request, slug):
        organization = get_object_or_404(self.organizations, slug=slug)
        response = HttpResponse(
            build_template(organization),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{template_name(organization)}"'
        return response
