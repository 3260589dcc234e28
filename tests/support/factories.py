"""Small builders of test data: a site structure, terms and briefings.

The seed content is in every test's database (tests/conftest.py): a term asked
for by a slug the seed already has is that term, given the name and fields
asked for; and `only_own_briefings` takes the seed's briefings out of a test
that counts every briefing it lists.
"""

import datetime
import functools
import itertools
from pathlib import Path

from django.conf import settings

from briefings.importing.article_format import read_article
from briefings.importing.writer import ensure_site_structure
from briefings.models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingParticipant,
    Challenge,
    Participant,
    Source,
)

_numbers = itertools.count(1)


def _term(model, *, name: str, **fields):
    """A term with these fields: made, or the seed's of that slug, changed."""
    term = model.objects.filter(slug=fields["slug"]).first()
    if term is None:
        return model.objects.create(name=name, **fields)
    for field, value in {"name": name, **fields}.items():
        setattr(term, field, value)
    term.save()
    return term


def make_challenge(name=None, **fields) -> Challenge:
    number = next(_numbers)
    fields.setdefault("slug", f"challenge-{number}")
    return _term(Challenge, name=name or f"Challenge {number}", **fields)


def make_participant(name=None, *, kind="organisation", **fields) -> Participant:
    number = next(_numbers)
    fields.setdefault("slug", f"participant-{number}")
    return _term(Participant, name=name or f"Participant {number}", kind=kind, **fields)


def make_source(name=None, **fields) -> Source:
    number = next(_numbers)
    fields.setdefault("slug", f"source-{number}")
    return _term(Source, name=name or f"Source {number}", **fields)


@functools.cache
def seed_slugs() -> frozenset[str]:
    """The slugs of the seed's briefings, as its article files give them."""
    directory = Path(settings.FIXTURES_CONTENT_DIR) / "briefings"
    return frozenset(read_article(path).slug for path in directory.glob("*.md"))


def only_own_briefings() -> None:
    """Delete the seed's briefings (within the test's transaction), for a test
    that lists every briefing and counts on its own alone; the briefings a
    module made for its tests (`tests.support.database.module_data`) stay."""
    # One delete of them all: the read model, the search index and the page
    # tree are kept by its signals as by a page's own delete, without
    # Wagtail's unpublish, log and revision steps for each (a third faster,
    # in some two hundred tests).
    BriefingPage.objects.filter(slug__in=seed_slugs()).delete()


def only_own_content() -> None:
    """Delete the seed's briefings and terms (within the test's transaction),
    for a test that lists every term too."""
    only_own_briefings()
    for model in (Challenge, Participant, Source):
        model.objects.all().delete()


def make_briefing(
    title=None,
    *,
    date=datetime.date(2018, 1, 1),
    source=None,
    challenges=(),
    participants=(),
    body_text="A paragraph of the briefing.",
    live=True,
    **fields,
) -> BriefingPage:
    """A published briefing under /briefings/; `participants` is (participant, role)."""
    # The seed's index, looked up (the seed set up its permissions and
    # workflow); made only in a database without one.
    index = BriefingIndexPage.objects.first() or ensure_site_structure()
    number = next(_numbers)
    page = BriefingPage(
        title=title or f"Briefing {number}",
        slug=fields.pop("slug", f"briefing-{number}"),
        date=date,
        source=source or make_source(),
        summary=fields.pop("summary", f"Summary of briefing {number}."),
        body=[{"type": "paragraph", "value": f"<p>{body_text}</p>"}],
        live=live,
        **fields,
    )
    page.challenges.set(challenges)
    page.participant_links = [
        BriefingParticipant(participant=participant, role=role)
        for participant, role in participants
    ]
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def article_text(**values) -> str:
    """An article file in the fixtures' format; `body` and any front-matter key
    may be given (as YAML text)."""
    fields = {
        "title": '"A meeting on mandates"',
        "slug": "a-meeting",
        "date": '"2019-03-04"',
        "source": "inex",
        "summary": '"A summary of the meeting."',
        "challenges": "[mandates]",
        "participants": "[{participant: african-union, role: speaker}]",
    }
    body = values.pop("body", "The meeting heard from the African Union.\n")
    fields.update(values)
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{front}---\n{body}"


# An article file with the fields a test fills in: title, slug, source, url,
# challenge and participant.
ARTICLE = """---
title: "{title}"
slug: {slug}
date: "2019-03-04"
source: {source}
source_url: "{url}"
summary: "A summary of the meeting."
challenges:
  - {challenge}
participants:
  - {{participant: {participant}, role: speaker}}
---
The meeting heard from the African Union.
"""
