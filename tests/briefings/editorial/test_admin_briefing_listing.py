"""The admin's flat briefing listing: filters by tag, source, date and status."""

import datetime

import pytest
from django.utils import timezone

from briefings.importing.writer import ensure_site_structure
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]

LISTING = "/admin/briefing-list/"


@pytest.fixture
def editor_client(client, db):
    ensure_site_structure()
    client.force_login(make_staff("Editors"))
    return client


def titles(response) -> set[str]:
    assert response.status_code == 200
    return {page.title for page in response.context["table"].data}


@pytest.fixture
def briefings(db):
    mandates, funding = make_challenge(), make_challenge()
    au = make_participant()
    inex = make_source()
    return {
        "mandates": make_briefing(
            "Mandates", challenges=[mandates], date=datetime.date(2017, 9, 1)
        ),
        "funding": make_briefing(
            "Funding",
            challenges=[funding],
            participants=[(au, "speaker")],
            source=inex,
            date=datetime.date(2019, 3, 4),
        ),
        "draft": make_briefing(
            "Draft",
            challenges=[mandates, funding],
            live=False,
            date=datetime.date(2020, 1, 1),
        ),
        "terms": {"mandates": mandates, "funding": funding, "au": au, "inex": inex},
    }


def test_listing_shows_every_briefing(editor_client, briefings):
    assert titles(editor_client.get(LISTING)) == {"Mandates", "Funding", "Draft"}


def test_filter_by_challenge(editor_client, briefings):
    mandates = briefings["terms"]["mandates"]
    response = editor_client.get(LISTING, {"challenge": mandates.pk})
    assert titles(response) == {"Mandates", "Draft"}


def test_filter_by_participant_and_source(editor_client, briefings):
    terms = briefings["terms"]
    assert titles(editor_client.get(LISTING, {"participant": terms["au"].pk})) == {
        "Funding"
    }
    assert titles(editor_client.get(LISTING, {"source": terms["inex"].pk})) == {
        "Funding"
    }


def test_filter_by_date_range(editor_client, briefings):
    response = editor_client.get(
        LISTING, {"date_from": "2018-01-01", "date_to": "2019-12-31"}
    )
    assert titles(response) == {"Funding"}


def test_filter_by_status(editor_client, briefings):
    assert titles(editor_client.get(LISTING, {"status": "draft"})) == {"Draft"}
    assert titles(editor_client.get(LISTING, {"status": "live"})) == {
        "Mandates",
        "Funding",
    }


def test_filter_by_awaiting_review_and_scheduled(editor_client, briefings):
    editor = make_staff("Editors", "another-editor")
    draft = briefings["draft"]
    draft.get_workflow().start(draft, editor)
    assert titles(editor_client.get(LISTING, {"status": "in_moderation"})) == {"Draft"}
    mandates = briefings["mandates"].get_latest_revision_as_object()
    mandates.go_live_at = timezone.now() + datetime.timedelta(days=1)
    mandates.save_revision().publish()
    assert titles(editor_client.get(LISTING, {"status": "scheduled"})) == {"Mandates"}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"challenge": "abc"}, "challenge", "“abc” is not a valid value."),
        ({"participant": "999999"}, "participant", "Select a valid choice."),
        ({"date_from": "not-a-date"}, "date", "Enter a valid date."),
        ({"status": "nonsense"}, "status", "Select a valid choice."),
        ({"p": "999999"}, None, None),
        ({"q": "\x00"}, None, None),
    ],
)
def test_bad_filter_values_give_a_listing_not_an_error(
    editor_client, briefings, query, field, message
):
    """A bad value is named beside its filter and the listing stays whole; a page
    past the end shows the last one."""
    response = editor_client.get(LISTING, query)
    assert titles(response) == {"Mandates", "Funding", "Draft"}
    errors = response.context["filters"].form.errors
    if field is None:
        assert not errors
        assert response.context["page_obj"].number == 1
    else:
        assert message in " ".join(errors[field])
