"""The query parameters of every briefing listing, defined once.

`BriefingFilterSet` reads `challenge`, `participant`, `source`, `from`, `to`, `q` and
`sort` for the /briefings/ page, the theme and participant pages and the feeds, so a
query string means the same thing everywhere. Invalid values become form errors shown
beside their field; django-filter then applies only the valid ones. It filters the
read model (`ListedBriefing`), and names only terms that published briefings carry.
"""

import datetime
import re
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Case, Exists, OuterRef, QuerySet, Value, When
from drf_spectacular.utils import extend_schema_field

from . import search
from .read_model import (
    ALL_YEARS,
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTerm,
    TermCount,
)

SEARCH_MAX_LENGTH = 200
DATE_FORMAT_MESSAGE = "Enter a date as YYYY-MM-DD, or a year as YYYY."


def public_terms(kind: str) -> QuerySet[ListedTerm]:
    """The terms of `kind` that at least one published briefing carries."""
    carried = TermCount.objects.filter(
        kind=kind, term_id=OuterRef("term_id"), period=ALL_YEARS, n__gt=0
    )
    return ListedTerm.objects.filter(kind=kind).filter(Exists(carried))


class YearOrDateField(forms.CharField):
    """A date typed as YYYY-MM-DD or as a bare year; used by the `from`/`to` bounds.

    A year alone means its first day for a lower bound and its last for an upper one.
    """

    PATTERN = re.compile(r"(\d{4})(?:-(\d{2})-(\d{2}))?")

    def __init__(self, *, end_of_year: bool = False, **kwargs):
        self.end_of_year = end_of_year
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = self.PATTERN.fullmatch(value)
        if match is None:
            raise forms.ValidationError(DATE_FORMAT_MESSAGE, code="invalid")
        year, month, day = match.groups()
        if month is None:
            month, day = (12, 31) if self.end_of_year else (1, 1)
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                "%(value)s is not a date in the calendar.",
                code="impossible",
                params={"value": value},
            ) from None

    def clean(self, value):
        # CharField's validators (length, NUL bytes) check the text as typed,
        # before it is turned into a date.
        text = forms.CharField.to_python(self, value)
        self.run_validators(text)
        return self.to_python(value)


# How the API's OpenAPI schema (drf-spectacular) describes the parameters.
# (Empty is allowed: a submitted form sends an empty field.)
@extend_schema_field({"type": "string", "pattern": r"^(\d{4}(-\d{2}-\d{2})?)?$"})
class YearOrDateFilter(django_filters.Filter):
    """A date bound on `ListedBriefing.date` typed as YYYY-MM-DD or YYYY."""

    field_class = YearOrDateField


@extend_schema_field(
    {"type": "string", "description": "A slug; repeat for any of several."}
)
class TermFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable slug filter on a vocabulary: several values mean any of them."""

    def __init__(self, *, term: str, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", lambda request: public_terms(kind))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": f"There is no {term} “%(value)s”.",
                "invalid_pk_value": f"“%(pk)s” is not a valid {term}.",
            },
        )
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ids = sorted(term.term_id for term in value)
        if self.kind == SOURCE:
            return qs.filter(source_id__in=ids)
        return qs.filter(**{f"{self.field_name}__overlaps": ids})


class BriefingFilterForm(forms.Form):
    """The form behind `BriefingFilterSet`: checks that `from` is not after `to`,
    and that a search has a word in it."""

    def clean(self):
        cleaned_data = super().clean()
        if (text := cleaned_data.get("q")) and not search.words_of(text):
            # Else the page would say "Search: ?!" above every briefing.
            self.add_error("q", "There is no word in this search; it was left out.")
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start > end:
            self.add_error(
                "to", "The end date is before the start date; it was left out."
            )
        return cleaned_data


class BriefingFilterSet(django_filters.FilterSet):
    """The listing's query parameters; used by listings, theme pages and feeds."""

    SORT_CHOICES = [
        ("newest", "Newest first"),
        ("oldest", "Oldest first"),
        ("relevance", "Best match (with a search)"),
    ]

    q = django_filters.CharFilter(
        method="filter_search", label="Search", max_length=SEARCH_MAX_LENGTH
    )
    challenge = TermFilter(
        term="challenge", kind=CHALLENGE, field_name="challenge_ids", label="Challenges"
    )
    participant = TermFilter(
        term="participant",
        kind=PARTICIPANT,
        field_name="participant_ids",
        label="Participants",
    )
    source = TermFilter(
        term="source", kind=SOURCE, field_name="source_id", label="Sources"
    )
    # `from` is a Python keyword, so the date bounds go in by name.
    locals().update(
        {
            "from": YearOrDateFilter(
                field_name="date", lookup_expr="gte", label="From"
            ),
            "to": YearOrDateFilter(
                field_name="date",
                lookup_expr="lte",
                label="To",
                end_of_year=True,
            ),
        }
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="keep", label="Order", empty_label=None
    )

    class Meta:
        model = ListedBriefing
        fields = []
        form = BriefingFilterForm

    TERM_PARAMETERS = ("challenge", "participant", "source")
    KINDS = {"challenge": CHALLENGE, "participant": PARTICIPANT, "source": SOURCE}

    @cached_property
    def words(self) -> list[str]:
        """The words of a valid `q`, as the search matches them."""
        if not self.is_valid_field("q"):
            return []
        return search.words_of(self.form.cleaned_data.get("q") or "")

    def filter_search(self, queryset, name, value):
        if not self.words:
            return queryset
        return search.matching(queryset, self.words)

    def keep(self, queryset, name, value):
        """`sort` filters nothing; `filter_queryset` orders by it."""
        return queryset

    @property
    def searching(self) -> bool:
        """Whether a valid search with words in it is applied."""
        return bool(self.words)

    @property
    def sort_order(self) -> str:
        """The order applied: the `sort` asked for, relevance by default with `q`."""
        asked = self.form.cleaned_data.get("sort") if self.is_bound else None
        if asked == "relevance" and not self.searching:
            return "newest"
        return asked or ("relevance" if self.searching else "newest")

    def is_valid_field(self, name: str) -> bool:
        """Whether the parameter was given a value that is being applied."""
        return self.is_bound and name not in self.errors

    def chosen_ids(self, name: str) -> list[int]:
        """The ids of the terms chosen for a term parameter."""
        return sorted(term.term_id for term in self.form.cleaned_data.get(name) or [])

    def filter_queryset(self, queryset):
        return self.order(super().filter_queryset(queryset))

    def queryset_without(self, name: str) -> QuerySet[ListedBriefing]:
        """The base queryset with every valid filter applied except `name`'s,
        unordered."""
        self.errors  # noqa: B018 (validates the form, filling cleaned_data)
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field != name:
                queryset = self.filters[field].filter(queryset, value)
        return queryset.order_by()

    def order(self, queryset: QuerySet[ListedBriefing]) -> QuerySet[ListedBriefing]:
        """Apply the sort order: newest or oldest first, or best match (headline
        matches first, newest first; `search.RankedMatches` reads a page of it
        without sorting every match)."""
        order = self.sort_order
        if order == "oldest":
            return queryset.order_by("date", "page_id")
        if order == "relevance":
            tier = Case(When(search.in_headline(self.words), then=Value(0)), default=1)
            return queryset.order_by(tier, "-date", "-page_id")
        return queryset.order_by("-date", "-page_id")


def search_words(text: str) -> list[str]:
    """The words of a search (see `search.words_of`)."""
    return search.words_of(text)
