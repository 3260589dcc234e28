"""What a subscription follows, as the listing's own FilterSet understands it.

`Followed` is a listing's valid filters with its terms as ids: made from the
FilterSet of the page the reader followed (`from_filterset`), stored on a
`Subscription` and read back (`of`). From it come the listing's address, its
description in words ("Challenge: Protection of civilians; from 2018") and the
briefings that match (`matching`), through the same `BriefingFilterSet`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

from briefings.listing.addresses import term_url
from briefings.listing.build import Scope, listing_filterset
from briefings.listing.filters import BriefingFilterSet
from briefings.listing.read_model import (
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTerm,
)
from briefings.models import BriefingIndexPage
from institute.site_address import absolute

from .models import Subscription

KIND_OF = {"challenge": CHALLENGE, "participant": PARTICIPANT, "source": SOURCE}
LABELS = {
    "challenge": ("Challenge", "Challenges"),
    "participant": ("Participant", "Participants"),
    "source": ("Source", "Sources"),
}


class TermGone(Exception):
    """A term the subscription follows no longer exists."""


@dataclass(frozen=True)
class Followed:
    """A listing's filters: its scope (a theme's or a participant's page), the
    terms chosen in each vocabulary, the dates and the search words."""

    scope_kind: str = ""
    scope_id: int | None = None
    terms: dict[str, tuple[int, ...]] = field(default_factory=dict)
    start: str = ""
    end: str = ""
    q: str = ""

    @classmethod
    def from_filterset(
        cls, filterset: BriefingFilterSet, *, scope: Scope | None = None
    ) -> "Followed":
        """The valid filters of a bound listing FilterSet (invalid ones left
        out, as the listing leaves them out)."""
        filterset.errors  # noqa: B018 (validates the form, filling cleaned_data)
        valid = filterset.is_valid_field
        return cls(
            scope_kind=scope.kind if scope else "",
            scope_id=scope.term_id if scope else None,
            terms={
                name: tuple(filterset.chosen_ids(name))
                for name in KIND_OF
                if valid(name) and filterset.chosen_ids(name)
            },
            start=filterset.data.get("from", "")
            if filterset.form.cleaned_data.get("from")
            else "",
            end=filterset.data.get("to", "")
            if filterset.form.cleaned_data.get("to")
            else "",
            q=(filterset.form.cleaned_data.get("q") or "").strip()
            if valid("q")
            else "",
        )

    @classmethod
    def of(cls, subscription: Subscription) -> "Followed":
        ids = {
            "challenge": subscription.challenge_ids,
            "participant": subscription.participant_ids,
            "source": subscription.source_ids,
        }
        return cls(
            scope_kind=subscription.scope_kind,
            scope_id=subscription.scope_id,
            terms={name: tuple(v) for name, v in ids.items() if v},
            start=subscription.date_from,
            end=subscription.date_to,
            q=subscription.q,
        )

    def fields(self) -> dict:
        """The `Subscription` fields that store it."""
        return {
            "scope_kind": self.scope_kind,
            "scope_id": self.scope_id,
            "challenge_ids": list(self.terms.get("challenge", ())),
            "participant_ids": list(self.terms.get("participant", ())),
            "source_ids": list(self.terms.get("source", ())),
            "date_from": self.start,
            "date_to": self.end,
            "q": self.q,
            "key": self.key,
            "term_tokens": self.term_tokens,
        }

    @property
    def key(self) -> str:
        """One string per distinct listing (terms by id, in order)."""
        parts = [f"in={self.scope_kind}:{self.scope_id or ''}"]
        for name in KIND_OF:
            parts.append(f"{name}={','.join(map(str, self.terms.get(name, ())))}")
        parts += [f"from={self.start}", f"to={self.end}", f"q={self.q.casefold()}"]
        return "&".join(parts)

    @property
    def term_tokens(self) -> str:
        tokens = [token(kind, pk) for kind, pk in self.term_refs()]
        return f" {' '.join(tokens)} " if tokens else ""

    def term_refs(self) -> list[tuple[str, int]]:
        """Every (kind, id) it names, its scope first."""
        refs = [(self.scope_kind, self.scope_id)] if self.scope_kind else []
        for name, ids in self.terms.items():
            refs += [(KIND_OF[name], pk) for pk in ids]
        return refs

    def listed_terms(self) -> dict[tuple[str, int], ListedTerm]:
        """The terms it names; `TermGone` if one of them was deleted."""
        refs = self.term_refs()
        if not refs:
            return {}
        found = {}
        for kind in {kind for kind, _pk in refs}:
            ids = [pk for k, pk in refs if k == kind]
            for term in ListedTerm.objects.filter(kind=kind, term_id__in=ids):
                found[(kind, term.term_id)] = term
        missing = [ref for ref in refs if ref not in found]
        if missing:
            raise TermGone(missing)
        return found

    def query_pairs(self, terms=None) -> list[tuple[str, str]]:
        """The listing's query string parameters, with the terms' current slugs."""
        terms = self.listed_terms() if terms is None else terms
        pairs = []
        if self.q:
            pairs.append(("q", self.q))
        for name, ids in self.terms.items():
            kind = KIND_OF[name]
            pairs += [(name, terms[(kind, pk)].slug) for pk in ids]
        if self.start:
            pairs.append(("from", self.start))
        if self.end:
            pairs.append(("to", self.end))
        return pairs

    def listing_path(self, terms=None, *, then: str = "") -> str:
        """The followed listing's address on the site, with its query string;
        `then` a path under it (`follow/`: the page to follow it again)."""
        terms = self.listed_terms() if terms is None else terms
        if self.scope_kind:
            path = term_url(self.scope_kind, terms[self.scope_ref].slug)
        else:
            index = BriefingIndexPage.objects.live().first()
            path = index.url if index else "/"
        query = urlencode(self.query_pairs(terms))
        return f"{path}{then}?{query}" if query else f"{path}{then}"

    def listing_url(self, terms=None) -> str:
        return absolute(self.listing_path(terms))

    @property
    def scope_ref(self) -> tuple[str, int]:
        return (self.scope_kind, self.scope_id)

    def describe(self, terms=None) -> str:
        """What is followed, in words: "Challenge: Protection of civilians;
        Participant: African Union; from 2018"."""
        terms = self.listed_terms() if terms is None else terms
        parts = []
        if self.scope_kind:
            label = "Challenge" if self.scope_kind == CHALLENGE else "Participant"
            parts.append(f"{label}: {terms[self.scope_ref].name}")
        for name, ids in self.terms.items():
            one, several = LABELS[name]
            names = [terms[(KIND_OF[name], pk)].name for pk in ids]
            parts.append(f"{several if len(names) > 1 else one}: {' or '.join(names)}")
        if self.q:
            parts.append(f"Search: “{self.q}”")
        if self.start and self.end:
            parts.append(f"from {self.start} to {self.end}")
        elif self.start:
            parts.append(f"from {self.start}")
        elif self.end:
            parts.append(f"until {self.end}")
        return "; ".join(parts) if parts else "All briefings"

    def matching(self, terms=None):
        """The published briefings of the listing, through its FilterSet; any
        existing term counts (a followed term with no published briefing left
        still narrows the listing, rather than being dropped as invalid)."""
        terms = self.listed_terms() if terms is None else terms
        data = QueryDict(mutable=True)
        for name, value in self.query_pairs(terms):
            data.appendlist(name, value)
        scope = Scope(self.scope_kind, self.scope_id) if self.scope_kind else None
        filterset = listing_filterset(filters=data, scope=scope)
        for name, kind in KIND_OF.items():
            filterset.filters[name].queryset = ListedTerm.objects.filter(kind=kind)
        if filterset.errors:
            # Only a term's or a date's error could arise here, and either would
            # widen the listing: match nothing rather than too much.
            return ListedBriefing.objects.none()
        return filterset.qs


def token(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"
