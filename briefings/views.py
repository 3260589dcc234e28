"""Theme (challenge) and participant pages, and /robots.txt."""

import unicodedata
from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from . import queries
from .content_cache import kept
from .listing import build_listing
from .models import Challenge, Participant
from .public_terms import public_terms


def challenge_list(request):
    """/challenges/: every challenge with its description and briefing count."""
    return render(
        request,
        "briefings/challenge_list.html",
        {"challenges": queries.challenge_list()},
    )


def challenge_detail(request, slug):
    """/challenges/<slug>/: one challenge, its briefings (filterable like the
    listing) and the participants most often involved."""
    challenge = get_object_or_404(public_terms(Challenge), slug=slug)
    listing = build_listing(
        request,
        queryset=queries.published_briefings().filter(challenges=challenge),
        scope=f"challenge:{challenge.pk}",
    )
    return render(
        request,
        "briefings/challenge_detail.html",
        {
            "challenge": challenge,
            "listing": listing,
            "page_obj": listing.page_obj,
            "participants": kept(
                f"theme:{challenge.pk}",
                lambda: list(queries.participants_most_involved(challenge=challenge)),
            )[0],
            "feed_query": f"challenge={challenge.slug}",
        },
    )


def participant_list(request):
    """/participants/: every participant A to Z, grouped by initial, by kind."""
    filterset = queries.participant_list(filters=request.GET)
    # Sorted here rather than by the database, whose collation (SQLite's is
    # bytewise) would put "Čosović" after "Zandberg".
    participants = sorted(queries.with_briefing_counts(filterset.qs), key=_sort_key)
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
            "filterset": filterset,
            "kinds": Participant.Kind.choices,
            "groups": groups,
            "count": len(participants),
        },
    )


def _sort_key(participant: Participant) -> str:
    """A participant's name without accents, case-folded: "Č" sorts as "c"."""
    decomposed = unicodedata.normalize("NFKD", participant.name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _initial(participant: Participant) -> str:
    """The letter a participant is listed under: "Č" under C, digits under #."""
    letter = unicodedata.normalize("NFKD", participant.name[:1])[:1].upper()
    return letter if letter.isalpha() else "#"


def participant_detail(request, slug):
    """/participants/<slug>/: one participant, their roles, their briefings
    (filterable like the listing) and the challenges they speak to most."""
    participant = get_object_or_404(public_terms(Participant), slug=slug)
    listing = build_listing(
        request,
        queryset=queries.published_briefings().filter(
            participant_links__participant=participant
        ),
        scope=f"participant:{participant.pk}",
    )
    roles, challenges = kept(
        f"participant:{participant.pk}",
        lambda: (
            queries.participant_roles(participant=participant),
            list(queries.challenges_most_addressed(participant=participant)),
        ),
    )[0]
    return render(
        request,
        "briefings/participant_detail.html",
        {
            "participant": participant,
            "listing": listing,
            "page_obj": listing.page_obj,
            "roles": roles,
            "challenges": challenges,
            "feed_query": f"participant={participant.slug}",
        },
    )


def robots_txt(request):
    """/robots.txt: everything but the admin may be crawled; where the sitemap is."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
