"""The page editor's chooser for challenges and participants: each term shown
with its kind and a line of its description (two "Department of ..." entries
are told apart without leaving the briefing), and a "Create" tab, so that a new
participant is made where the editor needs it, with the same slug filling and
near-duplicate question as the Taxonomy admin (`term_form.py`)."""

from django.utils.text import Truncator
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from ..models import Challenge, Participant
from .term_form import creation_form_for


def described(term) -> str:
    return Truncator(term.description).words(16)


class TermColumnsMixin:
    """The title column, then the kind (participants) and the description."""

    @property
    def columns(self):
        columns = super().columns
        if hasattr(self.model, "kind"):
            columns.append(Column("kind", label="Kind", accessor="get_kind_display"))
        columns.append(Column("description", label="Description", accessor=described))
        return columns


class TermChooseView(TermColumnsMixin, ChooseView):
    pass


class TermChooseResultsView(TermColumnsMixin, ChooseResultsView):
    pass


class TermChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TermChooseView
    choose_results_view_class = TermChooseResultsView
    create_action_clicked_label = "Creating…"


class ParticipantChooserViewSet(TermChooserViewSet):
    creation_form_class = creation_form_for(
        Participant, ["name", "slug", "kind", "description", "aliases"]
    )
    create_action_label = "Create participant"
    creation_tab_label = "Create a new participant"


class ChallengeChooserViewSet(TermChooserViewSet):
    creation_form_class = creation_form_for(Challenge, ["name", "slug", "description"])
    create_action_label = "Create challenge"
    creation_tab_label = "Create a new challenge"
