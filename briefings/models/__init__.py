"""The briefing content model: vocabularies (snippets) and page types."""

from .pages import BriefingIndexPage, BriefingPage, BriefingParticipant, HomePage
from .pending_import import PendingImport
from .taxonomy import Challenge, Participant, Source

__all__ = [
    "BriefingIndexPage",
    "BriefingPage",
    "BriefingParticipant",
    "Challenge",
    "HomePage",
    "Participant",
    "PendingImport",
    "Source",
]
