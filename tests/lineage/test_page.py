import datetime

import pytest
from django.utils import timezone

from commitments.models import CommitmentLink
from core.caching import mark_figures_changed
from states.choices import WorkflowState
from tests.factories.commitments import CommitmentFactory, CommitmentLinkFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def version(symbol, adopted_on, number, text):
    resolution = ResolutionFactory(
        symbol=symbol, adopted_on=datetime.date.fromisoformat(adopted_on)
    )
    return CommitmentFactory(
        paragraph__resolution=resolution, paragraph__number=number, paragraph__text=text
    )


@pytest.fixture
def lineage():
    """Criminalization asked in 2006, 2010 and 2016; the 2016 page is the one read."""
    ecosoc = version("E/RES/2006/27", "2006-07-27", "2", "Urges States to criminalize trafficking;")
    general_assembly = version(
        "A/RES/65/190",
        "2010-12-21",
        "16",
        "Calls upon Governments to criminalize all forms of trafficking in persons & <children>;",
    )
    council = version(
        "A/HRC/RES/32/3",
        "2016-06-30",
        "13",
        "Calls upon all Governments to criminalize all forms of trafficking in persons;",
    )
    CommitmentLinkFactory(earlier=general_assembly, later=council, score=0.91)
    CommitmentLinkFactory(
        earlier=ecosoc, later=council, score=0.46, kind=CommitmentLink.Kind.BROADENED
    )
    return ecosoc, general_assembly, council


def approved_entry(commitment, **fields):
    return ProgressEntryFactory(
        commitment=commitment,
        workflow_state=WorkflowState.APPROVED,
        decided_by=UserFactory(role="Reviewers"),
        decided_at=timezone.now(),
        **fields,
    )


def lineage_section(response):
    html = response.content.decode()
    return html[html.index('id="lineage-heading"') : html.index('id="progress-heading"')]


def test_it_shows_the_lineage_oldest_first_with_kind_and_score(client, lineage):
    ecosoc, general_assembly, council = lineage

    section = lineage_section(client.get(council.get_absolute_url()))

    positions = [
        section.index(f"{symbol} OP {label}")
        for symbol, label in (
            ("E/RES/2006/27", "2"),
            ("A/RES/65/190", "16"),
            ("A/HRC/RES/32/3", "13"),
        )
    ]
    assert positions == sorted(positions)
    assert "Broadened" in section and "0.46" in section and "0.91" in section


def test_it_shows_the_word_changes_between_consecutive_versions_escaped(client, lineage):
    ecosoc, general_assembly, council = lineage

    section = lineage_section(client.get(council.get_absolute_url()))

    # 2006 -> 2010, then 2010 -> 2016 (the markup of the 2010 text escaped).
    assert "<ins>all forms of</ins>" in section
    assert "<ins>in persons &amp; &lt;children&gt;;</ins>" in section
    assert "<del>&amp; &lt;children&gt;;</del>" in section
    assert "<children>" not in section


def test_it_leaves_rejected_links_out(client, lineage):
    ecosoc, general_assembly, council = lineage
    link = CommitmentLink.objects.get(earlier=ecosoc)
    link.decide(CommitmentLink.Status.REJECTED, None, timezone.now())

    section = lineage_section(client.get(council.get_absolute_url()))

    assert "A/RES/65/190 OP 16" in section
    assert "E/RES/2006/27" not in section


def test_it_shows_the_lineage_from_an_earlier_version_too(client, lineage):
    ecosoc, general_assembly, council = lineage

    section = lineage_section(client.get(ecosoc.get_absolute_url()))

    assert "A/HRC/RES/32/3 OP 13" in section
    assert "A/RES/65/190" not in section  # not linked to the 2006 ask itself


def test_it_shows_progress_on_other_versions_labelled_with_the_version(client, lineage):
    ecosoc, general_assembly, council = lineage
    organization = OrganizationFactory()
    approved = approved_entry(general_assembly, organization=organization)
    draft = ProgressEntryFactory(commitment=general_assembly, organization=organization)

    anonymous = lineage_section(client.get(council.get_absolute_url()))
    client.force_login(draft.created_by)
    member = lineage_section(client.get(council.get_absolute_url()))

    assert "Progress recorded on A/RES/65/190 OP 16" in anonymous
    assert approved.get_absolute_url() in anonymous
    assert draft.get_absolute_url() not in anonymous
    assert draft.get_absolute_url() in member


def test_it_shows_the_lineage_in_constant_queries(client, lineage, django_assert_max_num_queries):
    ecosoc, general_assembly, council = lineage
    approved_entry(ecosoc)
    approved_entry(general_assembly)
    client.force_login(UserFactory(role="Reviewers"))
    url = council.get_absolute_url()
    # The first reader of a commitment page makes the token its figures are cached under
    # (core/caching.py), once; both requests measured below find it made, and both come
    # after a change of structure (the versions made below are one), so both count again.
    client.get(url)
    mark_figures_changed()

    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    for year in range(2011, 2016):
        earlier = version(f"A/RES/{year}/1", f"{year}-01-01", "1", "Urges States to criminalize;")
        CommitmentLinkFactory(earlier=earlier, later=council)
        approved_entry(earlier)
        approved_entry(earlier)
    with django_assert_max_num_queries(60) as large:
        response = client.get(url)

    assert lineage_section(response).count("Progress recorded on") == 7
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_says_in_words_what_each_link_claims(client, lineage):
    ecosoc, general_assembly, council = lineage
    CommitmentLink.objects.filter(earlier=ecosoc).update(
        kind=CommitmentLink.Kind.RELATED, score=0.39
    )
    CommitmentLink.objects.filter(earlier=general_assembly).update(
        kind=CommitmentLink.Kind.STRENGTHENED
    )

    section = lineage_section(client.get(council.get_absolute_url()))

    assert "Related</span>" in section
    assert (
        "A related ask on the same subject, worded too differently to call it the same ask, "
        "from E/RES/2006/27 to A/HRC/RES/32/3." in section
    )
    assert "Loosely similar wording (similarity 0.39), suggested by the linker." in section
    assert "Strengthened</span>" in section
    assert "The same ask, put more firmly, from A/RES/65/190 to A/HRC/RES/32/3." in section
    assert "Nearly the same wording (similarity 0.91)" in section
