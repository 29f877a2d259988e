"""Atom feeds of newly approved progress, newest decision first."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from commitments.models import Commitment, Resolution, Topic
from states.models import ProgressEntry, State

ITEMS = 50


class ProgressFeed(Feed):
    """Every newly approved progress entry."""

    feed_type = Atom1Feed
    description_template = "syndication/entry_description.html"

    def title(self, obj=None):
        return gettext("Newly approved progress")

    def subtitle(self, obj=None):
        return gettext("Progress on United Nations resolutions, as approved by reviewers.")

    def link(self, obj=None):
        return reverse("reports:overview")

    def feed_url(self, obj=None):
        return reverse("syndication:progress")

    def entries(self, obj):
        return ProgressEntry.objects.approved()

    def items(self, obj=None):
        return (
            self.entries(obj)
            .select_related(
                "commitment__resolution",
                "commitment__paragraph",
                "state",
                "subject_organization",
                "organization",
            )
            .order_by("-decided_at", "-id")[:ITEMS]
        )

    def item_title(self, item):
        return f"{item.subject} — {item.commitment}: {item.get_status_display()}"

    def item_pubdate(self, item):
        return item.decided_at

    def item_updateddate(self, item):
        return item.decided_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [item.get_status_display()]


class StateProgressFeed(ProgressFeed):
    def get_object(self, request, slug):
        return get_object_or_404(State, slug=slug)

    def title(self, obj=None):
        return gettext("Newly approved progress: %(name)s") % {"name": obj.label}

    def link(self, obj=None):
        return reverse("states:state_detail", args=[obj.slug])

    def feed_url(self, obj=None):
        return reverse("syndication:state", args=[obj.slug])

    def entries(self, obj):
        return ProgressEntry.objects.approved().filter(state=obj)


class ResolutionProgressFeed(ProgressFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Resolution, pk=pk)

    def title(self, obj=None):
        return gettext("Newly approved progress: %(symbol)s") % {"symbol": obj.display_symbol}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("syndication:resolution", args=[obj.pk])

    def entries(self, obj):
        return ProgressEntry.objects.approved().filter(commitment__resolution=obj)


class TopicProgressFeed(ProgressFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj=None):
        return gettext("Newly approved progress: %(name)s") % {"name": obj.name}

    def link(self, obj=None):
        return reverse("reports:topic_report", args=[obj.slug])

    def feed_url(self, obj=None):
        return reverse("syndication:topic", args=[obj.slug])

    def entries(self, obj):
        return ProgressEntry.objects.approved().filter(
            commitment__in=Commitment.objects.on_topic(obj)
        )
