"""No query string gives a 500: each bad input on the listing, the theme and
participant pages and the feeds gets a 200 with its message, the rest applying."""

import xml.etree.ElementTree as ElementTree

import pytest

from tests.support.database import module_data
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.html import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]

NUL = "%00"
PARAMETERS = ["q", "challenge", "participant", "source", "from", "to", "sort", "page"]

# (query string, message shown next to the field, or None when the input is
# simply corrected, as an out-of-range page is).
BAD_INPUTS = {
    "unknown challenge": ("challenge=no-such-theme", "There is no challenge"),
    "unknown participant": ("participant=nobody", "There is no participant"),
    "unknown source": ("source=nowhere", "There is no source"),
    "impossible date": ("from=2018-02-30", "2018-02-30 is not a date in the calendar"),
    "malformed date": ("to=last-week", "Enter a date as YYYY-MM-DD"),
    "month 13": ("to=2018-13-01", "2018-13-01 is not a date in the calendar"),
    "from after to": ("from=2019&to=2016", "The end date is before the start date"),
    "page abc": ("page=abc", None),
    "page 0": ("page=0", None),
    "page -1": ("page=-1", None),
    "page 999999": ("page=999999", None),
    "huge page": ("page=" + "9" * 5000, None),
    "10,000-character q": ("q=" + "x" * 10_000, "at most 200 characters"),
    "quote in q": ("q=%27", None),
    "backslash in q": ("q=%5C", None),
    "brackets in q": ("q=(((", None),
    "operators in q": ("q=a+%26+%7C+!", None),
    "minus in q": ("q=-", None),
    "double quote in q": ("q=%22", None),
    "repeated parameters": ("source=un&source=un&q=a&q=b", None),
    "500 times": ("&".join(["challenge=mandates"] * 500), None),
    "500 unknown": ("&".join(f"participant=p{n}" for n in range(500)), "There is"),
    "bad sort": ("sort=random", "Select a valid choice"),
    **{
        f"NUL in {name}": (f"{name}=a{NUL}b", None if name == "page" else "")
        for name in PARAMETERS
    },
}


def make_site():
    """21 briefings of one challenge, participant and source, made once for
    the module."""
    mandates = make_challenge("Mandates", slug="mandates")
    lacroix = make_participant("Jean-Pierre Lacroix", slug="lacroix", kind="person")
    un = make_source("United Nations", slug="un")
    for _ in range(21):
        make_briefing(
            challenges=[mandates], participants=[(lacroix, "speaker")], source=un
        )
    return {"challenge": mandates, "participant": lacroix}


site = module_data(make_site)


def html_pages(site):
    return [
        "/briefings/",
        site["challenge"].get_absolute_url(),
        site["participant"].get_absolute_url(),
    ]


def shown_errors(response) -> str:
    """The text of the error messages shown beside the form's fields."""
    parts = response.content.decode().split('class="field-error"')[1:]
    return " ".join(part.split("</p>")[0] for part in parts)


# One test walks every input (setting up the 21 briefings once, not 50 times).
def test_each_bad_input_on_listing_pages_gives_200_and_a_message(site, client):
    for name, (query, message) in BAD_INPUTS.items():
        for path in html_pages(site):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 200, f"{name} on {path}"
            if message is not None:
                errors = shown_errors(response)
                assert errors, f"{name} on {path}: no message shown"
                assert message in errors, f"{name} on {path}"


def test_each_bad_input_on_feeds_gives_a_well_formed_feed(site, client):
    for name, (query, _) in BAD_INPUTS.items():
        for path in ["/briefings/feed/", "/briefings/feed/atom/"]:
            response = client.get(f"{path}?{query}")
            assert response.status_code == 200, f"{name} on {path}"
            ElementTree.fromstring(response.content)


def test_nul_byte_in_a_term_is_reported_and_the_other_filters_apply(site, client):
    response = client.get("/briefings/?challenge=mand%00ates&from=2019")
    html = response.content.decode()
    assert "Null characters are not allowed." in html
    assert "0 briefings" in text_of(response)  # `from` applied: all are 2018


def test_unknown_slug_leaves_the_other_filters_applied(site, client):
    response = client.get("/briefings/?participant=nobody&to=2017")
    assert "0 briefings" in text_of(response)
    response = client.get("/briefings/?participant=nobody&source=un")
    assert "21 briefings" in text_of(response)


def test_out_of_range_pages_fall_back_to_a_valid_page(site, client):
    assert "Page 1 of 2" in text_of(client.get("/briefings/?page=-1"))
    assert "Page 2 of 2" in text_of(client.get("/briefings/?page=999999"))


def test_html_in_parameters_is_shown_escaped_everywhere(site, client):
    script = "%3Cscript%3Ealert(1)%3C/script%3E"
    response = client.get(f"/briefings/?q={script}briefing&sort={script}")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;briefing"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;briefing" in html.split("chips")[1]
    response = client.get(f"/briefings/?sort={script}")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "sort=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;page=2" in html
