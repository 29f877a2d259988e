"""Atom feeds of newly approved progress: all, per state, per resolution, per topic."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.urls import reverse

from states.models import State
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]
    return feed.findtext(f"{ATOM}title"), entries


def test_it_lists_approved_progress_with_subject_commitment_and_status(client, entry_on):
    entry = entry_on("The penal code now criminalizes trafficking & forced labour.")

    title, [item] = read(client, reverse("syndication:progress"))

    assert title == "Newly approved progress"
    assert item["title"] == "Kenya — A/RES/65/190 OP 17: In progress"
    assert item["link"] == f"http://testserver/progress/{entry.pk}/"
    assert item["author"] == "Coalition against Trafficking"
    assert "The penal code now criminalizes trafficking &amp; forced labour." in item["summary"]
    assert "In progress</strong> as of 1 March 2026" in item["summary"]


def test_it_leaves_out_what_is_not_approved(client, entry_on):
    entry_on("Approved step.")
    entry_on("A draft naming a witness.", approve=False)

    _, items = read(client, reverse("syndication:progress"))

    assert ["Approved step." in item["summary"] for item in items] == [True]
    assert b"witness" not in client.get(reverse("syndication:progress")).content


def test_it_gives_each_state_its_own_feed(client, entry_on):
    entry_on("Kenya's step.")
    entry_on("Chile's step.", state=State.objects.get(iso3="CHL"))

    title, items = read(client, reverse("syndication:state", args=["kenya"]))

    assert title == "Newly approved progress: Kenya"
    assert [item["title"] for item in items] == ["Kenya — A/RES/65/190 OP 17: In progress"]


def test_it_gives_each_resolution_its_own_feed(client, entry_on, commitment):
    other = CommitmentFactory(paragraph=ParagraphFactory(number="3", position=3))
    entry_on("On the resolution.")
    entry_on("On another resolution.", on=other)

    title, items = read(client, reverse("syndication:resolution", args=[commitment.resolution.pk]))

    assert title == "Newly approved progress: A/RES/65/190"
    assert ["On the resolution." in item["summary"] for item in items] == [True]


def test_a_topic_feed_includes_its_sub_topics(client, entry_on, commitment):
    parent = TopicFactory(slug="trafficking", name="Trafficking in persons")
    commitment.topics.add(TopicFactory(slug="trafficking-women", name="Women", parent=parent))
    entry_on("Tagged with the sub-topic.")
    entry_on("Not tagged.", on=CommitmentFactory(paragraph=ParagraphFactory(number="4")))

    title, items = read(client, reverse("syndication:topic", args=["trafficking"]))

    assert title == "Newly approved progress: Trafficking in persons"
    assert ["Tagged with the sub-topic." in item["summary"] for item in items] == [True]


def test_it_answers_an_unknown_subject_with_not_found(client):
    assert client.get(reverse("syndication:state", args=["atlantis"])).status_code == 404
    assert client.get(reverse("syndication:resolution", args=[999999])).status_code == 404
    assert client.get(reverse("syndication:topic", args=["no-such-topic"])).status_code == 404


def test_it_reads_a_feed_in_a_fixed_number_of_queries(client, entry_on, django_assert_num_queries):
    for day in range(1, 6):
        entry_on(f"Step {day}.", day=day)
    with django_assert_num_queries(2):  # the state, then the entries with what they show
        client.get(reverse("syndication:state", args=["kenya"]))


def test_the_state_and_resolution_pages_link_their_feeds(client, commitment):
    state_page = client.get(reverse("states:state_detail", args=["kenya"])).content.decode()
    resolution_page = client.get(commitment.resolution.get_absolute_url()).content.decode()

    state_feed = reverse("syndication:state", args=["kenya"])
    resolution_feed = reverse("syndication:resolution", args=[commitment.resolution.pk])
    assert '<link rel="alternate" type="application/atom+xml"' in state_page
    assert f'href="{state_feed}"' in state_page
    assert f'href="{resolution_feed}"' in resolution_page


def test_the_reports_page_links_each_topic_feed(client):
    TopicFactory(slug="trafficking", name="Trafficking in persons")

    content = client.get(reverse("reports:report_list")).content.decode()

    assert (
        '<a class="feed-link" href="/feeds/topics/trafficking/" type="application/atom+xml">'
        'Atom feed<span class="visually-hidden"> of newly approved progress on Trafficking in '
        "persons</span></a>"
    ) in content
