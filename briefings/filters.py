"""The query parameters of every briefing listing, defined once.

`BriefingFilterSet` reads `challenge`, `participant`, `source`, `from`, `to`, `q` and
`sort` for the /briefings/ page, the theme and participant pages and the feeds, so a
query string means the same thing everywhere. Invalid values become form errors shown
beside their field; django-filter then applies only the valid ones.
"""

import datetime
import re
from functools import cached_property

import django_filters
from django import forms
from django.db.models import QuerySet
from django_filters.fields import ModelMultipleChoiceField

from institute import generation_memo

from .models import BriefingPage, Challenge, Participant, Source
from .public_terms import public_terms

SEARCH_MAX_LENGTH = 200
DATE_FORMAT_MESSAGE = "Enter a date as YYYY-MM-DD, or a year as YYYY."


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


class YearOrDateFilter(django_filters.Filter):
    """A date bound on `BriefingPage.date` typed as YYYY-MM-DD or YYYY."""

    field_class = YearOrDateField


class TermsField(ModelMultipleChoiceField):
    """The terms named by slug, each looked up once per content generation in a
    reader's request (`institute.generation_memo`; a rename or deletion of a
    term is a content change), else by one query as Django does."""

    # A vocabulary's terms kept per app server: every challenge and source, and
    # the participants readers filter by most.
    KEPT_TERMS = 1000

    def _check_values(self, value):
        if not generation_memo.active() or self.null_label is not None:
            return super()._check_values(value)
        try:
            slugs = list(dict.fromkeys(value))
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for slug in slugs:
            self.validate_no_null_characters(slug)
        terms = generation_memo.remembered_each(
            f"terms:{self.queryset.model._meta.label}",
            slugs,
            lambda missing: {
                term.slug: term for term in self.queryset.filter(slug__in=missing)
            },
            limit=self.KEPT_TERMS,
        )
        for slug in slugs:
            if slug not in terms:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return [terms[slug] for slug in slugs]


class TermFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable slug filter on a vocabulary: several values mean any of them.

    Matches through a subquery on the primary key, so a briefing with two of the
    chosen terms is listed once without DISTINCT (which would clash with ordering
    by relevance).
    """

    field_class = TermsField

    def __init__(self, *, term: str, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
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
        matching = BriefingPage.objects.filter(
            **{f"{self.field_name}__in": value}
        ).values("pk")
        return qs.filter(pk__in=matching)


class BriefingFilterForm(forms.Form):
    """The form behind `BriefingFilterSet`: checks that `from` is not after `to`."""

    def clean(self):
        cleaned_data = super().clean()
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
        term="challenge",
        field_name="challenges",
        queryset=lambda request: public_terms(Challenge),
        label="Challenges",
    )
    participant = TermFilter(
        term="participant",
        field_name="participant_links__participant",
        queryset=lambda request: public_terms(Participant),
        label="Participants",
    )
    source = TermFilter(
        term="source",
        field_name="source",
        queryset=lambda request: public_terms(Source),
        label="Sources",
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
        model = BriefingPage
        fields = []
        form = BriefingFilterForm

    TERM_PARAMETERS = ("challenge", "participant", "source")

    @cached_property
    def search_matches(self) -> QuerySet[BriefingPage] | None:
        """The briefings matching `q`, ordered best match first, as a queryset the
        database runs as part of the listing's own queries (no query of its own);
        None without a valid search.

        Asked of the search backend over all briefings: its queryset carries the
        full-text match and the relevance score, and the listing's other filters
        are then applied to it by primary key.
        """
        words = search_words(self.form.cleaned_data.get("q") or "")
        if not words:
            return None
        results = BriefingPage.objects.search(" ".join(words))
        return results.get_queryset()

    def filter_search(self, queryset, name, value):
        if self.search_matches is None:
            return queryset
        return queryset.filter(pk__in=self.search_matches.order_by().values("pk"))

    def keep(self, queryset, name, value):
        """`sort` filters nothing; `filter_queryset` orders by it."""
        return queryset

    @property
    def searching(self) -> bool:
        """Whether a valid, non-empty `q` is applied."""
        return bool(self.is_valid_field("q") and self.form.cleaned_data.get("q"))

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

    def filter_queryset(self, queryset):
        return self.order(super().filter_queryset(queryset))

    def queryset_without(self, name: str) -> QuerySet[BriefingPage]:
        """The base queryset with every valid filter applied except `name`'s, for
        facet counts; unordered, as it is only used as a subquery."""
        self.errors  # noqa: B018 (validates the form, filling cleaned_data)
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field != name:
                queryset = self.filters[field].filter(queryset, value)
        return queryset.order_by()

    def order(self, queryset: QuerySet[BriefingPage]) -> QuerySet[BriefingPage]:
        """Apply the sort order; relevance is the search backend's own ordering."""
        order = self.sort_order
        if order == "oldest":
            return queryset.order_by("date", "pk")
        if order == "relevance" and self.search_matches is not None:
            return self.search_matches.filter(
                pk__in=queryset.order_by().values("pk")
            ).for_listing()
        return queryset.order_by("-date", "-pk")


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased, with every other character dropped.

    The search backends parse operators differently (PostgreSQL's tsquery, SQLite's
    FTS5 treats quotes and upper-case AND/OR/NOT as syntax) and a stray `"` is an
    SQL error on SQLite, so readers' text is reduced to plain words first.
    """
    return re.findall(r"\w+", text.lower())


class ParticipantFilterSet(django_filters.FilterSet):
    """The /participants/ page's parameter: `kind` (person, organisation, state)."""

    kind = django_filters.ChoiceFilter(
        choices=Participant.Kind.choices, label="Kind", empty_label="All kinds"
    )

    class Meta:
        model = Participant
        fields = []
