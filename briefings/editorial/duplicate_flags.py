"""Suspected duplicates: an editor who meets a challenge or participant that may
be another under a different name flags it; a moderator, who may merge, finds
the flags under Reports and merges the pair (the merge form comes filled in) or
says they are two."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.snippets.widgets import AdminSnippetChooser

from ..models import Challenge, Participant
from ..models.duplicate_flags import (
    ChallengeDuplicateFlag,
    ParticipantDuplicateFlag,
    flag_model_for,
)
from .near_duplicates import names_of, near_duplicate
from .term_admin import can_merge, term_url

KINDS = {"participant": Participant, "challenge": Challenge}


def can_flag(user, model) -> bool:
    return user.has_perm(f"briefings.change_{model._meta.model_name}")


class FlagForm(forms.Form):
    original = forms.ModelChoiceField(queryset=None)
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you think so, for the moderator (optional).",
    )

    def __init__(self, *args, term, **kwargs):
        super().__init__(*args, **kwargs)
        verbose = term._meta.verbose_name
        original = self.fields["original"]
        original.queryset = type(term).objects.exclude(pk=term.pk).order_by("name")
        # The vocabulary's chooser (search, kinds, descriptions), not a select
        # of thousands of names.
        original.widget = AdminSnippetChooser(type(term))
        original.label = f"The {verbose} “{term}” may be"
        original.help_text = (
            f"A moderator will merge “{term}” into it, or keep the two apart."
        )


def _term(kind: str, pk: int):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("Only challenges and participants can be flagged.")
    return get_object_or_404(model, pk=pk)


def flag(request, kind: str, pk: int):
    term = _term(kind, pk)
    if not can_flag(request.user, type(term)):
        raise PermissionDenied
    if request.method == "POST":
        form = FlagForm(request.POST, term=term)
        if form.is_valid():
            original = form.cleaned_data["original"]
            _, created = flag_model_for(type(term)).objects.get_or_create(
                term=term,
                original=original,
                defaults={
                    "note": form.cleaned_data["note"],
                    "flagged_by": request.user,
                },
            )
            if created:
                messages.success(
                    request,
                    f"Flagged for a moderator: “{term}” may be “{original}”.",
                )
            else:
                messages.info(
                    request,
                    f"“{term}” was already flagged as possibly “{original}”; "
                    "a moderator will see it once.",
                )
            return redirect(term_url(term))
    else:
        likely = near_duplicate(type(term), names_of(term), exclude_pk=term.pk)
        form = FlagForm(term=term, initial={"original": likely})
    return TemplateResponse(
        request,
        "briefings/admin/duplicate_flag.html",
        {
            "form": form,
            "term": term,
            "verbose_name": term._meta.verbose_name,
            "cancel_url": term_url(term),
        },
    )


def merge_url(item) -> str:
    """The merge form of the flagged term, with the original chosen."""
    return f"{term_url(item.term, 'merge')}?into={item.original.pk}"


def _check_may_review(user) -> None:
    if not (can_merge(user, Participant) or can_merge(user, Challenge)):
        raise PermissionDenied


def suspected(request):
    _check_may_review(request.user)
    flags = []
    for flag_model in (ParticipantDuplicateFlag, ChallengeDuplicateFlag):
        model = flag_model._meta.get_field("term").related_model
        mergeable = can_merge(request.user, model)
        for item in flag_model.objects.select_related("term", "original", "flagged_by"):
            flags.append(
                {
                    "flag": item,
                    "kind": model._meta.model_name,
                    "verbose_name": model._meta.verbose_name,
                    "term_url": term_url(item.term),
                    "original_url": term_url(item.original),
                    "merge_url": merge_url(item) if mergeable else "",
                }
            )
    flags.sort(key=lambda entry: entry["flag"].flagged_at)
    return TemplateResponse(
        request, "briefings/admin/suspected_duplicates.html", {"flags": flags}
    )


@require_POST
def dismiss(request, kind: str, pk: int):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("Unknown kind of term.")
    if not can_merge(request.user, model):
        raise PermissionDenied
    item = get_object_or_404(flag_model_for(model), pk=pk)
    messages.success(
        request,
        f"“{item.term}” and “{item.original}” are kept apart: the flag is dismissed.",
    )
    item.delete()
    return redirect("briefings_suspected_duplicates")


def open_count() -> int:
    return (
        ParticipantDuplicateFlag.objects.count()
        + ChallengeDuplicateFlag.objects.count()
    )


class SuspectedDuplicatesPanel(Component):
    """On a moderator's dashboard while flags wait: how many, and the way to them."""

    name = "suspected_duplicates"
    order = 150
    template_name = "briefings/admin/suspected_duplicates_panel.html"

    def get_context_data(self, parent_context=None):
        return {"count": open_count()}
