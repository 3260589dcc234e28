"""What each app server keeps per content generation (institute.generation_memo):
readers see every change at once, and nothing is kept outside their requests."""

from wagtail.models import Page, PageViewRestriction, Site

from briefings.models import BriefingIndexPage, BriefingPage, Challenge
from institute import generation_memo
from tests.test_pages import text_of


def test_a_renamed_index_answers_at_its_new_address_at_once(seeded, client):
    assert client.get("/briefings/").status_code == 200
    index = BriefingIndexPage.objects.get()
    index.slug = "archive"
    index.save_revision().publish()
    assert client.get("/briefings/").status_code == 404
    assert client.get("/archive/").status_code == 200
    briefing = BriefingPage.objects.live().first()
    assert client.get(f"/archive/{briefing.slug}/").status_code == 200


def test_a_briefing_made_private_is_refused_and_unlisted_at_once(seeded, client):
    page = BriefingPage.objects.live().first()
    assert client.get(page.url).status_code == 200
    assert page.title in client.get("/briefings/").content.decode()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(page.url).status_code == 302
    assert page.title not in client.get("/briefings/").content.decode()
    restriction.delete()
    assert client.get(page.url).status_code == 200


def test_a_private_section_hides_every_briefing_under_it(seeded, client):
    client.get("/briefings/")
    index = BriefingIndexPage.objects.get()
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    briefing = BriefingPage.objects.live().first()
    assert client.get(briefing.url).status_code == 302
    assert client.get("/briefings/").status_code == 302
    feed = client.get("/briefings/feed/").content.decode()
    assert briefing.title not in feed


def test_a_site_moved_to_another_root_answers_from_it_at_once(seeded, client):
    assert client.get("/briefings/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = Page.objects.get(depth=1)  # the tree's root: no home page
    site.save()
    assert client.get("/briefings/").status_code == 404


def test_an_unknown_address_answers_404_and_is_not_kept(seeded, client):
    for number in range(3):
        assert client.get(f"/no-such-page-{number}/").status_code == 404
    assert client.get("/briefings/").status_code == 200
    kept = generation_memo._kept["values"]
    assert kept, "a reader's request keeps the site and the home page's children"
    assert not [key for key in kept if "no-such-page" in str(key)]
    children = [
        value for key, value in kept.items() if str(key).startswith("children:")
    ]
    assert [list(found) for found in children] == [["briefings"]]


def test_outside_a_readers_request_every_read_goes_to_the_database(
    seeded, django_assert_num_queries
):
    def read():
        return Page.objects.count()

    with django_assert_num_queries(2):
        generation_memo.remembered("count", read)
        generation_memo.remembered("count", read)


def test_health_checks_read_no_site_or_page(seeded, client, django_assert_num_queries):
    """The floor of every benchmark and the load balancer's probe stay trivial."""
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
    assert not generation_memo._kept["values"]


def test_unknown_host_names_share_one_kept_site(seeded, client, settings):
    """With a wildcard in ALLOWED_HOSTS, every host name a client sends could
    otherwise keep a Site of its own until the next publish."""
    settings.ALLOWED_HOSTS = [".example.org", "localhost"]
    for number in range(5):
        response = client.get("/briefings/", HTTP_HOST=f"x{number}.example.org")
        assert response.status_code == 200
    assert client.get("/briefings/", HTTP_HOST="localhost").status_code == 200
    sites = [
        key for key in generation_memo._kept["values"] if str(key).startswith("site:")
    ]
    assert len(sites) == 2


def test_a_challenge_given_a_new_slug_filters_by_it_at_once(seeded, client):
    challenge = Challenge.objects.filter(briefings__isnull=False).first()
    old = challenge.slug
    assert "There is no challenge" not in text_of(
        client.get(f"/briefings/?challenge={old}")
    )
    challenge.slug = "renamed-challenge"
    challenge.save()
    assert f"There is no challenge “{old}”" in text_of(
        client.get(f"/briefings/?challenge={old}")
    )
    response = client.get("/briefings/?challenge=renamed-challenge")
    assert "There is no challenge" not in text_of(response)
    assert f"{challenge.briefings.count()} briefing" in text_of(response)


def test_a_briefing_retagged_shows_its_new_tags_on_its_page_at_once(seeded, client):
    page = BriefingPage.objects.live().filter(challenges__isnull=False).first()
    removed = page.challenges.first()
    added = Challenge.objects.exclude(briefings=page).first()
    before = client.get(page.url).content.decode()
    assert f">{removed.name}</a>" in before
    assert f">{added.name}</a>" not in before
    page.challenges.remove(removed)
    page.challenges.add(added)
    page.save_revision().publish()
    after = client.get(page.url).content.decode()
    tags = after.split('id="challenges-heading"')[1].split("</section>")[0]
    assert f">{added.name}</a>" in tags
    assert f">{removed.name}</a>" not in tags
