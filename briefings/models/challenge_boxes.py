"""The briefing editor's challenge tick boxes, with a button that creates a new
challenge without leaving the briefing.

The challenges are few, so they stay tick boxes (all visible, one click each);
the button opens the challenge chooser on its "Create" tab, which asks the same
near-duplicate question as the Taxonomy admin, and the new challenge arrives
ticked (`js/challenge-create.js`).
"""

from django import forms
from django.urls import reverse

from .taxonomy import Challenge


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's tick boxes and the "Create a new challenge…" button. The class
    keeps Django's name because Wagtail styles a field by its widget's class
    name (`w-field--checkbox_select_multiple`)."""

    template_name = "briefings/widgets/challenge_boxes.html"

    class Media:
        js = [
            "wagtailadmin/js/modal-workflow.js",
            "wagtailadmin/js/chooser-modal.js",
            "briefings/js/challenge-create.js",
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chooser = Challenge.snippet_viewset.chooser_viewset
        context["widget"]["chooser_url"] = reverse(chooser.get_url_name("choose"))
        return context
