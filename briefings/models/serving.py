"""How the page types are found and checked when a reader asks for one, in fewer
queries than Wagtail's defaults (every public page pays for these)."""

from django.db.models import Q, QuerySet
from wagtail.models import PageViewRestriction

from institute.middleware.security_headers import EDITOR_PAGE_POLICY
from institute.site_address import root_url


class ServingMixin:
    """For the page types: routing to a child in one query and checking view
    restrictions in one.

    `child_queryset()` names the queryset of the page type's children (its
    `subpage_types` are fixed); Wagtail's `Page.route` fetches a child as a plain
    page, then its specific page, two queries a level.
    """

    def child_queryset(self) -> QuerySet | None:
        return None

    def get_url_parts(self, request=None):
        """Wagtail's parts of the page's address, its root the site's address
        (`institute.site_address`): a Site records no scheme, so on a port other
        than 443 Wagtail would write `http://`. The site has one Site."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _root, page_path = parts
        return site_id, root_url(), page_path

    def child_named(self, slug: str):
        """The child of that slug, as its page type, or None."""
        children = self.child_queryset()
        if children is None:
            return None
        return children.child_of(self).filter(slug=slug).first()

    def route(self, request, path_components):
        child = self.child_named(path_components[0]) if path_components else None
        if child is not None:
            return child.route(request, path_components[1:])
        return self.route_within(request, path_components)

    def route_within(self, request, path_components):
        """The page itself or one of its own routes (a routable page's feed),
        for an address whose first part is known to name no child."""
        return super().route(request, path_components)

    def ancestor_paths(self) -> list[str]:
        """The paths of this page and its ancestors, known from its own path."""
        steplen = self.steplen
        return [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """The restrictions on this page and its ancestors, or on the pages they
        are aliases of: Wagtail reads the ancestors first, then the restrictions;
        their paths are known from this page's own, so one query does."""
        paths = self.ancestor_paths()
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()

    def serve_preview(self, request, mode_name):
        """The page as the admin previews it (a draft, a revision under review): under
        the policy of pages, not the admin's, which allows inline scripts."""
        response = super().serve_preview(request, mode_name)
        response["Content-Security-Policy"] = EDITOR_PAGE_POLICY
        return response
