"""Finding the challenges and participants a briefing's text mentions but lacks.

Used by the page editor's tag suggestion panel (`suggestion_view.py`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..models import Challenge, Participant


@dataclass(frozen=True)
class Suggestion:
    """A term the text mentions: which kind, which term, and the words that matched."""

    kind: str
    id: int
    name: str
    matched: str

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "matched": self.matched,
        }


@lru_cache(maxsize=2048)
def term_pattern(term: str) -> re.Pattern:
    """A regex finding `term` as whole words.

    Acronyms and other names without a lower-case letter ("AU", "SEESAC") match
    only as written, so "AU" is not found in "Australia" or "audit"; other names
    match in any case ("protection of civilians" at the start of a sentence).
    Lookarounds stand in for \\b so names that start or end with punctuation
    ("Mr. Ban") still need a word boundary; whitespace inside a name may be any run
    of spaces or a line break.
    """
    words = [re.escape(word) for word in term.split()]
    body = r"\s+".join(words)
    flags = 0 if term == term.upper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def first_mention(text: str, names: Iterable[str]) -> str | None:
    """The first of `names` that occurs in `text` as whole words, as written there."""
    for name in names:
        if not name.strip():
            continue
        match = term_pattern(name.strip()).search(text)
        if match:
            return match.group(0)
    return None


def suggest_tags(
    *,
    text: str,
    tagged_challenge_ids: Iterable[int] = (),
    tagged_participant_ids: Iterable[int] = (),
) -> list[Suggestion]:
    """The terms mentioned in `text` that are not among the tagged ids.

    Runs two queries: the vocabularies are small (hundreds of terms), so matching
    them in Python is simpler and as fast as asking the database for each name.
    """
    skip_challenges = set(tagged_challenge_ids)
    skip_participants = set(tagged_participant_ids)
    suggestions = []
    for challenge in Challenge.objects.only("id", "name"):
        if challenge.pk in skip_challenges:
            continue
        if matched := first_mention(text, [challenge.name]):
            suggestions.append(
                Suggestion("challenge", challenge.pk, challenge.name, matched)
            )
    for participant in Participant.objects.only("id", "name", "aliases"):
        if participant.pk in skip_participants:
            continue
        names = [participant.name, *participant.alias_list]
        if matched := first_mention(text, names):
            suggestions.append(
                Suggestion("participant", participant.pk, participant.name, matched)
            )
    return suggestions
