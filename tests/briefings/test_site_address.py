"""The site knows its own address: every absolute link a rendering writes starts
with the configured address (`WAGTAILADMIN_BASE_URL`), never with the host a
request named nor with a Site left as localhost:80."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Site

from briefings.importing.writer import name_site

ADDRESS = "https://briefings.institute.example:8443"
SEED = "/briefings/challenges-of-modern-peacekeeping/"
RENDERINGS = [
    "/",
    "/briefings/",
    "/briefings/?challenge=political-solutions",
    SEED,
    f"{SEED}bibtex/",
    f"{SEED}ris/",
    f"{SEED}csl/",
    "/challenges/",
    "/challenges/political-solutions/",
    "/participants/",
    "/participants/african-union/",
    "/sitemap.xml",
    "/robots.txt",
    "/briefings/feed/",
    "/briefings/feed/atom/",
]
URL = re.compile(r"https?://([^/\s\"'<>}]+)")


@pytest.mark.usefixtures("seeded")
@override_settings(WAGTAILADMIN_BASE_URL=ADDRESS)
@pytest.mark.parametrize("path", RENDERINGS)
def test_every_rendering_names_the_sites_own_address(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    hosts = set(URL.findall(text))
    # Participants' own websites (au.int) are theirs to name; never the host
    # the request named, nor the address left by default.
    assert not hosts & {"testserver", "localhost", "127.0.0.1"}, (path, hosts)
    if path != "/":  # the home page writes no absolute link
        assert "briefings.institute.example:8443" in hosts, path
    if path == SEED:
        assert f'<link rel="canonical" href="{ADDRESS}{SEED}">' in text
        assert f'<meta property="og:url" content="{ADDRESS}{SEED}">' in text


@pytest.mark.usefixtures("seeded")
@override_settings(WAGTAILADMIN_BASE_URL="https://briefings.institute.example")
def test_set_up_names_the_site_from_the_address():
    name_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("briefings.institute.example", 443)
    assert site.site_name == "Institute for Peace Operations"
    assert site.root_url == "https://briefings.institute.example"
