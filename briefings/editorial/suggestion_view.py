"""The page editor's tag suggestions: terms the unsaved text mentions but lacks."""

import json

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..models import Participant
from .tag_suggestions import suggest_tags

# The text of a briefing is a few thousand words; more than this is not one.
MAX_TEXT_LENGTH = 200_000


@require_POST
def tag_suggestions(request: HttpRequest) -> JsonResponse:
    """POST {"text": ..., "challenges": [ids], "participants": [ids]} -> suggestions."""
    try:
        payload = json.loads(request.body or b"{}")
        text = str(payload.get("text", ""))[:MAX_TEXT_LENGTH]
        challenges = _ids(payload.get("challenges", []))
        participants = _ids(payload.get("participants", []))
    except (ValueError, AttributeError):
        return JsonResponse(
            {"error": "Expected JSON with text and id lists."}, status=400
        )
    suggestions = suggest_tags(
        text=text,
        tagged_challenge_ids=challenges,
        tagged_participant_ids=participants,
    )
    return JsonResponse(
        {"suggestions": [_with_edit_url(s.as_json()) for s in suggestions]}
    )


def _ids(value) -> list[int]:
    """A list of ids as the editor's script sends them: JSON integers only."""
    # Not int(): it would take 1.5 as 1, true as 1, "12" as 12, and raise
    # OverflowError on 1e400, which json reads as infinity.
    if not isinstance(value, list) or not all(
        type(pk) is int
        for pk in value  # bool is a subclass of int
    ):
        raise ValueError("Expected a list of integer ids.")
    return value


def _with_edit_url(data: dict) -> dict:
    """The chooser widget links a chosen participant to its edit page."""
    if data["kind"] == "participant":
        data["edit_url"] = reverse(
            Participant.snippet_viewset.get_url_name("edit"), args=[data["id"]]
        )
    return data
