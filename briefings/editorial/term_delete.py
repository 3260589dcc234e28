"""Deleting a vocabulary term: the confirmation lists the briefings that use it.

Wagtail's reference index already blocks deleting a participant or source in use
(their links are PROTECT foreign keys) but does not see challenges, which attach
through a many-to-many field; this view shows the usage for all three.
"""

from wagtail.snippets.views.snippets import DeleteView

from .term_usage import briefings_using

LISTED = 20


class TermDeleteView(DeleteView):
    """The snippet delete view, with the briefings using the term in its context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        briefings = briefings_using(self.object)
        context["briefings_using"] = briefings[:LISTED]
        context["briefings_using_count"] = briefings.count()
        return context
