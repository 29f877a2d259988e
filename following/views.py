"""
*Following*: what the user follows and how often they hear of it; the follow button on the
state, topic, resolution and commitment pages; and the unsubscribe link of every digest, which
works without signing in (a signed link) and takes one click (or a mail client's own button,
RFC 8058), never a page view alone, as mail scanners open links.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from commitments.models import Commitment, Resolution, Topic
from states.models import State

from .choices import Frequency, SubjectKind
from .digests import UNSUBSCRIBE_SALT
from .forms import FrequencyForm
from .models import Follow, Follower

MODELS = {
    SubjectKind.STATE: State,
    SubjectKind.TOPIC: Topic,
    SubjectKind.RESOLUTION: Resolution,
    SubjectKind.COMMITMENT: Commitment,
}


class FollowingListView(LoginRequiredMixin, TemplateView):
    template_name = "following/following_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        follower = Follower.objects.filter(user=user).first() or Follower(user=user)
        return super().get_context_data(
            follows=list(Follow.objects.of(user).for_list()),
            form=kwargs.pop("form", None) or FrequencyForm(instance=follower),
            **kwargs,
        )

    def post(self, request):
        follower = Follower.objects.filter(user=request.user).first() or Follower(user=request.user)
        form = FrequencyForm(request.POST, instance=follower)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(
            request,
            _("Digest e-mail: %(frequency)s.")
            % {"frequency": follower.get_frequency_display().lower()},
        )
        return redirect("following:list")


class FollowView(LoginRequiredMixin, View):
    """Follow a subject, or with `unfollow` stop (POST), and go back to where it was asked."""

    http_method_names = ["post"]

    def post(self, request, kind, pk):
        if kind not in MODELS:
            raise Http404
        subject = get_object_or_404(MODELS[kind], pk=pk)
        mine = Follow.objects.filter(user=request.user, kind=kind, **{kind: subject})
        follow = Follow(user=request.user, kind=kind, **{kind: subject})
        if request.POST.get("unfollow"):
            mine.delete()
            messages.success(
                request, _("You no longer follow %(subject)s.") % {"subject": follow.subject_name}
            )
        else:
            if not mine.exists():
                follow.save()
            Follower.objects.get_or_create(user=request.user)
            messages.success(
                request,
                _("You follow %(subject)s. Choose how often you hear of it under Following.")
                % {"subject": follow.subject_name},
            )
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect(follow.subject_url())


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """
    A digest's unsubscribe link: the whole digest (no more e-mail) or, with a follow in the
    link, that one subject. A GET shows the one button; the POST (the button, or a mail
    client's List-Unsubscribe-Post) does it. Without CSRF check: the signed link is the proof,
    and all it can do is stop mail.
    """

    template_name = "following/unsubscribe.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.user = self.follow = None
        self.broken = ""
        try:
            data = signing.loads(kwargs["token"], salt=UNSUBSCRIBE_SALT)
        except signing.BadSignature:
            self.broken = _("This link is not valid: copy the whole link from the e-mail.")
            return
        self.user = get_user_model().objects.filter(pk=data.get("u")).first()
        if self.user is None:
            self.broken = _("This account no longer exists: no e-mail will be sent to it.")
        elif "f" in data:
            self.follow = Follow.objects.for_list().filter(pk=data["f"], user=self.user).first()
            if self.follow is None:
                self.broken = _("You no longer follow this: nothing more to stop.")

    def get(self, request, token):
        if self.broken:
            return render(request, self.template_name, {"broken": self.broken}, status=410)
        return render(request, self.template_name, {"follow": self.follow})

    def post(self, request, token):
        if self.broken:
            return render(request, self.template_name, {"broken": self.broken}, status=410)
        if self.follow is not None:
            name = self.follow.subject_name
            self.follow.delete()
            done = _("You no longer follow %(subject)s.") % {"subject": name}
        else:
            Follower.objects.update_or_create(
                user=self.user, defaults={"frequency": Frequency.NEVER}
            )
            done = _("You get no more digest e-mails. What you follow stays listed.")
        return render(request, self.template_name, {"done": done})
