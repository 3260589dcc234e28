"""A column holding a briefing's term ids: an integer array on PostgreSQL (with a
GIN index, `&&` and `@>` read from it) and a JSON list elsewhere (SQLite reads it
with `json_each`: correct, not fast).

Hand-written because Django's ArrayField exists on PostgreSQL only, and its
JSONField cannot ask "any of these ids" on SQLite.
"""

import json

from django.db import models
from django.db.models import Lookup


class TermIdsField(models.Field):
    """A list of integer ids (a briefing's challenges or participants)."""

    description = "A list of term ids"

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        ids = [int(pk) for pk in value or ()]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return list(value) if isinstance(value, list) else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return list(value or ())

    def get_prep_value(self, value):
        return [int(pk) for pk in value or ()]


class _IdsLookup(Lookup):
    """Shared by the lookups below: the right-hand side is a list of ids, passed
    as integer parameters."""

    def ids(self) -> list[int]:
        return [int(pk) for pk in self.rhs]


@TermIdsField.register_lookup
class Overlaps(_IdsLookup):
    """`challenge_ids__overlaps=[1, 2]`: holds any of these ids."""

    lookup_name = "overlaps"

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} && %s::integer[]", [*params, self.ids()]

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        ids = self.ids() or [None]
        marks = ", ".join(["%s"] * len(ids))
        return (
            f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({marks}))",
            [*params, *ids],
        )


@TermIdsField.register_lookup
class ContainsAll(_IdsLookup):
    """`challenge_ids__contains_all=[1, 2]`: holds every one of these ids."""

    lookup_name = "contains_all"

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} @> %s::integer[]", [*params, self.ids()]

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        ids = sorted(set(self.ids()))
        if not ids:
            return "1 = 1", params
        marks = ", ".join(["%s"] * len(ids))
        return (
            f"(SELECT COUNT(DISTINCT value) FROM json_each({column}) "
            f"WHERE value IN ({marks})) = %s",
            [*params, *ids, len(ids)],
        )
