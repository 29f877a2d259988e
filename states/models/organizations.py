"""
The organizations that report on states, their members and the invitations that bring people
in. An organization runs itself: its coordinators invite people, change roles and remove
members (`Organization.invite`, `Membership.change_role`, `Membership.remove`), members leave
(`Membership.leave`), and each of those changes is kept in the memberships' and invitations'
history with who made it. A removed member's entries stay, attributed to them.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import (
    MembershipRole,
    OrganizationKind,
)
from .places import State

INVITATION_SALT = "states.invitation"
# The group whose permissions let a member record progress for their organizations.
CONTRIBUTORS = "Contributors"


def new_key() -> str:
    return secrets.token_urlsafe(16)


class MembershipError(Exception):
    """A change to an organization's people refused for a reason its user can act on."""


class Organization(models.Model):
    """
    A body other than a state that reports on or acts on commitments.

    National NGOs and national human rights institutions belong to one country, which lets
    their reports be shown beside that state's record; international bodies have none.
    Losing a state (never expected) must not delete the organization, hence SET_NULL.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    acronym = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=32, choices=OrganizationKind)
    country = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        help_text=_("For national NGOs and national human rights institutions."),
    )
    website = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="organization_has_name"),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="organization_slug_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            # URLValidator's schemes: never javascript: or data: in a link.
            models.CheckConstraint(
                condition=Q(website="")
                | Q(website__istartswith="http://")
                | Q(website__istartswith="https://")
                | Q(website__istartswith="ftp://")
                | Q(website__istartswith="ftps://"),
                name="organization_website_scheme_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("states:organization_detail", args=[self.slug])

    def membership_of(self, user):
        """`user`'s membership here, or None (asked once per instance and user)."""
        if user is None or not user.is_authenticated:
            return None
        known = self.__dict__.setdefault("_memberships_known", {})
        if user.pk not in known:
            known[user.pk] = self.memberships.filter(user=user).first()
        return known[user.pk]

    def is_coordinator(self, user) -> bool:
        membership = self.membership_of(user)
        return membership is not None and membership.role == MembershipRole.COORDINATOR

    def coordinators(self):
        return self.memberships.filter(role=MembershipRole.COORDINATOR)

    def changes(self, limit=25):
        """
        The latest changes to the organization's people, newest first: memberships made,
        changed and ended, invitations sent, accepted and withdrawn, each with who made it.
        Two queries whatever the history's length.
        """
        memberships = (
            Membership.history.filter(organization_id=self.pk)
            .select_related("history_user", "user")
            .order_by("-history_date")[:limit]
        )
        invitations = (
            Invitation.history.filter(organization_id=self.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in memberships:
            record.kind = "membership"
        for record in invitations:
            record.kind = "invitation"
        merged = sorted(
            [*memberships, *invitations], key=lambda record: record.history_date, reverse=True
        )
        return merged[:limit]

    def invite(self, by, email: str, role=MembershipRole.MEMBER):
        """
        Invite `email` to join as `role`, as coordinator `by`: a pending invitation to the same
        address is replaced (its link stops working). Refused for anyone but a coordinator of
        this organization, past the hourly limit, and for an address already a member's here.
        The same answer whether or not the address has an account anywhere else.
        """
        if not self.is_coordinator(by):
            raise PermissionDenied(_("Only the organization's coordinators may invite people."))
        email = email.strip()
        since = timezone.now() - datetime.timedelta(hours=1)
        if Invitation.objects.filter(invited_by=by, created__gte=since).count() >= (
            settings.INVITATIONS_PER_HOUR
        ):
            raise MembershipError(
                _("You have sent %(count)d invitations in the last hour: wait a while.")
                % {"count": settings.INVITATIONS_PER_HOUR}
            )
        if self.memberships.filter(user__email__iexact=email).exists():
            raise MembershipError(_("%(email)s is a member already.") % {"email": email})
        with transaction.atomic():
            for earlier in Invitation.objects.pending().filter(
                organization=self, email__iexact=email
            ):
                earlier.withdraw(by, reason="replaced")
            invitation = Invitation(
                organization=self,
                email=email,
                role=role,
                invited_by=by,
                expires=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
            )
            invitation._history_user = by
            invitation._change_reason = "invited"
            invitation.save()
        return invitation

    def join(self, user, role, *, by=None, reason="joined"):
        """Make `user` a member (a contributor) in `role`; a member already keeps theirs."""
        membership = self.memberships.filter(user=user).first()
        if membership is not None:
            return membership, False
        membership = Membership(user=user, organization=self, role=role)
        membership._history_user = by or user
        membership._change_reason = reason
        membership.save()
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
        return membership, True


class Membership(models.Model):
    """
    A user's belonging to an organization: members record progress for it, coordinators
    also invite people, change roles and remove members.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=16,
        choices=MembershipRole,
        default=MembershipRole.MEMBER,
        verbose_name=gettext_lazy("role"),
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == MembershipRole.COORDINATOR

    def _is_last_coordinator(self) -> bool:
        return (
            self.is_coordinator
            and not self.organization.coordinators().exclude(pk=self.pk).exists()
        )

    def change_role(self, by, role):
        """A coordinator of the organization gives this member another role."""
        if not self.organization.is_coordinator(by):
            raise PermissionDenied(_("Only the organization's coordinators may change roles."))
        if role not in MembershipRole.values:
            raise MembershipError(_("Choose member or coordinator."))
        if role == self.role:
            return False
        if self._is_last_coordinator():
            raise MembershipError(
                _("An organization keeps at least one coordinator: name another one first.")
            )
        self.role = role
        self._history_user = by
        self._change_reason = "role changed"
        self.save(update_fields=["role"])
        return True

    def remove(self, by):
        """
        A coordinator takes this member out of the organization. Their entries stay, with
        them as author; they no longer see its drafts nor report for it.
        """
        if not self.organization.is_coordinator(by):
            raise PermissionDenied(_("Only the organization's coordinators may remove members."))
        if self._is_last_coordinator():
            raise MembershipError(
                _("An organization keeps at least one coordinator: name another one first.")
            )
        self._history_user = by
        self._change_reason = "left" if by.pk == self.user_id else "removed"
        self.delete()

    def leave(self):
        """The member leaves of their own accord (the last coordinator names another first)."""
        if self._is_last_coordinator():
            raise MembershipError(
                _("You are its only coordinator: name another one before you leave.")
            )
        self._history_user = self.user
        self._change_reason = "left"
        self.delete()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor withdrawn (an expired one is pending still, and says so)."""
        return self.filter(accepted_at=None, withdrawn_at=None)


class InvitationError(Exception):
    """A link that no longer works, with the reason in words."""


class Invitation(models.Model):
    """
    An e-mail address asked to join an organization. Its link is signed and carries a key of
    its own, works until `expires`, and once: accepted or withdrawn, it says so.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(verbose_name=gettext_lazy("e-mail address"))
    role = models.CharField(
        max_length=16,
        choices=MembershipRole,
        default=MembershipRole.MEMBER,
        verbose_name=gettext_lazy("role"),
    )
    key = models.CharField(max_length=32, default=new_key, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["key"])

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["invited_by", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at=None) | Q(withdrawn_at=None),
                name="invitation_accepted_or_withdrawn",
            ),
            models.CheckConstraint(condition=~Q(email=""), name="invitation_has_email"),
            models.CheckConstraint(condition=~Q(key=""), name="invitation_has_key"),
        ]

    def __str__(self):
        return f"{self.email} to {self.organization}"

    def get_absolute_url(self):
        return reverse("states:invitation", args=[self.token()])

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None

    def token(self) -> str:
        # No timestamp in it: the invitation's own `expires` says how long it works.
        return signing.Signer(salt=INVITATION_SALT).sign_object({"i": self.pk, "k": self.key})

    @classmethod
    def from_token(cls, token: str):
        """The invitation a link stands for, or InvitationError saying why it does not work."""
        try:
            data = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
        except (signing.BadSignature, ValueError) as bad:
            raise InvitationError(
                _("This invitation link is not valid: copy the whole link from the e-mail.")
            ) from bad
        invitation = (
            cls.objects.select_related("organization", "invited_by")
            .filter(pk=data.get("i"), key=data.get("k"))
            .first()
        )
        if invitation is None:
            raise InvitationError(_("This invitation no longer exists: ask for a new one."))
        invitation.check_usable()
        return invitation

    def check_usable(self):
        if self.accepted_at is not None:
            raise InvitationError(
                _("This invitation was used already: each link works once. Sign in instead.")
            )
        if self.withdrawn_at is not None:
            raise InvitationError(
                _(
                    "This invitation was withdrawn. Ask the organization's coordinator "
                    "for a new one."
                )
            )
        if self.is_expired:
            raise InvitationError(
                _(
                    "This invitation expired on %(date)s. Ask the organization's coordinator "
                    "for a new one."
                )
                % {"date": date_format(timezone.localtime(self.expires), "DATE_FORMAT")}
            )

    def accept(self, user):
        """`user` joins the organization through this invitation, once, under a row lock."""
        with transaction.atomic():
            fresh = Invitation.objects.select_for_update().get(pk=self.pk)
            fresh.check_usable()
            membership, created = self.organization.join(user, fresh.role, reason="accepted")
            fresh.accepted_at, fresh.accepted_by = timezone.now(), user
            fresh._history_user = user
            fresh._change_reason = "accepted"
            fresh.save(update_fields=["accepted_at", "accepted_by"])
        self.accepted_at, self.accepted_by = fresh.accepted_at, user
        return membership, created

    def withdraw(self, by, reason="withdrawn"):
        """A coordinator withdraws a pending invitation: its link stops working."""
        if not self.organization.is_coordinator(by):
            raise PermissionDenied(_("Only the organization's coordinators may withdraw it."))
        if not self.is_pending:
            raise MembershipError(_("This invitation was already used or withdrawn."))
        self.withdrawn_at = timezone.now()
        self._history_user = by
        self._change_reason = reason
        self.save(update_fields=["withdrawn_at"])
