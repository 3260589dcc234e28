"""Content-Security-Policy and friends; Django's SecurityMiddleware sets the rest."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Readers' pages load only the site's own stylesheet and images: no inline
# script or style, nothing from elsewhere, never framed.
PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The site's pages as an editor sees them: live, in a preview, or as a revision
# under review. Wagtail's userbar loads its scripts from the site itself and
# styles itself inline; previews show in a same-origin frame of the admin. No
# inline script either: content that slipped past `briefings.allowlist` would
# otherwise run in a moderator's session.
EDITOR_PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

# Wagtail's admin uses inline scripts and styles, and shows page previews in a
# same-origin frame; the previews themselves get EDITOR_PAGE_POLICY.
EDITOR_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def is_editor_request(request: HttpRequest) -> bool:
    """An admin address, or a visitor with a session (who may be a logged-in editor).

    Decided from the cookie, not from the user: it needs no database, so it also
    holds for the 503 page when the database is down.
    """
    return request.path.startswith("/admin/") or (
        settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy to every response.

    Hand-rolled rather than django-csp because the policy depends on the path and
    on whether an editor is asking, which django-csp would need per-view
    overrides on every Wagtail admin view to express.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            policy = EDITOR_POLICY
        elif is_editor_request(request):
            policy = EDITOR_PAGE_POLICY
        else:
            policy = PUBLIC_POLICY
        # A view may have set its own: the admin's previews of pages do.
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
