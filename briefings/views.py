"""Theme (challenge) and participant pages, their lists, and /robots.txt."""

import unicodedata
from itertools import groupby

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from institute.site_address import absolute

from . import exports
from .listing import terms
from .listing.build import Scope, build_listing
from .listing.read_model import CHALLENGE, PARTICIPANT
from .listing.tidy import redirect_without_empty
from .models import BriefingIndexPage, Participant

# How many companions a theme or participant page names.
THEME_PARTICIPANTS = 10
PARTICIPANT_CHALLENGES = 5


class ParticipantKindForm(forms.Form):
    """The /participants/ page's parameter: `kind` (person, organisation, state)."""

    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Participant.Kind.choices],
        label="Kind",
        required=False,
    )


def challenge_list(request):
    """/challenges/: every challenge of published briefings, with its count."""
    return render(
        request,
        "briefings/challenge_list.html",
        {"challenges": terms.challenge_list()},
    )


def challenge_detail(request, slug):
    """/challenges/<slug>/: one challenge, its briefings (filterable like the
    listing) and the participants most often involved."""
    challenge = terms.public_term(CHALLENGE, slug)
    if challenge is None:
        raise Http404("No such challenge.")
    if (tidied := redirect_without_empty(request)) is not None:
        return tidied
    listing = build_listing(request, scope=Scope(CHALLENGE, challenge.term_id))
    return render(
        request,
        "briefings/challenge_detail.html",
        {
            "challenge": challenge,
            "listing": listing,
            "page_obj": listing.page_obj,
            "participants": terms.companions(
                given=challenge, kind=PARTICIPANT, limit=THEME_PARTICIPANTS
            ),
            "feed_query": f"challenge={challenge.slug}",
            "insights_url": reverse(
                "briefings:challenge_insights", kwargs={"slug": challenge.slug}
            ),
        },
    )


def listing_export(request, index_path, fmt):
    """<the briefings index>export.csv (or .json): the listing's briefings.
    Not a route of the index page: Wagtail serves only addresses ending in /."""
    index = BriefingIndexPage.objects.live().first()
    if index is None or index.url != f"/{index_path}":
        raise Http404("No such listing.")
    return exports.export(request, fmt)


def term_export(request, slug, fmt, *, kind: str):
    """/challenges/<slug>/export.csv, /participants/<slug>/export.json...: the
    theme's or participant's briefings, with the page's filters."""
    term = terms.public_term(kind, slug)
    if term is None:
        raise Http404(
            "No such challenge." if kind == CHALLENGE else "No such participant."
        )
    scope = Scope(kind, term.term_id)
    return exports.export(request, fmt, scope=scope, name=f"briefings-{slug}")


def participant_list(request):
    """/participants/: every participant of published briefings A to Z, grouped
    by initial, by kind."""
    form = ParticipantKindForm(request.GET)
    kind = form.cleaned_data["kind"] if form.is_valid() else None
    # Sorted here rather than by the database, whose collation (SQLite's is
    # bytewise) would put "Čosović" after "Zandberg".
    participants = sorted(terms.participant_list(kind=kind), key=_sort_key)
    groups = [
        {
            "letter": letter,
            "anchor": f"letter-{letter.lower() if letter != '#' else 'other'}",
            "members": list(members),
        }
        for letter, members in groupby(participants, key=_initial)
    ]
    return render(
        request,
        "briefings/participant_list.html",
        {
            "form": form,
            "kind": kind,
            "kinds": Participant.Kind.choices,
            "groups": groups,
            "count": len(participants),
        },
    )


def _sort_key(participant) -> str:
    """A participant's name without accents, case-folded: "Č" sorts as "c"."""
    decomposed = unicodedata.normalize("NFKD", participant.name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _initial(participant) -> str:
    """The letter a participant is listed under: "Č" under C, digits under #."""
    letter = unicodedata.normalize("NFKD", participant.name[:1])[:1].upper()
    return letter if letter.isalpha() else "#"


def participant_detail(request, slug):
    """/participants/<slug>/: one participant, their roles, their briefings
    (filterable like the listing) and the challenges they speak to most."""
    listed = terms.public_term(PARTICIPANT, slug)
    if listed is None:
        raise Http404("No such participant.")
    if (tidied := redirect_without_empty(request)) is not None:
        return tidied
    participant = Participant.objects.get(pk=listed.term_id)
    listing = build_listing(request, scope=Scope(PARTICIPANT, listed.term_id))
    return render(
        request,
        "briefings/participant_detail.html",
        {
            "participant": participant,
            "listing": listing,
            "page_obj": listing.page_obj,
            "roles": terms.participant_roles(participant=listed),
            "challenges": terms.companions(
                given=listed, kind=CHALLENGE, limit=PARTICIPANT_CHALLENGES
            ),
            "feed_query": f"participant={participant.slug}",
            "insights_url": reverse(
                "briefings:participant_insights", kwargs={"slug": participant.slug}
            ),
        },
    )


def robots_txt(request):
    """/robots.txt: everything but the admin may be crawled; where the sitemap is."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": absolute(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
