"""Writing articles into pages: the site's structure, a briefing's fields, body and
tags. Shared by the fixture loader (`fixtures.py`) and the bulk import
(`bulk_import.py`); each caller decides when to save and publish."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from institute.site_address import host_and_port

from ..editorial.workflow import ensure_editorial_setup
from ..models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingParticipant,
    Challenge,
    HomePage,
    Participant,
    Source,
)
from .article_format import ArticleData, ArticleFormatError

HOME_INTRO = (
    "<p>The institute publishes briefings on peace operations: what was said, by whom, "
    "and on which of today's challenges. Browse them by theme or by participant.</p>"
)


def tree_root() -> Page:
    """Wagtail's root page, made again (with the default locale and the root
    collection) if a database was emptied of what Wagtail's migrations put
    there."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def site_names() -> dict:
    """The default Site's host, port and name, from the site's address
    (`institute.site_address`)."""
    hostname, port = host_and_port()
    return {"hostname": hostname, "port": port, "site_name": settings.WAGTAIL_SITE_NAME}


def name_site() -> None:
    """Name the default Site as the site's address says; at set-up only
    (`load_fixtures`), since saving a Site rebuilds the read model
    (`signals.site_changed`): never on each import or new page."""
    site = Site.objects.filter(is_default_site=True).first()
    names = site_names()
    if site is not None and any(getattr(site, k) != v for k, v in names.items()):
        for key, value in names.items():
            setattr(site, key, value)
        site.save()


def ensure_site_structure() -> BriefingIndexPage:
    """Create the home page, the default site and /briefings/ if they are missing."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.first()
    if home is None:
        root = tree_root()
        # Wagtail's own placeholder ("Welcome to your new Wagtail site!") would
        # clash with the home page's slug; it holds nothing, so it goes.
        Page.objects.filter(
            depth=2, slug="home", content_type__model="page", numchild=0
        ).delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    if site is None:
        Site.objects.create(is_default_site=True, root_page=home, **site_names())
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    index = BriefingIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=BriefingIndexPage(
                title="Briefings",
                slug="briefings",
                intro="<p>Every briefing the institute has published.</p>",
            )
        )
        index.save_revision().publish()
    ensure_editorial_setup(index)
    return index


def page_fields(article: ArticleData, *, source: Source) -> dict:
    """The briefing's own fields (not its body or tags) as the article gives them."""
    return {
        "title": article.title,
        "date": article.date,
        "date_precision": article.date_precision,
        "date_note": article.date_note,
        "source_id": source.pk,
        "source_url": article.source_url,
        "summary": article.summary,
    }


def resolve_terms(article: ArticleData) -> tuple[Source, list[Challenge], list]:
    """The article's source, challenges and (participant id, role) pairs; an error
    names any slug that is not in the vocabularies."""
    source = _find(Source, [article.source], article, "source")[0]
    challenges = _find(Challenge, article.challenges, article, "challenge")
    participants = _find(
        Participant, [slug for slug, _ in article.participants], article, "participant"
    )
    links = [
        (person.pk, role)
        for person, (_, role) in zip(participants, article.participants, strict=True)
    ]
    return source, challenges, links


def _find(model, slugs: list[str], article: ArticleData, what: str) -> list:
    """The terms with these slugs, in order; an error names any that do not exist."""
    found = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ArticleFormatError(
            article.path, f"unknown {what}(s): {', '.join(missing)}"
        )
    return [found[slug] for slug in slugs]


def set_content(page: BriefingPage, article, challenges, links) -> None:
    """Put the article's body and tags on the page (not saved)."""
    page.body = article.body
    page.challenges.set(challenges)
    page.participant_links = [
        BriefingParticipant(participant_id=pk, role=role, sort_order=order)
        for order, (pk, role) in enumerate(links)
    ]


def content_differs(
    page: BriefingPage, fields: dict, article, challenges, links
) -> bool:
    """Whether saving the article would change the page's fields, tags or body."""
    if any(getattr(page, key) != value for key, value in fields.items()):
        return True
    if {c.pk for c in page.challenges.all()} != {c.pk for c in challenges}:
        return True
    current = [
        (link.participant_id, link.role)
        for link in page.participant_links.order_by("sort_order")
    ]
    if current != links:
        return True
    block = page.body.stream_block
    wanted = block.get_prep_value(block.to_python(article.body))
    return _without_ids(block.get_prep_value(page.body)) != _without_ids(wanted)


def _without_ids(value):
    """Stream data with the block ids (random per save) removed, for comparison."""
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    return value
