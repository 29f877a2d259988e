"""
Organizations run by their coordinators: *Your organizations* (and leaving one), an
organization's page (its members and roles, pending invitations, the history of changes),
inviting by e-mail, changing a role, removing a member, withdrawing an invitation; and the
invitation link, by which a new person makes an account and joins, or a signed-in one joins.

An organization's page is for its members: anyone else gets a 404, so nothing tells an
outsider who belongs to it. Changes are for its coordinators (a member gets a 403); the
rules themselves are on the models (`Organization.invite`, `Membership.change_role`, ...).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ..choices import MembershipRole
from ..invitations import send_invitation
from ..membership_forms import InvitationForm, JoinWithNewAccountForm, RoleForm
from ..models import Invitation, InvitationError, Membership, MembershipError, Organization


class OrganizationListView(LoginRequiredMixin, TemplateView):
    """The organizations the user belongs to, their role in each, and a way to leave."""

    template_name = "states/organization_list.html"

    def get_context_data(self, **kwargs):
        memberships = Membership.objects.filter(user=self.request.user).select_related(
            "organization__country"
        )
        return super().get_context_data(memberships=list(memberships), **kwargs)


class OrganizationMixin(LoginRequiredMixin):
    """The organization of the URL, for its members only (a 404 to everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = get_object_or_404(
            Organization.objects.select_related("country"), slug=kwargs["slug"]
        )
        self.membership = self.organization.membership_of(request.user)
        if self.membership is None:
            raise Http404(_("No such organization among yours."))
        return super().dispatch(request, *args, **kwargs)

    def require_coordinator(self):
        if not self.membership.is_coordinator:
            raise PermissionDenied(_("Only the organization's coordinators may do this."))


class OrganizationDetailView(OrganizationMixin, TemplateView):
    """Members and roles; for coordinators also the invite form, invitations and history."""

    template_name = "states/organization_detail.html"

    def get_context_data(self, **kwargs):
        organization = self.organization
        coordinator = self.membership.is_coordinator
        members = list(
            organization.memberships.select_related("user").order_by(
                "user__first_name", "user__last_name", "user__username"
            )
        )
        context = {
            "organization": organization,
            "membership": self.membership,
            "coordinator": coordinator,
            "members": members,
            "roles": MembershipRole.choices,
        }
        if coordinator:
            context["invitations"] = list(
                organization.invitations.pending().select_related("invited_by")
            )
            context["changes"] = organization.changes()
            context["form"] = kwargs.pop("form", None) or InvitationForm()
        return super().get_context_data(**context, **kwargs)


class InviteView(OrganizationMixin, View):
    """Invite an e-mail address (POST): the same answer whether or not it has an account."""

    http_method_names = ["post"]

    def post(self, request, slug):
        self.require_coordinator()
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = self.organization.invite(
                    request.user, form.cleaned_data["email"], form.cleaned_data["role"]
                )
            except MembershipError as refusal:
                form.add_error(None, str(refusal))
            else:
                send_invitation(invitation)
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s. The link works until %(date)s.")
                    % {
                        "email": invitation.email,
                        "date": date_format(localtime(invitation.expires), "DATE_FORMAT"),
                    },
                )
                return redirect(self.organization)
        view = OrganizationDetailView(request=request, kwargs=self.kwargs)
        view.organization, view.membership = self.organization, self.membership
        return render(
            request,
            view.template_name,
            view.get_context_data(form=form),
            status=400,
        )


class MemberChangeMixin(OrganizationMixin):
    http_method_names = ["post"]

    def member(self, pk):
        return get_object_or_404(
            self.organization.memberships.select_related("user", "organization"), pk=pk
        )

    def refused(self, refusal):
        messages.error(self.request, str(refusal))
        return redirect(self.organization)


