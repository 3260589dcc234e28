"""Editing a vocabulary term: one on published briefings is a moderator's to change.

A rename shows at once on every page that names the term, with no review, so an
editor (who cannot publish) may change only terms that no live briefing carries
yet; the form says so before they type, and refuses the save with what they typed
kept.
"""

from django.contrib import messages
from django.utils.functional import cached_property
from wagtail.snippets.views.snippets import EditView

from .term_usage import briefings_using
from .workflow import can_moderate


class TermEditView(EditView):
    """The snippet edit view, refusing editors' changes to terms in live use."""

    @cached_property
    def live_briefing_count(self) -> int:
        return briefings_using(self.object).filter(live=True).count()

    @cached_property
    def reserved_for_moderators(self) -> bool:
        return self.live_briefing_count > 0 and not can_moderate(self.request.user)

    def reason(self) -> str:
        count = self.live_briefing_count
        return (
            f"'{self.object}' appears on {count} published briefing"
            f"{'' if count == 1 else 's'}: only a moderator can change it. Ask a "
            "moderator, or tell them what should change."
        )

    def get(self, request, *args, **kwargs):
        if self.reserved_for_moderators:
            messages.warning(request, self.reason())
        return super().get(request, *args, **kwargs)

    def is_valid(self, form):
        if self.reserved_for_moderators:
            form.is_valid()  # Django's checks too, so every message shows at once.
            form.add_error(None, self.reason())
            self.produced_error_code = "permission_denied"
            self.produced_error_message = self.reason()
            return False
        return super().is_valid(form)
