"""The form a vocabulary term is created and edited with, in the Taxonomy admin
and in the page editor's chooser ("Create" tab): the slug is made from the name
when left empty, and a name that matches an existing term's (see
`near_duplicates.py`) asks "did you mean …?" before a second one exists."""

from django import forms
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.slug import SlugInput

from .near_duplicates import near_duplicate

CONFIRM_FIELD = "not_a_duplicate"


class TermForm(WagtailAdminModelForm):
    not_a_duplicate = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="Save it anyway: this is a different one",
    )

    # The chooser's Create form fills the slug as the name is typed; the
    # Taxonomy admin does it with its NamePanel (`term_panels.py`).
    fills_slug_as_typed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate_of = None
        if "slug" in self.fields:
            slug = self.fields["slug"]
            slug.required = False
            filter_name = self._meta.model._meta.model_name
            slug.help_text = (
                f"Used in web addresses (/briefings/?{filter_name}=the-slug). "
                "Left empty, it is made from the name."
            )
        if self.fills_slug_as_typed and "slug" in self.fields and "name" in self.fields:
            self._fill_slug_as_typed()

    def clean(self):
        cleaned_data = super().clean()
        name = (cleaned_data.get("name") or "").strip()
        if not name:
            return cleaned_data
        if not cleaned_data.get(CONFIRM_FIELD) and self._names_changed():
            self._ask_about_near_duplicate(name, cleaned_data.get("aliases", ""))
        if "slug" in self.fields and not cleaned_data.get("slug"):
            cleaned_data["slug"] = self._free_slug(name)
        return cleaned_data

    def _fill_slug_as_typed(self) -> None:
        """Wagtail's own sync and slug controllers (as its TitleFieldPanel sets
        them), aimed at this form's slug: the page editor has a slug field too."""
        self.fields["slug"].widget = SlugInput()
        self.fields["name"].widget.attrs.update(
            {
                "data-controller": "w-sync",
                "data-action": "focus->w-sync#check blur->w-sync#apply "
                "change->w-sync#apply keyup->w-sync#apply",
                "data-w-sync-target-value": (
                    '[data-chooser-modal-creation-form] input[name="slug"]'
                ),
            }
        )

    def _names_changed(self) -> bool:
        """Whether the term is new or renamed (its name or aliases changed):
        only then can it have become another's near-duplicate, and every other
        save is spared reading the whole vocabulary."""
        return self.instance.pk is None or bool(
            {"name", "aliases"} & set(self.changed_data)
        )

    def _ask_about_near_duplicate(self, name: str, aliases: str) -> None:
        names = [name, *[line for line in aliases.splitlines() if line.strip()]]
        model = self._meta.model
        existing = near_duplicate(model, names, exclude_pk=self.instance.pk)
        if existing is None:
            return
        self.duplicate_of = existing
        kind = model._meta.verbose_name
        self.add_error(
            "name",
            f"Did you mean “{existing.name}”? A {kind} with that name exists "
            f"already ({existing.slug}). Choose it instead; if this is a "
            f"different {kind}, tick “{self.confirm_label(existing)}” and save "
            "again.",
        )
        # Shown only now that there is something to confirm.
        confirm = self.fields[CONFIRM_FIELD]
        confirm.widget = forms.CheckboxInput()
        confirm.label = self.confirm_label(existing)

    def confirm_label(self, existing) -> str:
        return f"This is not “{existing.name}”"

    def _free_slug(self, name: str) -> str:
        """The name's slug, numbered when another term holds it already."""
        base = slugify(name)[:240] or self._meta.model._meta.model_name
        terms = self._meta.model.objects.exclude(pk=self.instance.pk)
        # The numbered ones too, in one query rather than one per number tried.
        taken = set(terms.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug


def creation_form_for(model, fields: list[str]) -> type[TermForm]:
    """The chooser's "Create" form for `model`: `fields` and the confirmation."""
    meta = type("Meta", (), {"model": model, "fields": [*fields, CONFIRM_FIELD]})
    return type(
        f"{model.__name__}CreationForm",
        (TermForm,),
        {"Meta": meta, "fills_slug_as_typed": True},
    )
