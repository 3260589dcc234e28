"""`manage.py generate_briefings`: a large archive of valid, searchable briefings."""

import statistics
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from bench.generator import GENERATED_PREFIX, LAST_DATE, YEARS
from briefings.models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingParticipant,
    Challenge,
    Participant,
    Source,
)
from tests.support.database import module_data

pytestmark = pytest.mark.django_db
COUNT = 200


# First, before the module's archive is made (`generated`): it would be
# deleted with the index.
def test_generating_without_the_site_structure_says_what_to_run(db):
    for index in BriefingIndexPage.objects.all():
        index.delete()
    with pytest.raises(CommandError, match="load_fixtures"):
        call_command("generate_briefings", count=10, verbosity=0)


def make_generated():
    """A generated archive, made once for the module."""
    call_command("generate_briefings", count=COUNT, seed=3, verbosity=0)
    return BriefingPage.objects.filter(slug__startswith=GENERATED_PREFIX)


generated = module_data(make_generated)


def test_generated_briefings_are_valid_live_pages_in_the_tree(generated, client):
    assert generated.live().count() == COUNT
    assert Page.find_problems() == ([], [], [], [], [])
    index = BriefingIndexPage.objects.get()
    assert index.numchild == COUNT + 5
    assert set(generated.child_of(index)) == set(generated)
    page = generated.order_by("?").first()
    assert page.url_path == f"{index.url_path}{page.slug}/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_generated_briefings_are_listed_in_the_admin_explorer(generated, client):
    admin = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(admin)
    index = BriefingIndexPage.objects.get()
    newest = generated.order_by("-latest_revision_created_at").first()
    response = client.get(
        f"/admin/pages/{index.pk}/?ordering=-latest_revision_created_at"
    )
    assert response.status_code == 200
    assert newest.title in response.content.decode()
    assert client.get(f"/admin/pages/{newest.pk}/edit/").status_code == 200


def test_generated_archive_has_the_benchmark_shape(generated):
    assert Challenge.objects.count() == 120
    assert Participant.objects.count() == 5_000
    assert Source.objects.count() == 12
    challenges = Counter(
        BriefingPage.challenges.through.objects.filter(
            briefingpage__in=generated
        ).values_list("briefingpage_id", flat=True)
    )
    links = BriefingParticipant.objects.filter(page__in=generated)
    participants = Counter(links.values_list("page_id", flat=True))
    for page in generated:
        assert 2 <= challenges[page.pk] <= 5
        assert 1 <= participants[page.pk] <= 8
        assert LAST_DATE.replace(year=LAST_DATE.year - YEARS) <= page.date <= LAST_DATE
        body_text = " ".join(str(block.value) for block in page.body)
        assert len(body_text) >= 2_000
    # Skewed: the most frequent participant is in far more briefings than most.
    per_participant = Counter(links.values_list("participant_id", flat=True))
    counts = sorted(per_participant.values(), reverse=True)
    assert counts[0] >= 10 * statistics.median(counts)
    years = {page.date.year for page in generated}
    assert len(years) >= 20


def test_search_finds_a_generated_briefing(generated):
    page = generated.order_by("pk")[COUNT // 2]
    results = BriefingPage.objects.live().search(page.title)
    assert page in list(results[:20])


def test_same_seed_gives_the_same_archive_and_clear_keeps_the_seed_content(
    generated,
):
    def snapshot():
        return list(
            BriefingPage.objects.filter(slug__startswith=GENERATED_PREFIX)
            .order_by("path")
            .values_list("title", "date", "summary")
        )

    first = snapshot()
    call_command("generate_briefings", clear=True, verbosity=0)
    assert not BriefingPage.objects.filter(slug__startswith=GENERATED_PREFIX).exists()
    assert BriefingPage.objects.count() == 5
    assert Challenge.objects.count() == 10
    assert BriefingIndexPage.objects.get().numchild == 5
    assert Page.find_problems() == ([], [], [], [], [])

    call_command("generate_briefings", count=COUNT, seed=3, verbosity=0)
    assert snapshot() == first
