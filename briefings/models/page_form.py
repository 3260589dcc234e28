"""The page editor's form for briefings: checks shown next to the field at fault."""

import datetime

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from wagtail.admin.forms import WagtailAdminPageForm

from ..briefing_rules import date_problem, source_url_problem


class BriefingPageForm(WagtailAdminPageForm):
    """`BriefingPage.base_form_class`: date, source URL and participant checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            self.fields["date"].error_messages["required"] = (
                "Enter the date of the event or report."
            )

    def clean_date(self) -> datetime.date | None:
        date = self.cleaned_data.get("date")
        if date is None:
            raise forms.ValidationError("Enter the date of the event or report.")
        if problem := date_problem(date):
            raise forms.ValidationError(problem)
        return date

    def clean_source_url(self) -> str:
        url = self.cleaned_data.get("source_url", "")
        if problem := source_url_problem(url):
            raise forms.ValidationError(problem)
        return url

    def clean(self):
        cleaned_data = super().clean()
        self._drop_rows_the_editor_never_saw()
        self._check_participants_once()
        return cleaned_data

    def _drop_rows_the_editor_never_saw(self) -> None:
        """Make the submitted participant rows the whole list.

        Wagtail autosaves as the editor types, and a row added just before Submit
        may already have been stored by an autosave whose reply (with the row's
        id) had not reached the browser. The formset keeps stored rows the form
        does not mention, so that row would be saved twice and break
        unique_participant_per_briefing. The editor's form lists every row they
        see, deleted ones included; a stored row it does not mention is dropped.
        """
        formset = self.formsets.get("participant_links")
        if formset is None:
            return
        mentioned = {form.instance.pk for form in formset.forms if form.instance.pk}
        unseen = [link for link in formset.get_queryset() if link.pk not in mentioned]
        if unseen:
            self.instance.participant_links.remove(*unseen)

    def _check_participants_once(self) -> None:
        """Say on the second row which participant is listed twice.

        The formset's own unique check (unique_participant_per_briefing) already
        refuses the rows, but only with a generic "duplicate values" message.
        """
        formset = self.formsets.get("participant_links")
        if formset is None:
            return
        formset.is_valid()
        seen: set[int] = set()
        for form in formset.forms:
            # Marked for deletion; `deleted_forms` would be empty, the formset
            # being invalid with the duplicate.
            if formset.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            # The instance, because the unique check removes the duplicate
            # from cleaned_data.
            participant_id = form.instance.participant_id
            if participant_id is None:
                continue
            if participant_id in seen:
                form.add_error(
                    "participant",
                    f"{form.instance.participant} is listed more than once; "
                    "keep one row per participant.",
                )
            seen.add(participant_id)
