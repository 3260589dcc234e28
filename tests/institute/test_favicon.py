"""/favicon.ico, which feed readers and crawlers ask for, leads to the icon the
pages name."""

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_pages_icon(client):
    home = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', home)[1]
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon
    assert finders.find("favicon.svg"), "the icon is among the static files"
