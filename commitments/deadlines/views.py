"""
Pages for deadline reminders: "My reminders" (a user's subscriptions and the deadlines they
cover) and the buttons that subscribe to a resolution, a topic or every resolution; and the
button by which a reviewer closes a reporting request (marks it fulfilled).

Every page needs a login, and a user only ever sees and changes their own subscriptions.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import SecondFactorRequiredMixin

from ..choices import SubscriptionScope
from ..forms import DeadlineSubscriptionForm, ReportingRequestCloseForm
from ..models import DeadlineSubscription, ReportingRequest, Resolution

# "My reminders" lists the covered requests due within this many days.
MY_REMINDERS_DAYS = 365


class ReminderListView(LoginRequiredMixin, TemplateView):
    """The user's deadline subscriptions, a form to add one, and the deadlines they cover."""

    template_name = "commitments/reminders.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        subscriptions = DeadlineSubscription.objects.filter(user=self.request.user).select_related(
            "resolution", "topic__parent"
        )
        upcoming = (
            ReportingRequest.objects.for_list()
            .upcoming(today, MY_REMINDERS_DAYS)
            .for_subscriber(self.request.user)
        )
        return super().get_context_data(
            subscriptions=list(subscriptions),
            upcoming_requests=list(upcoming[:50]),
            window_days=MY_REMINDERS_DAYS,
            today=today,
            form=kwargs.pop("form", None) or DeadlineSubscriptionForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = DeadlineSubscriptionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        topic = form.cleaned_data["topic"]
        scope = SubscriptionScope.TOPIC if topic else SubscriptionScope.ALL
        _, created = DeadlineSubscription.objects.get_or_create(
            user=request.user, scope=scope, topic=topic, resolution=None
        )
        subject = str(topic) if topic else "every resolution"
        if created:
            messages.success(request, f"You will get reminders of deadlines for {subject}.")
        else:
            messages.info(request, f"You already get reminders for {subject}.")
        return redirect("commitments:reminder_list")


class ReminderDeleteView(LoginRequiredMixin, View):
    """Stop one of the user's own subscriptions (POST); others' answer 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        subscription = get_object_or_404(DeadlineSubscription, pk=pk, user=request.user)
        subject = subscription.subject
        subscription.delete()
        messages.success(request, f"You will no longer get reminders for {subject}.")
        return redirect(_next_url(request) or "commitments:reminder_list")


class ResolutionReminderView(LoginRequiredMixin, View):
    """Subscribe to (or, with action=unsubscribe, stop) one resolution's deadline reminders."""

    http_method_names = ["post"]

    def post(self, request, pk):
        resolution = get_object_or_404(Resolution, pk=pk)
        mine = DeadlineSubscription.objects.filter(
            user=request.user, scope=SubscriptionScope.RESOLUTION, resolution=resolution
        )
        if request.POST.get("action") == "unsubscribe":
            mine.delete()
            messages.success(
                request, f"You will no longer get reminders for {resolution.display_symbol}."
            )
        else:
            DeadlineSubscription.objects.get_or_create(
                user=request.user, scope=SubscriptionScope.RESOLUTION, resolution=resolution
            )
            messages.success(
                request,
                f"You will get an e-mail before the deadlines of {resolution.display_symbol}.",
            )
        return redirect(resolution.get_absolute_url() + "#deadlines")


class ReportingRequestCloseView(SecondFactorRequiredMixin, LoginRequiredMixin, View):
    """
    Mark an open reporting request fulfilled (POST, with an optional note such as the
    report's symbol), as a reviewer (two-factor sign-in, as for their other decisions, when
    the setting asks for it): who and when are recorded on the request
    (`ReportingRequest.close`). Anyone else is refused (403); a request already closed is
    left as it is, with a message. Back to the page it was closed from (the resolution's
    deadlines without one).
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        if not ReportingRequest.may_close(request.user):
            raise PermissionDenied(_("Only reviewers mark reporting requests fulfilled."))
        item = get_object_or_404(ReportingRequest.objects.current().for_list(), pk=pk)
        form = ReportingRequestCloseForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        elif item.close(request.user, form.cleaned_data["note"]):
            messages.success(
                request,
                f"The {item.get_kind_display().lower()} of {item.resolution.display_symbol}, "
                f"paragraph {item.commitment.paragraph.label}, is marked fulfilled.",
            )
        else:
            messages.info(request, _("That request had already been marked fulfilled."))
        return redirect(_next_url(request) or item.resolution.get_absolute_url() + "#deadlines")


def _next_url(request) -> str | None:
    url = request.POST.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
