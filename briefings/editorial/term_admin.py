"""A vocabulary term's admin views: their addresses, from the names its snippet
viewset registered them under, and who may merge terms."""

from django.db.models import Model
from django.urls import reverse


def term_url(term: Model, action: str = "edit") -> str:
    """The address of `action` ("edit", "merge", "delete"…) on `term`."""
    return reverse(type(term).snippet_viewset.get_url_name(action), args=[term.pk])


def terms_url(model: type[Model]) -> str:
    """The listing of `model`'s terms in the admin."""
    return reverse(model.snippet_viewset.get_url_name("list"))


def can_merge(user, model: type[Model]) -> bool:
    """Merging edits one term and deletes the other: it takes both rights."""
    name = model._meta.model_name
    return user.has_perm(f"briefings.change_{name}") and user.has_perm(
        f"briefings.delete_{name}"
    )
