"""The generated archive is what public pages read: the generator writes pages in
bulk, without signals, and then lists them in the read model itself."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from bench.generator import GENERATED_PREFIX
from briefings.listing.read_model import ListedBriefing, ListedCard
from briefings.models import BriefingPage

COUNT = 60


@pytest.fixture
def generated(seeded):
    call_command("generate_briefings", count=COUNT, seed=4, verbosity=0)
    return BriefingPage.objects.filter(slug__startswith=GENERATED_PREFIX)


def test_generated_briefings_are_listed_where_readers_look(generated, client):
    published = BriefingPage.objects.live().public()
    assert ListedBriefing.objects.count() == published.count() == COUNT + 5
    newest = generated.order_by("-date", "-pk").first()
    assert ListedCard.objects.get(briefing_id=newest.pk).path == newest.url
    response = client.get("/briefings/")
    assert response.status_code == 200
    assert newest.title in response.content.decode()


def test_clearing_after_a_publish_leaves_only_the_seed_content(generated, client):
    page = generated.order_by("pk").first()
    page.save_revision().publish()
    assert Revision.objects.filter(object_id=str(page.pk)).exists()
    assert client.get(page.url).status_code == 200
    call_command("generate_briefings", clear=True, verbosity=0)
    assert not Revision.objects.filter(object_id=str(page.pk)).exists()
    assert ListedBriefing.objects.count() == BriefingPage.objects.live().count() == 5
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get(page.url).status_code == 404
