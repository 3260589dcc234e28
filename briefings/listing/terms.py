"""What public pages read about the vocabularies: the lists of challenges and
participants with their counts, and a theme's or a participant's companions."""

from django.db.models import OuterRef, QuerySet, Subquery

from .filters import public_terms
from .read_model import (
    ALL_YEARS,
    CHALLENGE,
    PARTICIPANT,
    ListedBriefing,
    ListedTerm,
    PairYearCount,
    RoleCount,
    TermCount,
)

ROLE_LABELS = {
    "author": "Author",
    "organiser": "Organiser",
    "host": "Host",
    "speaker": "Speaker",
    "panellist": "Panellist",
    "moderator": "Moderator",
    "participant": "Participant",
    "subject": "Subject",
    "mentioned": "Mentioned",
}


def with_counts(terms: QuerySet[ListedTerm]) -> QuerySet[ListedTerm]:
    """`terms` carried by published briefings, each with `briefing_count`."""
    count = TermCount.objects.filter(
        kind=OuterRef("kind"), term_id=OuterRef("term_id"), period=ALL_YEARS
    ).values("n")[:1]
    return terms.annotate(briefing_count=Subquery(count)).filter(briefing_count__gt=0)


def challenge_list() -> QuerySet[ListedTerm]:
    """The challenges of published briefings in editorial order, with counts."""
    return with_counts(ListedTerm.objects.filter(kind=CHALLENGE)).order_by(
        "sort_order", "name"
    )


def participant_list(*, kind: str | None = None) -> list[ListedTerm]:
    """The participants of published briefings (of one kind), with counts."""
    terms = ListedTerm.objects.filter(kind=PARTICIPANT)
    if kind:
        terms = terms.filter(participant_kind=kind)
    return list(with_counts(terms))


def public_term(kind: str, slug: str) -> ListedTerm | None:
    """The term with this slug, if published briefings carry it."""
    return public_terms(kind).filter(slug=slug).first()


def companions(*, given: ListedTerm, kind: str, limit: int) -> list[ListedTerm]:
    """The terms of `kind` most often on `given`'s briefings, with
    `briefing_count` (on how many of them), most frequent first; one query."""
    given_side, other_side = ("a", "b") if given.kind < kind else ("b", "a")
    return list(
        ListedTerm.objects.raw(
            f"""SELECT term.*, pair.n AS briefing_count
            FROM {PairYearCount._meta.db_table} AS pair
            JOIN {ListedTerm._meta.db_table} AS term
                ON term.kind = %s AND term.term_id = pair.{other_side}_id
            WHERE pair.{given_side}_kind = %s AND pair.{given_side}_id = %s
                AND pair.{other_side}_kind = %s AND pair.year = %s AND pair.n > 0
            ORDER BY pair.n DESC, term.sort_order, term.name LIMIT %s""",
            [kind, given.kind, given.term_id, kind, ALL_YEARS, limit],
        )
    )


def participant_roles(*, participant: ListedTerm) -> list[str]:
    """The roles the participant has had in published briefings, most frequent
    first."""
    rows = (
        RoleCount.objects.filter(participant_id=participant.term_id, n__gt=0)
        .order_by("-n", "role")
        .values_list("role", flat=True)
    )
    return [ROLE_LABELS.get(role, role) for role in rows]


def latest(*, limit: int) -> list[ListedBriefing]:
    """The most recent published briefings."""
    newest = ListedBriefing.objects.for_cards().order_by("-date", "-page_id")
    return list(newest[:limit])
