"""Admin set-up: the vocabularies as snippets, grouped under one "Taxonomy" menu."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Challenge, Participant, Source


class ChallengeViewSet(SnippetViewSet):
    model = Challenge
    icon = "tag"
    menu_label = "Challenges"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


class ParticipantViewSet(SnippetViewSet):
    model = Participant
    icon = "group"
    menu_label = "Participants"
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]
    ordering = ["name"]


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "site"
    menu_label = "Sources"
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 200
    items = [ChallengeViewSet, ParticipantViewSet, SourceViewSet]


register_snippet(TaxonomyGroup)
