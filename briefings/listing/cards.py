"""The card a listing shows for each briefing (`includes/briefing_card.html`):
title, date, source, summary (for a search, the passage that matched) and
challenges, from the read model alone."""

from dataclasses import dataclass

from django.db.models import Q

from .dates import display_date, machine_date
from .passages import Passage, passage
from .read_model import CHALLENGE, SOURCE, ListedBriefing, ListedTerm


@dataclass(frozen=True)
class TermLink:
    """A term as a card or a page links to it."""

    name: str
    url: str


@dataclass(frozen=True)
class Card:
    """What a card shows of one briefing."""

    title: str
    url: str
    date: object
    display_date: str
    source: str
    summary: str
    challenges: list[TermLink]
    published_at: object = None
    # For a search: the part of the summary or body it matched, shown instead
    # of the summary.
    passage: Passage | None = None
    # "day", "month" or "year": how much of `date` the original gives.
    date_precision: str = "day"

    @property
    def machine_date(self) -> str:
        """ "2017-09-01", "2008-04" or "2008", for <time datetime> and COinS."""
        return machine_date(self.date, self.date_precision)


def challenge_link(term: ListedTerm) -> TermLink:
    return TermLink(term.name, term.get_absolute_url())


def terms_of(
    entries: list[ListedBriefing], extra=()
) -> dict[tuple[str, int], ListedTerm]:
    """The challenges and sources these entries carry, with `extra` (kind, id)
    pairs, by (kind, id); one query."""
    wanted = set(extra)
    for entry in entries:
        wanted.update((CHALLENGE, pk) for pk in entry.challenge_ids)
        if entry.source_id is not None:
            wanted.add((SOURCE, entry.source_id))
    by_kind: dict[str, set[int]] = {}
    for kind, pk in wanted:
        by_kind.setdefault(kind, set()).add(pk)
    if not by_kind:
        return {}
    condition = Q(pk__in=[])
    for kind, ids in by_kind.items():
        condition |= Q(kind=kind, term_id__in=sorted(ids))
    return {
        (term.kind, term.term_id): term for term in ListedTerm.objects.filter(condition)
    }


def challenges_of(entry: ListedBriefing, terms) -> list[ListedTerm]:
    """The entry's challenges in editorial order; `terms` from `terms_of`."""
    return sorted(
        (
            terms[(CHALLENGE, pk)]
            for pk in entry.challenge_ids
            if (CHALLENGE, pk) in terms
        ),
        key=lambda term: (term.sort_order, term.name),
    )


def cards(
    entries: list[ListedBriefing],
    terms: dict[tuple[str, int], ListedTerm],
    *,
    words: list[str] = (),
) -> list[Card]:
    """The cards of `entries` (with their `card` selected), in order; `terms`
    from `terms_of`. With a search's `words`, each with its passage (the
    entries read `with_card_text`)."""
    made = []
    for entry in entries:
        card = entry.card
        matched = passage((card.summary, card.text), words) if words else None
        challenges = challenges_of(entry, terms)
        source = terms.get((SOURCE, entry.source_id))
        made.append(
            Card(
                title=card.title,
                url=card.path,
                date=entry.date,
                display_date=display_date(entry.date, card.date_precision),
                source=source.name if source else "",
                summary=card.summary,
                challenges=[challenge_link(term) for term in challenges],
                published_at=card.published_at,
                date_precision=card.date_precision,
                passage=matched,
            )
        )
    return made
