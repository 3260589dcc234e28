"""What happens when published content changes: the read model is brought up to
date in the same transaction (`upkeep`), and the readers' page cache is purged.

Connected in BriefingsConfig.ready(). Any change empties the whole page cache
(institute.caching.page_cache) and bans everything the site rendered from the
HTTP cache in front (institute.caching.frontend): a briefing shows up on the
home page, the listing and on its challenges' and participants' pages, so
working out which pages hold it would cost more than re-rendering a few pages.
Wagtail's frontend cache purges the briefing's own URLs as well (on publish and
unpublish by itself; on move and delete from here), for a CDN that takes
purges by URL only.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from institute.caching.page_cache import purge_page_cache

from . import upkeep
from .listing.read_model import ListedBriefing, ListedTerm, SearchWord
from .models import (
    BriefingIndexPage,
    BriefingPage,
    Challenge,
    HomePage,
    Participant,
    Source,
)

TERM_MODELS = (Challenge, Participant, Source)


def purge_on_change(**kwargs) -> None:
    """Purge the page cache now, and again once the transaction is committed.

    The second purge drops any page a reader had cached between the first and the
    commit, when the old content was still the one in the database.
    """
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


def briefings_under(page: Page) -> list[int]:
    """The briefings at or below `page` in the tree."""
    return list(
        BriefingPage.objects.filter(path__startswith=page.path).values_list(
            "pk", flat=True
        )
    )


def briefing_changed(sender, instance, **kwargs) -> None:
    """Published, unpublished (by hand or on expiry) or deleted."""
    upkeep.refresh([instance.pk])
    purge_on_change()


def briefing_deleted(sender, instance, **kwargs) -> None:
    briefing_changed(sender, instance, **kwargs)
    purge_page_from_cache(instance)


def page_moved(sender, instance, **kwargs) -> None:
    subtree_changed(sender, instance, **kwargs)
    if isinstance(instance.specific_deferred, BriefingPage):
        purge_page_from_cache(instance)


def subtree_changed(sender, instance, **kwargs) -> None:
    """Moved, its slug changed, or its privacy: every briefing under it."""
    upkeep.refresh(briefings_under(instance))
    purge_on_change()


def restriction_changed(sender, instance, **kwargs) -> None:
    # A restriction (on the page or on an ancestor) turns anonymous readers away.
    # Its groups or password do not matter here: anonymous readers are refused
    # either way.
    upkeep.refresh(briefings_under(instance.page))
    purge_on_change()


def term_saved(sender, instance, **kwargs) -> None:
    """A term edited: its name on public pages, and what a search finds."""
    listed = ListedTerm.objects.filter(
        kind=upkeep.kind_of(instance), term_id=instance.pk
    ).first()
    renamed = listed is not None and listed.name != instance.name
    upkeep.sync_term(instance)
    if renamed:
        upkeep.refresh(upkeep.pages_with_term(instance))
    purge_on_change()


def term_deleting(sender, instance, **kwargs) -> None:
    """Which briefings carried it, before the deletion takes their links."""
    instance.listed_briefings = upkeep.pages_with_term(instance)


def term_deleted(sender, instance, **kwargs) -> None:
    upkeep.forget_term(instance)
    upkeep.refresh(getattr(instance, "listed_briefings", []))
    purge_on_change()


def site_changed(sender, instance, **kwargs) -> None:
    """Which pages answer a host, and so every briefing's address."""
    upkeep.rebuild()
    purge_on_change()


def fill_read_model(sender, **kwargs) -> None:
    """After `migrate`: an empty read model beside published briefings (a site
    upgraded to it, a restored backup), or one without the archive's words (a
    site upgraded to the forgiving search), is built."""
    incomplete = not ListedBriefing.objects.exists() or not SearchWord.objects.exists()
    if incomplete and BriefingPage.objects.live().exists():
        upkeep.rebuild()


def connect_signals() -> None:
    """Connect the receivers above; called once, from BriefingsConfig.ready()."""
    for signal in (page_published, page_unpublished):
        signal.connect(briefing_changed, sender=BriefingPage)
    post_delete.connect(briefing_deleted, sender=BriefingPage)
    for page_model in (HomePage, BriefingIndexPage):
        page_published.connect(purge_on_change, sender=page_model)
        page_unpublished.connect(purge_on_change, sender=page_model)
        post_delete.connect(purge_on_change, sender=page_model)
    post_page_move.connect(page_moved)
    page_slug_changed.connect(subtree_changed)
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)
    for term_model in TERM_MODELS:
        post_save.connect(term_saved, sender=term_model)
        pre_delete.connect(term_deleting, sender=term_model)
        post_delete.connect(term_deleted, sender=term_model)
    post_save.connect(site_changed, sender=Site)
    post_delete.connect(site_changed, sender=Site)
