"""The briefing content model: vocabularies (snippets) and page types."""

# The read model's tables belong to this app too (briefings.listing.read_model).
from ..listing import read_model  # noqa: F401
from .duplicate_flags import ChallengeDuplicateFlag, ParticipantDuplicateFlag
from .pages import BriefingIndexPage, BriefingPage, BriefingParticipant, HomePage
from .pending_import import PendingImport
from .taxonomy import Challenge, Participant, Source

__all__ = [
    "BriefingIndexPage",
    "BriefingPage",
    "BriefingParticipant",
    "Challenge",
    "ChallengeDuplicateFlag",
    "HomePage",
    "Participant",
    "ParticipantDuplicateFlag",
    "PendingImport",
    "Source",
]
