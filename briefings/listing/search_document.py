"""A briefing's searchable text as a column: a tsvector on PostgreSQL (stemmed by
its `english` configuration, with a GIN index), elsewhere (SQLite) the same
stems as text, each between spaces (`stemming.stemmed_document`), looked
through with LIKE: the same matches, not as fast. Hand-written because Django's
SearchVectorField and its lookups exist on PostgreSQL only."""

from django.db import models
from django.db.models import Lookup

from .stemming import stems

CONFIG = "english"


class SearchDocumentField(models.Field):
    """`ListedBriefing.document` and `.headline`; written by `search.insert`."""

    description = "A searchable document"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def _like(stem: str) -> str:
    escaped = stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


@SearchDocumentField.register_lookup
class Matches(Lookup):
    """`document__matches=["word", ...]`: holds every word, stemmed, stop words
    left out (PostgreSQL's `plainto_tsquery`; elsewhere `stemming.stems`, whole
    stems). Words that are all stop words match nothing, as on PostgreSQL."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return (
            f"{column} @@ plainto_tsquery('{CONFIG}', %s)",
            [*params, " ".join(self.rhs)],
        )

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        wanted = sorted(set(stems(" ".join(self.rhs))))
        if not wanted:
            return "(1 = 0)", []
        condition = " AND ".join([f"{column} LIKE %s ESCAPE '\\'"] * len(wanted))
        return f"({condition})", [*params, *[_like(stem) for stem in wanted]]
