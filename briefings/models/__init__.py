"""The briefing content model: vocabularies (snippets) and page types."""

from .pages import BriefingIndexPage, BriefingPage, BriefingParticipant, HomePage
from .taxonomy import Challenge, Participant, Source

__all__ = [
    "BriefingIndexPage",
    "BriefingPage",
    "BriefingParticipant",
    "Challenge",
    "HomePage",
    "Participant",
    "Source",
]
