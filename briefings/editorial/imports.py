"""Bulk import from the admin: upload article files, read the dry-run report, confirm.

Between the steps the upload is kept as a `PendingImport` row, named in the confirm
URL by its random token, so an editor can change the options and check again without
uploading again, and the session holds no file text. Only the uploader can use a
token. Uploads expire after `PENDING_IMPORT_LIFETIME` (a day); expired ones, and each
user's oldest beyond `MAX_PENDING_IMPORTS` (five), are deleted whenever an upload is
made (`PendingImport.keep`), so no timer is needed.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from ..importing.bulk_import import ArticleFile, import_articles
from ..importing.uploads import UploadError, read_uploads
from ..importing.writer import ensure_site_structure
from ..models import PendingImport

# What `PendingImport.token` holds (`secrets.token_urlsafe`).
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportOptionsForm(forms.Form):
    """How the files are imported; `publish` only for those who may publish."""

    publish = forms.BooleanField(
        required=False, help_text="Publish at once instead of saving drafts."
    )
    submit = forms.BooleanField(
        required=False,
        label="Submit the drafts for review",
        help_text="Each new or changed draft goes to a moderator, as the editor's "
        "Submit for review does.",
    )
    create_terms = forms.BooleanField(
        required=False,
        label="Create unknown terms",
        help_text="Create challenges, participants and sources the files name but "
        "the site does not have yet (complete them afterwards).",
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("publish") and cleaned_data.get("submit"):
            self.add_error(
                "submit",
                "Choose one: publish at once, or submit the drafts for review.",
            )
        return cleaned_data


class UploadForm(ImportOptionsForm):
    """Step one: the files, and the options."""

    files = MultipleFileField(
        help_text="One or more .md files in the fixtures' format, or a .zip of them."
    )
    field_order = ["files", "submit", "publish", "create_terms"]


def _can_publish(request: HttpRequest) -> bool:
    index = ensure_site_structure()
    return index.permissions_for_user(request.user).can_publish_subpage()


def _check_access(request: HttpRequest) -> None:
    index = ensure_site_structure()
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied


def upload(request: HttpRequest) -> HttpResponse:
    """Step one: take the files, keep them as a `PendingImport`, show the dry run."""
    _check_access(request)
    can_publish = _can_publish(request)
    form = UploadForm(
        request.POST or None, request.FILES or None, can_publish=can_publish
    )
    if request.method == "POST" and form.is_valid():
        try:
            files = read_uploads(form.cleaned_data["files"])
        except UploadError as error:
            form.add_error("files", str(error))
        else:
            pending = PendingImport.keep(
                user=request.user,
                files=[vars(file) for file in files],
                **_options(form.cleaned_data),
            )
            return redirect("briefings_import_confirm", token=pending.token)
    return render(
        request,
        "briefings/admin/import_upload.html",
        {
            "form": form,
            "page_title": "Import briefings",
            "header_icon": "upload",
            "sample_url": static("briefings/import-sample.md"),
            "format_url": reverse("briefings_editors_guide") + "#the-import-format",
        },
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Step two: the dry-run report; check again with other options, or import."""
    _check_access(request)
    pending = _pending_import(request, token)
    if pending is None:
        messages.warning(
            request,
            "That upload is no longer available; please upload the files again.",
        )
        return redirect("briefings_import")
    can_publish = _can_publish(request)
    files = [ArticleFile(**file) for file in pending.files]
    if request.method == "POST":
        form = ImportOptionsForm(request.POST, can_publish=can_publish)
        form.is_valid()
        options = _options(form.cleaned_data)
        # Remembered so that coming back to the URL shows the options last checked.
        PendingImport.objects.filter(pk=pending.pk).update(**options)
    else:
        options = pending.options
        if not can_publish:
            options["publish"] = False
        form = ImportOptionsForm(initial=options, can_publish=can_publish)
    if options.get("create_terms") and not _can_add_terms(request):
        raise PermissionDenied
    final = (
        request.method == "POST"
        and request.POST.get("action") == "import"
        and not form.errors
    )
    report = import_articles(files, dry_run=not final, user=request.user, **options)
    if final and not report.stopped:
        pending.delete()
    return render(
        request,
        "briefings/admin/import_report.html",
        {
            "form": form,
            "report": report,
            "final": final and not report.stopped,
            "to_import": len(report.created) + len(report.updated),
            "rows": report.rows(),
            "unknown": report.unknown_with_suggestions(),
            "action_url": reverse("briefings_import_confirm", args=[token]),
            "page_title": "Import briefings: result"
            if final
            else "Import briefings: check",
            "header_icon": "upload",
        },
    )


def _pending_import(request: HttpRequest, token: str) -> PendingImport | None:
    """The user's own upload named by `token`; None if unknown, another's or expired."""
    # A token is URL-safe base64 (`new_token`); anything else (a NUL, which
    # PostgreSQL refuses in a query) names no upload.
    if not TOKEN.fullmatch(token):
        return None
    pending = PendingImport.objects.owned_by(request.user).filter(token=token).first()
    if pending is not None and pending.is_expired():
        pending.delete()
        return None
    return pending


def _options(data: dict) -> dict:
    return {
        "publish": bool(data.get("publish")),
        "create_terms": bool(data.get("create_terms")),
        "submit": bool(data.get("submit")) and not data.get("publish"),
    }


def _can_add_terms(request: HttpRequest) -> bool:
    return all(
        request.user.has_perm(f"briefings.add_{model}")
        for model in ("challenge", "participant", "source")
    )
