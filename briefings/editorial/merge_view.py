"""The "Merge into…" action on a challenge or participant snippet."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .merging import merge_terms
from .term_admin import can_merge, term_url, terms_url
from .term_usage import briefings_using


class MergeForm(forms.Form):
    """Which term the merged one becomes."""

    into = forms.ModelChoiceField(queryset=None, label="Merge into")

    def __init__(self, *args, old: Model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = type(old).objects.exclude(pk=old.pk)
        self.fields[
            "into"
        ].help_text = f"Every briefing tagged '{old}' will be tagged with this instead."


class MergeView(WagtailAdminTemplateMixin, FormView):
    """Confirm and carry out a merge; needs the rights to edit and delete terms."""

    model: type[Model] = None
    template_name = "briefings/admin/merge.html"
    header_icon = "resubmit"
    form_class = MergeForm

    def dispatch(self, request, *args, pk, **kwargs):
        self.object = get_object_or_404(self.model, pk=pk)
        if not can_merge(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Merge {self.model._meta.verbose_name} '{self.object}'"

    def get_breadcrumbs_items(self):
        meta = self.model._meta
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {
                "url": terms_url(self.model),
                "label": capfirst(meta.verbose_name_plural),
            },
            {"url": term_url(self.object), "label": str(self.object)},
            {"url": "", "label": "Merge"},
        ]

    def get_initial(self):
        # "Merge … into …" from a suspected duplicate comes with the original.
        into = self.request.GET.get("into", "")
        return {"into": int(into)} if into.isdigit() else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "old": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["verbose_name"] = self.model._meta.verbose_name
        context["briefing_count"] = briefings_using(self.object).count()
        context["public_url"] = self.object.get_absolute_url()
        context["cancel_url"] = term_url(self.object)
        return context

    def form_valid(self, form):
        into = form.cleaned_data["into"]
        name = str(self.object)
        result = merge_terms(old=self.object, into=into, user=self.request.user)
        messages.success(
            self.request,
            f"'{name}' was merged into '{into}': {result.briefings} briefing(s) "
            f"re-tagged; {result.redirect_from} now redirects to "
            f"{into.get_absolute_url()}.",
        )
        return redirect(term_url(into))
