"""Theme (challenge) and participant pages."""

from django.shortcuts import get_object_or_404, render

from . import queries
from .models import Challenge, Participant
from .pagination import paginate


def challenge_list(request):
    """/challenges/: every challenge with its description and briefing count."""
    return render(
        request,
        "briefings/challenge_list.html",
        {"challenges": queries.challenge_list()},
    )


def challenge_detail(request, slug):
    """/challenges/<slug>/: one challenge and its briefings, newest first."""
    challenge = get_object_or_404(Challenge, slug=slug)
    briefings = queries.briefing_list().filter(challenges=challenge)
    return render(
        request,
        "briefings/challenge_detail.html",
        {"challenge": challenge, "page_obj": paginate(request, briefings)},
    )


def participant_list(request):
    """/participants/: every participant, A to Z."""
    return render(
        request,
        "briefings/participant_list.html",
        {"participants": queries.participant_list()},
    )


def participant_detail(request, slug):
    """/participants/<slug>/: one participant and the briefings they took part in."""
    participant = get_object_or_404(Participant, slug=slug)
    briefings = queries.briefing_list().filter(
        participant_links__participant=participant
    )
    return render(
        request,
        "briefings/participant_detail.html",
        {"participant": participant, "page_obj": paginate(request, briefings)},
    )
