"""The page types: the home page, the briefings index and the briefing itself."""

import json

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..citation import (
    bibtex_entry,
    citation_html,
    citation_of,
    csl_json,
    highwire_tags,
    publisher,
    ris_record,
)
from ..feeds import BriefingAtomFeed, BriefingFeed
from ..listing import cards, html, terms
from ..listing.build import build_listing
from ..listing.dates import display_date, machine_date
from ..listing.related import related_briefings
from ..listing.tidy import redirect_without_empty
from ..metadata import briefing_json_ld
from ..reading_time import body_words, reading_minutes
from ..sharing import share_links
from . import challenge_boxes
from .blocks import BriefingBodyBlock
from .page_form import BriefingPageForm
from .participant_rows import ParticipantRowsPanel
from .revision_terms import with_current_terms
from .serving import ServingMixin
from .taxonomy import Challenge, Participant, Source

# How many of the latest briefings the home page shows.
HOME_LATEST = 6


class HomePage(ServingMixin, Page):
    """The site's front page: introduces the institute, latest briefings, challenges."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["briefings.BriefingIndexPage"]

    def child_queryset(self):
        return BriefingIndexPage.objects.all()

    def route(self, request, path_components):
        """A briefing's address (`briefings/<slug>/...`, the page readers and
        crawlers ask for most) in one query by its slug, rather than the index
        and then its child; the index's own routes (its feeds) without looking
        for that child again; anything else a level at a time."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        index_slug, slug = path_components[:2]
        # By the slug's index; the url_path (Wagtail's, kept with the tree)
        # says it is under this page's child of `index_slug`.
        briefing = (
            BriefingPage.objects.select_related("source")
            .filter(slug=slug, url_path=f"{self.url_path}{index_slug}/{slug}/")
            .first()
        )
        if briefing is not None:
            return briefing.route(request, path_components[2:])
        index = self.child_named(index_slug)
        if index is None:
            return super().route(request, path_components)
        return index.route_within(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = terms.latest(limit=HOME_LATEST)
        context["latest_cards"] = [
            html.card_html(card) for card in cards.cards(latest, cards.terms_of(latest))
        ]
        context["challenges"] = terms.challenge_list()
        return context


class BriefingIndexPage(ServingMixin, RoutablePageMixin, Page):
    """The /briefings/ listing, and its feeds; parent of every briefing (a briefing
    slugged "feed" is found first: children come before routes)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["briefings.HomePage"]
    subpage_types = ["briefings.BriefingPage"]

    def child_queryset(self):
        return BriefingPage.objects.select_related("source")

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The listing, under its tidy address (`listing.tidy`)."""
        if (tidied := redirect_without_empty(request)) is not None:
            return tidied
        return super().index_route(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(request)
        context["listing"] = listing
        context["page_obj"] = listing.page_obj
        return context

    @path("feed/", name="feed")
    def rss_feed(self, request):
        """The listing as RSS 2.0, with the listing's query parameters."""
        return BriefingFeed()(request)

    @path("feed/atom/", name="feed_atom")
    def atom_feed(self, request):
        """The listing as Atom 1.0."""
        return BriefingAtomFeed()(request)


class BriefingPageQuerySet(PageQuerySet):
    """Chainable briefing queries: `BriefingPage.objects.live().public()`."""


class BriefingPage(ServingMixin, RoutablePageMixin, Page):
    """One article the institute publishes, tagged with challenges and participants."""

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"

    date = models.DateField(help_text="The date of the event or report.")
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date the original gives.",
    )
    date_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="When the original gives no full date: what it gives and how "
        "the date was chosen.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="briefings",
        null=True,
        help_text="The organisation that published the original.",
    )
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, help_text="Link to the original."
    )
    summary = models.TextField(
        max_length=600, help_text="One or two sentences, shown in listings."
    )
    body = StreamField(BriefingBodyBlock())
    challenges = ParentalManyToManyField(
        Challenge, related_name="briefings", blank=True
    )

    objects = PageManager.from_queryset(BriefingPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("date_precision"),
                FieldPanel("date_note"),
            ],
            heading="Date",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    tagging_panels = [
        FieldPanel("challenges", widget=challenge_boxes.CheckboxSelectMultiple),
        ParticipantRowsPanel(
            "participant_links",
            chooser_field_name="participant",
            label="Participant",
            heading="Participants",
            help_text="Who took part, and in which role. Each participant once.",
        ),
    ]
    source_panels = [FieldPanel("source"), FieldPanel("source_url")]

    # Tabs in the order an editor works: write, tag, credit, then promote.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(tagging_panels, heading="Tagging"),
            ObjectList(source_panels, heading="Source"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = BriefingPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("challenges", [index.SearchField("name")]),
        index.RelatedFields(
            "participant_links",
            [index.RelatedFields("participant", [index.SearchField("name")])],
        ),
    ]

    parent_page_types = ["briefings.BriefingIndexPage"]
    subpage_types = []

    class Meta:
        # Newest or oldest first: the order of every listing, read from the index
        # alone (deep pages skip thousands of entries).
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="briefing_date_pk_idx")
        ]

    def with_content_json(self, content):
        """A revision as a briefing (Wagtail's revision views, compare, revert,
        preview, drafts), merged terms renamed and deleted ones dropped."""
        return super().with_content_json(with_current_terms(content))

    def get_cached_paths(self):
        """What the HTTP cache in front holds of this briefing, for Wagtail's
        frontend cache to purge: the page and its citation downloads."""
        return ["/", "bibtex/", "ris/", "csl/"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        challenges, participant_links, related = self.tags_and_related()
        url = self.get_full_url(request)
        # The reference a reader copies is of the page as they see it, on their
        # day: the server writes today's date for readers without scripts, and
        # `briefing-tools.js` sets the reader's own when the page loads and
        # again when they copy it, since the page may have been cached since
        # another day (institute.caching) or be read in another time zone.
        citation = citation_of(
            self,
            url=url,
            challenges=challenges,
            participant_links=participant_links,
            accessed=timezone.localdate(),
        )
        context.update(
            challenges=challenges,
            participant_links=participant_links,
            canonical_url=url,
            site_name=publisher(),
            # A briefing lives under the listing: its address less its slug.
            listing_url=self.get_url(request).removesuffix(f"{self.slug}/"),
            related_briefings=related,
            citation=citation_html(citation),
            citation_tags=highwire_tags(citation),
            reading_minutes=reading_minutes(body_words(self.body)),
            share_links=share_links(url=url, title=self.title),
            json_ld=briefing_json_ld(
                self,
                url=url,
                challenges=challenges,
                participant_links=participant_links,
            ),
        )
        return context

    def tags_and_related(self) -> tuple[list, list, list]:
        """Its challenges, its participants (links with roles) and its related
        briefings (`listing.related`), each in one or two bounded queries."""
        challenges = list(self.challenges.order_by("sort_order", "name"))
        participant_links = list(
            self.participant_links.select_related("participant").order_by("sort_order")
        )
        related = related_briefings(
            page_id=self.pk,
            challenge_ids=[challenge.pk for challenge in challenges],
            participant_ids=[link.participant_id for link in participant_links],
        )
        return challenges, participant_links, related

    def downloaded_citation(self, request):
        """The citation a download carries, accessed today (the server's day: a
        file has no script to set the reader's, and the HTTP cache in front may
        keep it for up to SHARED_CACHE_SECONDS)."""
        return citation_of(
            self, url=self.get_full_url(request), accessed=timezone.localdate()
        )

    def citation_download(self, request, *, body: str, content_type: str, ext: str):
        response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.{ext}"'
        return response

    @path("bibtex/", name="bibtex")
    def bibtex(self, request):
        """The briefing as a BibTeX entry, downloaded as <slug>.bib."""
        citation = self.downloaded_citation(request)
        return self.citation_download(
            request,
            body=bibtex_entry(citation),
            content_type="application/x-bibtex",
            ext="bib",
        )

    @path("ris/", name="ris")
    def ris(self, request):
        """The briefing as an RIS record, downloaded as <slug>.ris."""
        citation = self.downloaded_citation(request)
        return self.citation_download(
            request,
            body=ris_record(citation),
            content_type="application/x-research-info-systems",
            ext="ris",
        )

    @path("csl/", name="csl_json")
    def csl(self, request):
        """The briefing as CSL-JSON, downloaded as <slug>.json."""
        citation = self.downloaded_citation(request)
        return self.citation_download(
            request,
            body=json.dumps(csl_json(citation), ensure_ascii=False, indent=2),
            content_type="application/vnd.citationstyles.csl+json",
            ext="json",
        )

    @property
    def display_date(self) -> str:
        """The date as precisely as the original gives it: "1 September 2017"."""
        return display_date(self.date, self.date_precision)

    @property
    def machine_date(self) -> str:
        """The date as precisely as the original gives it, for <time datetime>
        and the page's metadata: "2017-09-01", "2008-04" or "2008"."""
        return machine_date(self.date, self.date_precision)


class BriefingParticipant(Orderable):
    """A participant's part in one briefing: who, and in which role."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        ORGANISER = "organiser", "Organiser"
        HOST = "host", "Host"
        SPEAKER = "speaker", "Speaker"
        PANELLIST = "panellist", "Panellist"
        MODERATOR = "moderator", "Moderator"
        PARTICIPANT = "participant", "Participant"
        SUBJECT = "subject", "Subject"
        MENTIONED = "mentioned", "Mentioned"

    page = ParentalKey(
        BriefingPage, on_delete=models.CASCADE, related_name="participant_links"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="briefing_links"
    )
    # The default is the broadest true role: a new row is never saved with a
    # role the editor did not mean, and never blocks Save for want of one.
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )

    panels = [FieldPanel("participant"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "participant"], name="unique_participant_per_briefing"
            )
        ]
        # Filtering by participant reads the page ids from the index alone
        # (bench/RESULTS.md shows the plans).
        indexes = [
            models.Index(fields=["participant", "page"], name="participant_page_idx")
        ]

    def __str__(self):
        return f"{self.participant} ({self.get_role_display()})"
