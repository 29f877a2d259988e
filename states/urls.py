from django.urls import path

from .views import entries, evidence, imports, organizations, queue, states

app_name = "states"

urlpatterns = [
    path("progress/", entries.DashboardView.as_view(), name="dashboard"),
    path("progress/new/", entries.EntryCreateView.as_view(), name="entry_create"),
    path("progress/import/", imports.ProgressImportView.as_view(), name="import"),
    path(
        "progress/import/confirm/",
        imports.ProgressImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "progress/import/template/<slug:slug>/",
        imports.ProgressImportTemplateView.as_view(),
        name="import_template",
    ),
    path("progress/review/", queue.ReviewQueueView.as_view(), name="review_queue"),
    path(
        "progress/commitments/", entries.CommitmentChoicesView.as_view(), name="commitment_choices"
    ),
    path(
        "progress/commitments/<int:pk>/quote/",
        entries.CommitmentQuoteView.as_view(),
        name="commitment_quote",
    ),
    path("progress/<int:pk>/", entries.EntryDetailView.as_view(), name="entry_detail"),
    path("progress/<int:pk>/edit/", entries.EntryEditView.as_view(), name="entry_edit"),
    path(
        "progress/<int:pk>/<slug:action>/",
        entries.EntryTransitionView.as_view(),
        name="entry_transition",
    ),
    path("evidence/<int:pk>/download/", evidence.EvidenceFileView.as_view(), name="evidence_file"),
    path(
        "evidence/<int:pk>/confidential/",
        evidence.EvidenceConfidentialityView.as_view(),
        name="evidence_confidentiality",
    ),
    path("organizations/", organizations.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/invitations/<str:token>/",
        organizations.InvitationView.as_view(),
        name="invitation",
    ),
    path(
        "organizations/<slug:slug>/",
        organizations.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path(
        "organizations/<slug:slug>/invite/",
        organizations.InviteView.as_view(),
        name="organization_invite",
    ),
    path(
        "organizations/<slug:slug>/leave/",
        organizations.LeaveView.as_view(),
        name="organization_leave",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        organizations.MemberRoleView.as_view(),
        name="member_role",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        organizations.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/withdraw/",
        organizations.InvitationWithdrawView.as_view(),
        name="invitation_withdraw",
    ),
    path("states/", states.StateListView.as_view(), name="state_list"),
    path("states/<slug:slug>/", states.StateDetailView.as_view(), name="state_detail"),
]
