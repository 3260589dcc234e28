"""An editor's note that a challenge or participant may be another under a
different name, kept for a moderator to merge or dismiss
(`editorial/duplicate_flags.py`). A flag goes with either of its terms: a merge
deletes the merged term, and its flags with it."""

from django.conf import settings
from django.db import models

from .taxonomy import Challenge, Participant


def pair_constraints(kind: str) -> list:
    """One flag per pair of terms, and a pair is two terms."""
    return [
        models.UniqueConstraint(
            fields=["term", "original"], name=f"one_flag_per_{kind}_pair"
        ),
        models.CheckConstraint(
            condition=~models.Q(term=models.F("original")),
            name=f"{kind}_flag_names_two_terms",
        ),
    ]


class DuplicateFlag(models.Model):
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why you think so, for the moderator (optional).",
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["flagged_at", "pk"]


class ParticipantDuplicateFlag(DuplicateFlag):
    """A participant that may be another one (`term` merged into `original`)."""

    term = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    original = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(DuplicateFlag.Meta):
        constraints = pair_constraints("participant")

    def __str__(self):
        return f"{self.term} may be {self.original}"


class ChallengeDuplicateFlag(DuplicateFlag):
    """A challenge that may be another one (`term` merged into `original`)."""

    term = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    original = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")

    class Meta(DuplicateFlag.Meta):
        constraints = pair_constraints("challenge")

    def __str__(self):
        return f"{self.term} may be {self.original}"


def flag_model_for(term_model) -> type[DuplicateFlag]:
    return {Participant: ParticipantDuplicateFlag, Challenge: ChallengeDuplicateFlag}[
        term_model
    ]
