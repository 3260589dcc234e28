"""The page editor's form for briefings: checks shown next to the field at fault."""

import datetime

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from ..briefing_rules import date_problem, is_sent_to_review, source_url_problem
from .blocks import plain_text


def body_text(body) -> str:
    """The words of a body's blocks, markup dropped: empty when nothing is
    written (blocks added and left blank count as nothing). Read from the
    blocks' data: rendering them would look up each paragraph's page links."""
    return plain_text(list(body.raw_data))


# Fields whose length limit is shown as the editor types. A browser's
# `maxlength` would cut a pasted title silently; without it, the counter
# (js/length-counters.js) warns and the server refuses, nothing cut.
LIMITED_FIELDS = {"title": "The title", "summary": "The summary"}


def limit_length(field: forms.CharField, what: str) -> None:
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-length-limit"] = field.max_length
    field.error_messages["max_length"] = (
        f"{what} is %(show_value)d characters long; the limit is %(limit_value)d. "
        "Shorten it: nothing has been cut."
    )


class BriefingPageForm(WagtailAdminPageForm):
    """`BriefingPage.base_form_class`: date and source URL checks, and what a
    briefing sent for review must have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in LIMITED_FIELDS:
            if name in self.fields:
                limit_length(self.fields[name], LIMITED_FIELDS[name])
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
        if is_sent_to_review(self.data):
            self._check_complete(cleaned_data)
        return cleaned_data

    def _check_complete(self, cleaned_data) -> None:
        """What a briefing in review must have, each said where it is missing
        (the participants by their own rows, `participant_rows.py`)."""
        if "challenges" in self.fields and not cleaned_data.get("challenges"):
            self.add_error(
                "challenges",
                "Tick at least one challenge before sending the briefing for "
                "review (a draft may be saved without).",
            )
        body = cleaned_data.get("body")
        if "body" in self.fields and body is not None and not body_text(body):
            self.add_error(
                "body",
                "Write the briefing's text before sending it for review.",
            )

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
