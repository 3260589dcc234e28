"""The vocabularies that tag briefings: challenges, participants and sources."""

from functools import lru_cache

from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyTerm(index.Indexed, models.Model):
    """A named, slugged term; the base of every vocabulary below."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="Used in web addresses: /briefings/?challenge=political-solutions",
    )
    description = models.TextField(blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Challenge(TaxonomyTerm):
    """A theme a briefing deals with; shown on theme pages and in listing filters."""

    sort_order = models.IntegerField(
        default=0, help_text="Lower numbers come first in lists of challenges."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def get_absolute_url(self):
        return _term_url("briefings:challenge_detail", self.slug)


class Participant(TaxonomyTerm):
    """A person, organisation or state taking part in, or the subject of, briefings."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        STATE = "state", "Member state or group of states"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a person: their position, shown beside their name on "
        "briefings, e.g. Under-Secretary-General for Peace Operations, United "
        "Nations. Leave blank for an organisation or a state.",
    )
    website = models.URLField(blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names and acronyms, one per line (e.g. DPKO).",
    )

    # Autocomplete too: the admin's listing search uses it, and editors look
    # participants up by acronym ("DPKO").
    search_fields = TaxonomyTerm.search_fields + [
        index.SearchField("aliases"),
        index.AutocompleteField("aliases"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("position"),
        FieldPanel(
            "description",
            help_text="Who they are, for their page: for a person, the positions "
            "they have held and when.",
        ),
        FieldPanel("website"),
        FieldPanel("aliases"),
    ]

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return _term_url("briefings:participant_detail", self.slug)

    @property
    def alias_list(self) -> list[str]:
        """The aliases as a list, blank lines dropped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Source(TaxonomyTerm):
    """An organisation that published an original: INEX, SEESAC, the UN..."""

    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]


@lru_cache(maxsize=20_000)
def _term_url(view: str, slug: str) -> str:
    """A term page's URL, worked out once per slug: a listing page links to some
    seventy tags, and `reverse` costs more than the rest of a tag's rendering."""
    return reverse(view, kwargs={"slug": slug})
