"""What a reader sees around every listing: tidy addresses after a submitted
filter form, visible feeds and following, a search box on every page."""

import pytest

from tests.support.html import text_of

pytestmark = pytest.mark.usefixtures("seeded")

LISTINGS = [
    "/briefings/",
    "/challenges/protection-of-civilians/",
    "/participants/african-union/",
]


@pytest.mark.parametrize("path", LISTINGS)
def test_empty_fields_of_the_filter_form_are_left_out_of_the_address(client, path):
    response = client.get(path, {"q": "", "from": " ", "to": "", "source": "un"})
    assert response.status_code == 302
    assert response["Location"] == f"{path}?source=un"
    assert client.get(f"{path}?q=&from=")["Location"] == path
    # A multi-valued filter keeps its values, without the empty one.
    response = client.get(f"{path}?challenge=&challenge=mandates")
    assert response["Location"] == f"{path}?challenge=mandates"
    # An address with nothing empty is served as it is.
    assert client.get(f"{path}?source=un").status_code == 200
    # Bad input keeps its own answer once tidied: never a 500.
    for bad in ("page=999999&q=", "q=%00&from=", "from=not-a-date&to="):
        tidied = client.get(f"{path}?{bad}", follow=True)
        assert tidied.redirect_chain and tidied.status_code < 500, bad


@pytest.mark.parametrize("path", LISTINGS)
def test_every_listing_shows_its_feeds_and_following(client, path):
    html = client.get(path).content.decode()
    text = text_of(client.get(path))
    assert "RSS feed" in text and "Atom feed" in text and "by email" in text
    assert f'href="{path}follow/"' in html
    assert 'href="/briefings/feed/' in html
    if path != "/briefings/":
        # A theme's or participant's feed follows only its briefings.
        kind, slug = path.strip("/").split("/")
        assert f"/briefings/feed/?{kind.removesuffix('s')}={slug}" in html


@pytest.mark.parametrize(
    "path", ["/", "/challenges/", "/participants/", "/no-such-page/"]
)
def test_every_page_has_a_search_box_that_searches_the_listing(client, path):
    html = client.get(path).content.decode()
    assert (
        '<form class="site-search" role="search" method="get" action="/briefings/">'
        in html
    )
    assert 'name="q"' in html
    assert 'rel="icon"' in html
    assert '<meta name="description" content="' in html
    found = client.get("/briefings/", {"q": "Lacroix"})
    assert found.status_code == 200 and "Lacroix" in text_of(found)
