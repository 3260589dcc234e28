"""What the API says of a page of briefings, read from the read model: the rows,
then their terms and participants' roles (two queries, however many rows)."""

from ..listing.cards import challenges_of, terms_of
from ..listing.read_model import (
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTag,
    ListedTerm,
)


def term_record(term: ListedTerm, request) -> dict:
    record = {"slug": term.slug, "name": term.name}
    if term.kind in (CHALLENGE, PARTICIPANT):
        record["url"] = request.build_absolute_uri(term.get_absolute_url())
    if term.kind == PARTICIPANT:
        record["kind"] = term.participant_kind
    return record


def briefing_records(entries: list[ListedBriefing], request) -> list[dict]:
    """One record per entry (with its `card` selected), in order."""
    ids = [entry.page_id for entry in entries]
    roles = {
        (briefing_id, term_id): role
        for briefing_id, term_id, role in ListedTag.objects.filter(
            briefing_id__in=ids, kind=PARTICIPANT
        ).values_list("briefing_id", "term_id", "role")
    }
    terms = terms_of(
        entries, extra=[(PARTICIPANT, pk) for e in entries for pk in e.participant_ids]
    )
    records = []
    for entry in entries:
        challenges = challenges_of(entry, terms)
        source = terms.get((SOURCE, entry.source_id))
        participants = []
        for pk in entry.participant_ids:
            term = terms.get((PARTICIPANT, pk))
            if term is not None:
                participants.append(
                    {
                        **term_record(term, request),
                        "role": roles.get((entry.page_id, pk), ""),
                    }
                )
        card = entry.card
        records.append(
            {
                "title": card.title,
                "url": request.build_absolute_uri(card.path),
                "date": entry.date,
                "date_precision": card.date_precision,
                "source": term_record(source, request) if source else None,
                "summary": card.summary,
                "challenges": [term_record(term, request) for term in challenges],
                "participants": participants,
            }
        )
    return records
