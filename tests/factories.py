"""Small builders of test data: a site structure, terms and briefings."""

import datetime
import itertools

from briefings.importers import ensure_site_structure
from briefings.models import (
    BriefingPage,
    BriefingParticipant,
    Challenge,
    Participant,
    Source,
)

_numbers = itertools.count(1)


def make_challenge(name=None, **fields) -> Challenge:
    number = next(_numbers)
    name = name or f"Challenge {number}"
    fields.setdefault("slug", f"challenge-{number}")
    return Challenge.objects.create(name=name, **fields)


def make_participant(name=None, *, kind="organisation", **fields) -> Participant:
    number = next(_numbers)
    name = name or f"Participant {number}"
    fields.setdefault("slug", f"participant-{number}")
    return Participant.objects.create(name=name, kind=kind, **fields)


def make_source(name=None, **fields) -> Source:
    number = next(_numbers)
    fields.setdefault("slug", f"source-{number}")
    return Source.objects.create(name=name or f"Source {number}", **fields)


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
    index = ensure_site_structure()
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
