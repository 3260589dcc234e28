"""A briefing's searchable text as one column: a weighted tsvector on PostgreSQL
(its RUM index returns matches best first without scoring all of them), the text
itself, lower-cased, elsewhere (SQLite: looked through with LIKE, correct, not
fast). Hand-written because Django's SearchVectorField and its lookups exist on
PostgreSQL only."""

from django.db import models
from django.db.models import FloatField, Func, Lookup

CONFIG = "english"


class SearchDocumentField(models.Field):
    """The column `ListedText.document`; written by `search.index`."""

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


class Distance(Func):
    """How far a document is from the words, to order by (nearest first): RUM's
    `<=>` on PostgreSQL; elsewhere, words in the title count most, then in the
    summary (title and summary are the second and third expressions)."""

    output_field = FloatField()

    def __init__(self, document, title, summary, *, words: list[str]):
        self.words = list(words)
        super().__init__(document, title, summary)

    def as_postgresql(self, compiler, connection, **extra):
        document, params = compiler.compile(self.source_expressions[0])
        return (
            f"({document} <=> plainto_tsquery('{CONFIG}', %s))",
            [*params, " ".join(self.words)],
        )

    def as_sql(self, compiler, connection, **extra):
        _document, title, summary = self.source_expressions
        title_sql, title_params = compiler.compile(title)
        summary_sql, summary_params = compiler.compile(summary)
        parts, params = [], []
        for word in self.words or [""]:
            parts.append(
                f"(instr(lower({title_sql}), %s) > 0) * 2 "
                f"+ (instr(lower({summary_sql}), %s) > 0)"
            )
            params += [*title_params, word, *summary_params, word]
        return f"-({' + '.join(parts)})", params
