"""`Commitment.objects.on_topic`: the one meaning of "on a topic" for every list and filter."""

import pytest

from commitments.models import Commitment, Topic
from tests.factories.commitments import CommitmentFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    """A topic with a sub-topic, another topic, and commitments tagged in each way."""
    parent = TopicFactory(slug="parent", name="Parent")
    child = TopicFactory(slug="child", name="Child", parent=parent)
    other = TopicFactory(slug="other", name="Other")
    return {
        "parent": parent,
        "child": child,
        "other": other,
        "on_parent": CommitmentFactory(topics=[parent]),
        "on_child": CommitmentFactory(topics=[child]),
        "on_both": CommitmentFactory(topics=[parent, child]),
        "on_other": CommitmentFactory(topics=[other]),
        "untagged": CommitmentFactory(),
    }


def pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_it_finds_commitments_on_a_topic_and_its_subtopics_each_once(tagged):
    found = Commitment.objects.on_topic(tagged["parent"])

    # A list, not a set: a commitment tagged with the topic and its sub-topic is one row.
    assert pks(found) == sorted(
        [tagged["on_parent"].pk, tagged["on_child"].pk, tagged["on_both"].pk]
    )
    assert found.count() == 3


def test_it_finds_only_the_subtopics_own_commitments_for_a_subtopic(tagged):
    found = Commitment.objects.on_topic(tagged["child"])

    assert pks(found) == sorted([tagged["on_child"].pk, tagged["on_both"].pk])


def test_it_takes_a_topics_primary_key_and_combines_with_other_filters(tagged):
    tagged["on_child"].retired = True
    tagged["on_child"].save()

    assert pks(Commitment.objects.on_topic(tagged["other"].pk)) == [tagged["on_other"].pk]
    assert pks(Commitment.objects.current().on_topic(tagged["parent"].pk)) == sorted(
        [tagged["on_parent"].pk, tagged["on_both"].pk]
    )


def test_it_finds_commitments_on_any_of_several_topics(tagged):
    several = Topic.objects.filter(slug__in=["child", "other"])

    assert pks(Commitment.objects.on_topic(several)) == sorted(
        [tagged["on_child"].pk, tagged["on_both"].pk, tagged["on_other"].pk]
    )
    assert pks(Commitment.objects.on_topic(several.values("pk"))) == pks(
        Commitment.objects.on_topic(several)
    )