class MemberRoleView(MemberChangeMixin, View):
    def post(self, request, slug, pk):
        self.require_coordinator()
        member = self.member(pk)
        member.organization = self.organization  # its coordinator check is cached already
        form = RoleForm(request.POST)
        if not form.is_valid():
            return self.refused(_("Choose member or coordinator."))
        try:
            changed = member.change_role(request.user, form.cleaned_data["role"])
        except MembershipError as refusal:
            return self.refused(refusal)
        if changed:
            messages.success(
                request,
                _("%(name)s is now a %(role)s.")
                % {"name": display_name(member.user), "role": member.get_role_display().lower()},
            )
        return redirect(self.organization)


class MemberRemoveView(MemberChangeMixin, View):
    def post(self, request, slug, pk):
        self.require_coordinator()
        member = self.member(pk)
        member.organization = self.organization
        try:
            member.remove(request.user)
        except MembershipError as refusal:
            return self.refused(refusal)
        messages.success(
            request,
            _("%(name)s is no longer a member. Their entries stay, under their name.")
            % {"name": display_name(member.user)},
        )
        if member.user_id == request.user.pk:
            return redirect("states:organization_list")
        return redirect(self.organization)


class InvitationWithdrawView(MemberChangeMixin, View):
    def post(self, request, slug, pk):
        self.require_coordinator()
        invitation = get_object_or_404(self.organization.invitations, pk=pk)
        invitation.organization = self.organization
        try:
            invitation.withdraw(request.user)
        except MembershipError as refusal:
            return self.refused(refusal)
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect(self.organization)


class LeaveView(MemberChangeMixin, View):
    """The user leaves the organization (POST); their entries stay."""

    def post(self, request, slug):
        try:
            self.membership.leave()
        except MembershipError as refusal:
            messages.error(request, str(refusal))
            return redirect("states:organization_list")
        messages.success(
            request,
            _("You left %(organization)s. Your entries stay, under your name.")
            % {"organization": self.organization.name},
        )
        return redirect("states:organization_list")


class InvitationView(View):
    """
    An invitation's link. A link that no longer works says why (used, withdrawn, expired,
    damaged). Signed in, the user joins with a click. Otherwise: where an account has the
    invited address, the page asks to sign in (the reader holds the link sent to that
    address, so this tells no one else anything); else they make an account and join.
    """

    template_name = "states/invitation.html"

    def dispatch(self, request, token):
        try:
            self.invitation = Invitation.from_token(token)
        except InvitationError as broken:
            return render(request, self.template_name, {"broken": str(broken)}, status=410)
        return super().dispatch(request, token)

    def has_account(self):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(email__iexact=self.invitation.email, is_active=True)
            .exists()
        )

    def render(self, form=None, status=200):
        invitation = self.invitation
        user = self.request.user
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "already_member": user.is_authenticated
            and invitation.organization.membership_of(user) is not None,
        }
        if not user.is_authenticated:
            context["login_url"] = redirect_to_login(self.request.get_full_path()).url
            context["has_account"] = self.has_account()
            if not context["has_account"]:
                context["form"] = form or JoinWithNewAccountForm(email=invitation.email)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render()

    def post(self, request, token):
        invitation = self.invitation
        if request.user.is_authenticated:
            user = request.user
        elif self.has_account():
            return redirect_to_login(request.get_full_path())
        else:
            form = JoinWithNewAccountForm(request.POST, email=invitation.email)
            if not form.is_valid():
                return self.render(form, status=400)
            user = form.save()
        try:
            _membership, created = invitation.accept(user)
        except InvitationError as broken:
            return render(request, self.template_name, {"broken": str(broken)}, status=410)
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if created:
            messages.success(
                request,
                _("Welcome to %(organization)s: you can record progress for it now.")
                % {"organization": invitation.organization.name},
            )
        else:
            messages.info(
                request,
                _("You were a member of %(organization)s already.")
                % {"organization": invitation.organization.name},
            )
        return redirect(invitation.organization)


def display_name(user):
    return user.get_full_name() or user.username
