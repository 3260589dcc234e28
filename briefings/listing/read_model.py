"""The read model: what readers may see of the briefings, in the shape the
listings read it.

One `ListedBriefing` row per live briefing that no privacy restriction hides,
with what a listing filters, sorts, counts and searches (its card in
`ListedCard`); a `ListedTag` row
per (briefing, term) for "the most recent briefings with this term"; a
`ListedTerm` per challenge, participant and source, with what pages show of it;
and counts rolled up per year and month, of each term (`TermCount`), and per
year, of each pair of terms (`PairYearCount`), for the broad facet counts that
would otherwise aggregate most of the archive, and each participant's roles
(`RoleCount`); and the words of the archive (`SearchWord`), which a search that
finds nothing is corrected from.

`briefings.upkeep` keeps every table exact in the same transaction as the change
that alters a listing; `manage.py rebuild_listing` rebuilds them from the page
tree.
"""

from django.db import models

from .addresses import term_url
from .search_document import SearchDocumentField
from .term_ids import TermIdsField

# The vocabularies, by the one-letter kind the tables store, in the order their
# pairs are kept (a pair is stored once, its first term of the earlier kind).
CHALLENGE, PARTICIPANT, SOURCE = "c", "p", "s"
KINDS = (CHALLENGE, PARTICIPANT, SOURCE)
# TermCount's kind for the number of briefings itself (term_id 0).
ALL = "a"
# The periods counts are kept for: all time, a year (2016) or a month (201605).
ALL_YEARS = 0


def month_period(year: int, month: int) -> int:
    """The period of a month: 201605 for May 2016."""
    return year * 100 + month


class ListedTerm(models.Model):
    """A challenge, participant or source as public pages name it (a term that no
    published briefing carries has no TermCount and is named nowhere)."""

    kind = models.CharField(max_length=1)
    term_id = models.IntegerField()
    slug = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    # Challenges' editorial order; participants' kind (person, organisation...)
    # and how pages name it.
    sort_order = models.IntegerField(default=0)
    participant_kind = models.CharField(max_length=20, blank=True, default="")
    kind_label = models.CharField(max_length=50, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "term_id"], name="listed_term_id"),
            models.UniqueConstraint(fields=["kind", "slug"], name="listed_term_slug"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return term_url(self.kind, self.slug)

    def get_kind_display(self) -> str:
        return self.kind_label


class ListedBriefingQuerySet(models.QuerySet):
    """`ListedBriefing.objects.for_cards()`: with the card, without the search
    text and the body (the largest columns, which only a search's passages
    read: `with_card_text()`)."""

    def for_cards(self):
        return self.select_related("card").defer("document", "headline", "card__text")

    def with_card_text(self):
        """With the card's body too, for the passages of a search's page."""
        return self.select_related("card").defer(None).defer("document", "headline")


class ListedBriefing(models.Model):
    """One published, public briefing: what listings filter, count, sort and
    search by. What its card shows is in `card` (ListedCard)."""

    page_id = models.IntegerField(primary_key=True)
    date = models.DateField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    source_id = models.IntegerField(null=True)
    challenge_ids = TermIdsField(default=list)
    participant_ids = TermIdsField(default=list)
    # What a search matches (`search_document`): everything (title, summary,
    # body, the names of its terms), and the headline (title and summary),
    # whose matches come first.
    document = SearchDocumentField()
    headline = SearchDocumentField()

    objects = ListedBriefingQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["-date", "-page_id"], name="listed_briefing_newest_idx"
            )
        ]

    def __str__(self):
        return f"Briefing {self.page_id} of {self.date}"


class ListedCard(models.Model):
    """What a listing's card shows of a briefing."""

    briefing = models.OneToOneField(
        ListedBriefing, on_delete=models.CASCADE, primary_key=True, related_name="card"
    )
    title = models.CharField(max_length=255)
    # The page's address on its site, e.g. /briefings/<slug>/.
    path = models.TextField()
    summary = models.TextField()
    # The body as plain text, which a search's passage may be cut from
    # (`passages`); left out of every other read (`for_cards`).
    text = models.TextField(blank=True, default="")
    date_precision = models.CharField(max_length=5, default="day")
    # When it was last published (a feed's "updated").
    published_at = models.DateTimeField(null=True)

    def __str__(self):
        return self.title


class ListedTag(models.Model):
    """One of a briefing's terms, with its date: the briefings of a term, newest
    first, read from one index (related briefings)."""

    briefing = models.ForeignKey(
        ListedBriefing, on_delete=models.CASCADE, related_name="tags", db_index=False
    )
    kind = models.CharField(max_length=1)
    term_id = models.IntegerField()
    date = models.DateField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    # A participant's role in the briefing ("speaker"); blank for other kinds.
    role = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "term_id", "-date", "-briefing"],
                name="listed_tag_term_newest_idx",
            ),
            # A briefing's tags from the index alone (related briefings count
            # how many each candidate shares).
            models.Index(
                fields=["briefing", "kind", "term_id", "date"],
                name="listed_tag_briefing_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind}{self.term_id} on {self.briefing_id}"


class TermCount(models.Model):
    """How many published briefings of `period` (ALL_YEARS: all time, a year such
    as 2016, a month such as 201605) carry the term (kind ALL: how many there
    are)."""

    kind = models.CharField(max_length=1)
    term_id = models.IntegerField()
    period = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "term_id"], name="term_count_key"
            )
        ]

    def __str__(self):
        return f"{self.kind}{self.term_id} in {self.period}: {self.n}"


class PairYearCount(models.Model):
    """How many published briefings of `year` (ALL_YEARS: every year) carry both
    terms: a before b, by kind in KINDS, then by id. Two terms of one vocabulary
    (the challenges of a theme page) are counted for all years only."""

    a_kind = models.CharField(max_length=1)
    a_id = models.IntegerField()
    b_kind = models.CharField(max_length=1)
    b_id = models.IntegerField()
    year = models.SmallIntegerField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["a_kind", "a_id", "b_kind", "year", "b_id"],
                name="pair_year_count_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["b_kind", "b_id", "a_kind", "year", "a_id"],
                name="pair_year_count_b_idx",
            )
        ]

    def __str__(self):
        return f"{self.a_kind}{self.a_id} with {self.b_kind}{self.b_id}: {self.n}"


class RoleCount(models.Model):
    """How many published briefings name the participant in `role`."""

    participant_id = models.IntegerField()
    role = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant_id", "role"], name="role_count_key"
            )
        ]

    def __str__(self):
        return f"p{self.participant_id} as {self.role}: {self.n}"


class SearchWord(models.Model):
    """A word of the published briefings' titles, summaries and bodies, or of a
    term's name (`vocabulary.words_in`), with how many of those hold it: what
    "Did you mean" corrects a search's words to (`suggestions`). On PostgreSQL
    a trigram index on `word` finds the words like a misspelt one."""

    word = models.CharField(max_length=64, primary_key=True)
    n = models.IntegerField()

    def __str__(self):
        return f"{self.word}: {self.n}"
