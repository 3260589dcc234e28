"""The briefing editor's participant rows: each participant once, said once, and
at least one before review.

modelcluster's formset checks the unique constraint itself, with two generic
messages ("Please correct the duplicate data for page and participant" above
the rows and "Please correct the duplicate values below" in the row) that do
not say who is twice; this formset says it once, on the second row.
"""

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import MultipleChooserPanel

from ..briefing_rules import is_sent_to_review


class ParticipantRowsFormSet(BaseChildFormSet):
    def kept_forms(self) -> list[forms.Form]:
        """The rows not marked for removal. (`deleted_forms` is empty while any
        row is invalid, so each row's own mark is read.)"""
        return [
            form
            for form in self.forms
            if not (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME))
        ]

    def validate_unique(self):
        seen: set[int] = set()
        for form in self.kept_forms():
            if not form.is_valid():
                continue
            participant = form.cleaned_data.get("participant")
            if participant is None:
                continue
            if participant.pk in seen:
                form.add_error(
                    "participant",
                    f"{participant} is listed more than once; keep one row per "
                    "participant.",
                )
            seen.add(participant.pk)

    def clean(self):
        super().clean()
        if not is_sent_to_review(self.data):
            return
        if not any(form.cleaned_data.get("participant") for form in self.kept_forms()):
            raise forms.ValidationError(
                "Add at least one participant before sending the briefing for "
                "review (a draft may be saved without)."
            )


class ParticipantRowsPanel(MultipleChooserPanel):
    """The participant rows, built with `ParticipantRowsFormSet`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = ParticipantRowsFormSet
        return options
