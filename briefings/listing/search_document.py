"""A briefing's searchable text as a column: a tsvector on PostgreSQL (stemmed,
with a GIN index), the text itself, lower-cased, elsewhere (SQLite: looked
through with LIKE, correct, not fast). Hand-written because Django's
SearchVectorField and its lookups exist on PostgreSQL only."""

from django.db import models
from django.db.models import Lookup

CONFIG = "english"


class SearchDocumentField(models.Field):
    """`ListedBriefing.document` and `.headline`; written by `search.insert`."""

    description = "A searchable document"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@SearchDocumentField.register_lookup
class Matches(Lookup):
    """`document__matches=["word", ...]`: holds every word (stemmed on
    PostgreSQL, as a substring elsewhere)."""

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
        words = list(self.rhs) or [""]
        condition = " AND ".join([f"{column} LIKE %s ESCAPE '\\'"] * len(words))
        return f"({condition})", [*params, *[_like(word) for word in words]]
