"""Uploads waiting between the admin import's dry run and its final import.

Used by `editorial/imports.py`: the upload's text lives in this table and the
confirm URL carries only the random token, so the session stays small. Cleanup
happens on upload, with no timer: `PendingImport.keep` deletes every upload older
than `PENDING_IMPORT_LIFETIME` and the uploader's oldest beyond
`MAX_PENDING_IMPORTS`; an expired upload still in the table is treated as gone.
Each upload is at most 5 MB of text (`uploads.MAX_TOTAL_BYTES`), so the table holds
at most `MAX_PENDING_IMPORTS` x 5 MB per user.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

PENDING_IMPORT_LIFETIME = timedelta(days=1)
MAX_PENDING_IMPORTS = 5


def new_token() -> str:
    """A random token naming one pending upload in its URL; `PendingImport.token`."""
    return secrets.token_urlsafe(16)


class PendingImportQuerySet(models.QuerySet):
    """Pending uploads by owner and age; `PendingImport.objects`."""

    def expired(self) -> "PendingImportQuerySet":
        return self.filter(created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME)

    def owned_by(self, user) -> "PendingImportQuerySet":
        return self.filter(user=user)


class PendingImport(models.Model):
    """One admin upload awaiting import: its files and the options last chosen."""

    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, db_index=True
    )
    # [{"name", "text", "problem"}, ...]: the fields of `bulk_import.ArticleFile`.
    files = models.JSONField(default=list)
    publish = models.BooleanField(default=False)
    create_terms = models.BooleanField(default=False)
    submit = models.BooleanField(default=False)

    objects = PendingImportQuerySet.as_manager()

    def __str__(self):
        return f"Upload of {len(self.files)} file(s) by {self.user_id}"

    @classmethod
    def keep(
        cls,
        *,
        user,
        files: list[dict],
        publish: bool,
        create_terms: bool,
        submit: bool = False,
    ) -> "PendingImport":
        """Store a new upload, dropping expired ones and the user's oldest extra."""
        with transaction.atomic():
            cls.objects.expired().delete()
            pending = cls.objects.create(
                user=user,
                files=files,
                publish=publish,
                create_terms=create_terms,
                submit=submit,
            )
            kept = (
                cls.objects.owned_by(user)
                .order_by("-created_at", "-pk")
                .values_list("pk", flat=True)[:MAX_PENDING_IMPORTS]
            )
            cls.objects.owned_by(user).exclude(pk__in=list(kept)).delete()
        return pending

    @property
    def options(self) -> dict:
        """The import options, as `bulk_import.import_articles` takes them."""
        return {
            "publish": self.publish,
            "create_terms": self.create_terms,
            "submit": self.submit,
        }

    def is_expired(self) -> bool:
        """True once the upload has outlived `PENDING_IMPORT_LIFETIME`."""
        return self.created_at < timezone.now() - PENDING_IMPORT_LIFETIME
