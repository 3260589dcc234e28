"""Finding the existing term a new or renamed one probably duplicates.

"Jean Pierre Lacroix" is "Jean-Pierre Lacroix", "african union" is "African
Union" and "Cosovic-Medic" is "Čosović-Medić": names are compared once case,
accents, spaces, hyphens and other punctuation are set aside, against each
term's name and its known aliases. Acronyms stay as they are: "DPO" is not
"DPKO", and only an alias an editor recorded makes two names one.
"""

import unicodedata

from django.db.models import Model


def normalised(name: str) -> str:
    """`name` with case, accents and everything but letters and digits dropped."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(
        char
        for char in decomposed
        if char.isalnum() and not unicodedata.combining(char)
    )


def names_of(term: Model) -> list[str]:
    """A term's name and, for a participant, its aliases."""
    aliases = getattr(term, "alias_list", [])
    return [term.name, *aliases]


def near_duplicate(model: type[Model], names: list[str], *, exclude_pk=None):
    """The first term of `model` (other than `exclude_pk`) one of whose names
    matches one of `names` once normalised, or None.

    The vocabularies hold hundreds of terms, so they are compared in Python:
    one query, and the normalisation needs no database function.
    """
    wanted = {normalised(name) for name in names} - {""}
    if not wanted:
        return None
    fields = ["pk", "name", "slug"]
    if hasattr(model, "aliases"):
        fields.append("aliases")
    terms = model.objects.only(*fields).order_by("name")
    if exclude_pk is not None:
        terms = terms.exclude(pk=exclude_pk)
    for term in terms:
        if wanted & {normalised(name) for name in names_of(term)}:
            return term
    return None
