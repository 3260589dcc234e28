"""The admin's flat listing of briefings ("Briefings" in the menu) and its filters."""

import django_filters
from django import forms
from django.db.models import QuerySet
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models import BriefingPage, Challenge, Participant, Source

STATUS_CHOICES = [
    ("live", "Published"),
    ("changed", "Published, with unpublished changes"),
    ("draft", "Draft"),
    ("in_moderation", "Awaiting review"),
    ("scheduled", "Scheduled"),
]


class BriefingPageFilterSet(PageFilterSet):
    """Filters of the admin's briefing listing: tags, source, date and status."""

    challenge = django_filters.ModelMultipleChoiceFilter(
        label="Challenge",
        field_name="challenges",
        queryset=Challenge.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    participant = django_filters.ModelChoiceFilter(
        label="Participant",
        field_name="participant_links__participant",
        queryset=Participant.objects.all(),
        distinct=True,
    )
    source = django_filters.ModelChoiceFilter(
        label="Source", queryset=Source.objects.all()
    )
    date = django_filters.DateFromToRangeFilter(
        label="Date of the briefing", widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label="Any",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = BriefingPage
        fields = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "live":
            return queryset.filter(live=True, has_unpublished_changes=False)
        if value == "changed":
            return queryset.filter(live=True, has_unpublished_changes=True)
        if value == "draft":
            return queryset.filter(live=False)
        if value == "in_moderation":
            # The "specific" relation: this queryset is of BriefingPage, and
            # Wagtail's other one joins on the base Page content type.
            return queryset.filter(
                _specific_workflow_states__status="in_progress"
            ).distinct()
        if value == "scheduled":
            return queryset.annotate_approved_schedule().filter(_approved_schedule=True)
        return queryset


class BriefingListingViewSet(PageListingViewSet):
    """Every briefing in one flat, filterable list (the page tree nests them)."""

    model = BriefingPage
    # Wagtail's columns, with the briefing's own date after the title.
    columns = [
        *IndexView.base_columns[:2],
        Column("date", label="Date", sort_key="date", accessor="display_date"),
        *IndexView.base_columns[2:],
    ]
    filterset_class = BriefingPageFilterSet
    icon = "doc-full"
    menu_label = "Briefings"
    menu_order = 150
    add_to_admin_menu = True
