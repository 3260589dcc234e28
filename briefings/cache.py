"""Purging the readers' page cache when published content changes.

Connected in BriefingsConfig.ready(). Any change empties the whole page cache
(institute.middleware.page_cache): a briefing shows up on the home page, the
listing and on its challenges' and participants' pages, so working out which
pages hold it would cost more than re-rendering a few pages.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from institute.middleware.page_cache import purge_page_cache

from .models import (
    BriefingIndexPage,
    BriefingPage,
    Challenge,
    HomePage,
    Participant,
    Source,
)


def purge_on_change(sender, **kwargs) -> None:
    """Signal receiver: purge now, and again once the transaction is committed.

    The second purge drops any page a reader had cached between the first and the
    commit, when the old content was still the one in the database.
    """
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


def connect_signals() -> None:
    """Purge on page publish, unpublish, move, delete or privacy change; on term and
    Site edits."""
    for page_model in (HomePage, BriefingIndexPage, BriefingPage):
        page_published.connect(purge_on_change, sender=page_model)
        page_unpublished.connect(purge_on_change, sender=page_model)
        post_delete.connect(purge_on_change, sender=page_model)
    for term_model in (Challenge, Participant, Source):
        post_save.connect(purge_on_change, sender=term_model)
        post_delete.connect(purge_on_change, sender=term_model)
    # A restriction (on the page or on an ancestor) turns anonymous readers away,
    # so a copy cached while the page was public must go at once. Its groups or
    # password do not matter here: anonymous readers are refused either way.
    post_save.connect(purge_on_change, sender=PageViewRestriction)
    post_delete.connect(purge_on_change, sender=PageViewRestriction)
    # A moved page changes its URL and every URL under it; a Site edit changes
    # which pages answer a host (institute.generation_memo keeps both).
    post_page_move.connect(purge_on_change)
    post_save.connect(purge_on_change, sender=Site)
    post_delete.connect(purge_on_change, sender=Site)
