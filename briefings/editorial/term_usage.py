"""Which briefings use a vocabulary term, and how many: the admin's usage counts,
the merge page and the delete confirmation (`merge_view.py`, `term_delete.py`)."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import BriefingPage, BriefingParticipant, Challenge, Participant, Source

# For each vocabulary: the model with one row per (briefing, term), and its
# column naming the term.
USAGE_ROWS = {
    Challenge: (BriefingPage.challenges.through, "challenge"),
    Participant: (BriefingParticipant, "participant"),
    Source: (BriefingPage, "source"),
}


def with_briefing_counts(queryset: QuerySet) -> QuerySet:
    """The terms annotated with `briefing_count`, in the same single query.

    A correlated subquery rather than Count() over a join: the grouping a join
    needs breaks Wagtail's full-text search on the annotated queryset (SQLite).
    """
    model, column = USAGE_ROWS[queryset.model]
    rows = (
        model.objects.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(count=Count("*"))
        .values("count")
    )
    return queryset.annotate(
        briefing_count=Coalesce(Subquery(rows, output_field=IntegerField()), 0)
    )


def briefings_using(term) -> QuerySet[BriefingPage]:
    """The briefings (live or draft) tagged with `term`, newest first."""
    lookup = {
        Challenge: "challenges",
        Participant: "participant_links__participant",
        Source: "source",
    }[type(term)]
    return BriefingPage.objects.filter(**{lookup: term}).distinct().order_by("-date")
