"""How the page types are found and checked when a reader asks for one, in fewer
queries than Wagtail's defaults (every public page pays for these)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Page, PageViewRestriction

from institute import generation_memo
from institute.generation_memo import remembered, remembered_each
from institute.middleware.security_headers import EDITOR_PAGE_POLICY


def restricted_pages() -> list[Page]:
    """The pages with a privacy restriction (their subtrees are private), as far
    as `PageQuerySet.descendant_of_q` needs them."""
    return _privacy()[0]


def guarded_paths() -> frozenset[str]:
    """The paths of the restricted pages and of their aliases: a page with none of
    these among its ancestors (itself included) has no restriction to check."""
    return _privacy()[1]


def _privacy() -> tuple[list[Page], frozenset[str]]:
    """Both, from one query, once per content generation in a reader's request."""

    def read():
        restricted = PageViewRestriction.objects.filter(page=OuterRef("pk"))
        rows = (
            Page.objects.filter(
                Q(view_restrictions__isnull=False)
                | Q(alias_of__view_restrictions__isnull=False)
            )
            .annotate(restricted=Exists(restricted))
            .values_list("pk", "path", "depth", "restricted")
            .distinct()
        )
        pages, paths = [], set()
        for pk, path, depth, is_restricted in rows:
            paths.add(path)
            if is_restricted:
                pages.append(Page(pk=pk, path=path, depth=depth))
        return pages, frozenset(paths)

    return remembered("privacy", read)


class ServingMixin:
    """For the page types: routing to a child in one query and checking view
    restrictions in one, or none when no page on the way is restricted.

    `child_queryset()` names the queryset of the page type's children (its
    `subpage_types` are fixed); Wagtail's `Page.route` fetches a child as a plain
    page, then its specific page, two queries a level. The children found are
    kept for the content generation (`institute.generation_memo`), which only a
    publish, a move or a deletion changes: all of them when `remember_children`
    (for pages with few children), else the `recent_children` most recently
    asked for.
    """

    remember_children = False
    recent_children = 0

    def child_queryset(self) -> QuerySet | None:
        return None

    def route(self, request, path_components):
        children = self.child_queryset()
        if path_components and children is not None:
            slug = path_components[0]
            if self.remember_children:
                child = self._remembered_children(children).get(slug)
            elif self.recent_children:
                child = remembered_each(
                    f"children:{self.pk}",
                    [slug],
                    lambda missing: {
                        child.slug: child
                        for child in children.child_of(self).filter(slug__in=missing)
                    },
                    limit=self.recent_children,
                ).get(slug)
            else:
                child = children.child_of(self).filter(slug=slug).first()
            if child is not None:
                child._cached_parent_obj = self  # read by get_parent()
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _remembered_children(self, children: QuerySet) -> dict:
        """Every child by slug, read once per content generation (an unknown
        slug falls through to Wagtail's routing, which answers 404)."""
        return remembered(
            f"children:{self.pk}",
            lambda: {child.slug: child for child in children.child_of(self)},
        )

    def ancestor_paths(self) -> list[str]:
        """The paths of this page and its ancestors, known from its own path."""
        steplen = self.steplen
        return [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]

    def serve_preview(self, request, mode_name):
        """The page as the admin previews it (a draft, a revision under review): under
        the policy of pages, not the admin's, which allows inline scripts."""
        response = super().serve_preview(request, mode_name)
        response["Content-Security-Policy"] = EDITOR_PAGE_POLICY
        return response

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """The restrictions on this page and its ancestors, or on the pages they
        are aliases of: Wagtail reads the ancestors first, then the restrictions;
        their paths are known from this page's own, so one query does, and none
        when no page on the way is restricted (`guarded_paths`)."""
        paths = self.ancestor_paths()
        if generation_memo.active() and guarded_paths().isdisjoint(paths):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
