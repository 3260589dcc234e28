"""Admin set-up: the vocabularies as snippets under one "Taxonomy" menu, term merging,
the briefing listing, tag suggestions in the editor and the bulk import."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .editorial import (
    duplicate_flags,
    guide,
    imports,
    review_notices,
    suggestion_view,
)
from .editorial.briefing_list import BriefingListingViewSet
from .editorial.merge_view import MergeView
from .editorial.term_admin import can_merge, term_url
from .editorial.term_chooser import ChallengeChooserViewSet, ParticipantChooserViewSet
from .editorial.term_delete import TermDeleteView
from .editorial.term_edit import TermEditView
from .editorial.term_panels import term_edit_handler
from .editorial.term_usage import with_briefing_counts
from .models import Challenge, Participant, Source
from .models.revision_terms import MERGE_ACTION


class BriefingCountColumn(Column):
    """ "Used in N briefings", from the count the viewset's queryset annotates."""

    def get_value(self, instance):
        count = instance.briefing_count
        return f"{count} briefing{'' if count == 1 else 's'}"


class TaxonomyViewSet(SnippetViewSet):
    """A vocabulary's admin: listing with usage counts, plus the merge action.

    Search uses each model's own `search_fields` (name, description, aliases):
    naming fields here makes Wagtail's SQLite full-text backend fail.
    """

    mergeable = False

    edit_view_class = TermEditView
    delete_view_class = TermDeleteView
    delete_template_name = "briefings/admin/term_confirm_delete.html"

    def get_edit_handler(self):
        return term_edit_handler(self.model).bind_to_model(self.model)

    def get_queryset(self, request):
        # One query for the whole page of terms, not one count per row.
        return with_briefing_counts(self.model.objects.all())

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns()
        if self.mergeable:
            view = MergeView.as_view(model=self.model)
            urlpatterns.append(path("merge/<int:pk>/", view, name="merge"))
        return urlpatterns

    @property
    def usage_column(self) -> Column:
        return BriefingCountColumn(
            "briefing_count", label="Used in", sort_key="briefing_count"
        )


class ChallengeViewSet(TaxonomyViewSet):
    model = Challenge
    chooser_viewset_class = ChallengeChooserViewSet
    icon = "tag"
    menu_label = "Challenges"
    ordering = ["sort_order", "name"]
    mergeable = True

    @property
    def list_display(self):
        return ["name", "slug", "sort_order", self.usage_column]


class ParticipantViewSet(TaxonomyViewSet):
    model = Participant
    chooser_viewset_class = ParticipantChooserViewSet
    icon = "group"
    menu_label = "Participants"
    list_filter = ["kind"]
    ordering = ["name"]
    mergeable = True

    @property
    def list_display(self):
        return ["name", "kind", "slug", self.usage_column]


class SourceViewSet(TaxonomyViewSet):
    model = Source
    icon = "site"
    menu_label = "Sources"
    ordering = ["name"]

    @property
    def list_display(self):
        return ["name", "slug", "website", self.usage_column]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 200
    items = [ChallengeViewSet, ParticipantViewSet, SourceViewSet]


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_viewset")
def register_briefing_listing():
    return BriefingListingViewSet("briefing_listing", url_prefix="briefing-list")


@hooks.register("register_snippet_listing_buttons")
def merge_button(snippet, user, next_url=None):
    if not isinstance(snippet, (Challenge, Participant)):
        return
    if not can_merge(user, type(snippet)):
        return
    yield Button(
        "Merge into…",
        url=term_url(snippet, "merge"),
        icon_name="resubmit",
        priority=50,
    )


@hooks.register("register_snippet_listing_buttons")
def flag_duplicate_button(snippet, user, next_url=None):
    if not isinstance(snippet, (Challenge, Participant)):
        return
    if not duplicate_flags.can_flag(user, type(snippet)):
        return
    yield Button(
        "Flag as a possible duplicate…",
        url=reverse(
            "briefings_flag_duplicate", args=[snippet._meta.model_name, snippet.pk]
        ),
        icon_name="warning",
        priority=60,
    )


class SuspectedDuplicatesMenuItem(MenuItem):
    def is_shown(self, request):
        return any(can_merge(request.user, model) for model in (Challenge, Participant))


@hooks.register("register_reports_menu_item")
def register_suspected_duplicates_menu_item():
    return SuspectedDuplicatesMenuItem(
        "Suspected duplicates",
        reverse("briefings_suspected_duplicates"),
        icon_name="warning",
        order=900,
    )


@hooks.register("construct_homepage_panels")
def suspected_duplicates_panel(request, panels):
    if any(can_merge(request.user, model) for model in (Challenge, Participant)):
        panels.append(duplicate_flags.SuspectedDuplicatesPanel())


@hooks.register("register_log_actions")
def register_merge_action(actions):
    actions.register_action(
        MERGE_ACTION, "Merge", "Another term was merged into this one"
    )


@hooks.register("register_admin_urls")
def register_briefing_admin_urls():
    return [
        path(
            "briefings/tag-suggestions/",
            suggestion_view.tag_suggestions,
            name="briefings_tag_suggestions",
        ),
        path("briefings/import/", imports.upload, name="briefings_import"),
        path("briefings/guide/", guide.editors_guide, name="briefings_editors_guide"),
        path(
            "briefings/duplicates/",
            duplicate_flags.suspected,
            name="briefings_suspected_duplicates",
        ),
        path(
            "briefings/duplicates/flag/<str:kind>/<int:pk>/",
            duplicate_flags.flag,
            name="briefings_flag_duplicate",
        ),
        path(
            "briefings/duplicates/dismiss/<str:kind>/<int:pk>/",
            duplicate_flags.dismiss,
            name="briefings_dismiss_duplicate",
        ),
        path(
            "briefings/import/<str:token>/",
            imports.confirm,
            name="briefings_import_confirm",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(
        "Import briefings",
        reverse("briefings_import"),
        icon_name="upload",
        order=160,
    )


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(
        "Editors' guide (this site)",
        reverse("briefings_editors_guide"),
        icon_name="help",
        order=900,
    )


@hooks.register("insert_editor_js")
def editor_scripts():
    return format_html(
        '<script src="{}" data-suggestions-url="{}" defer></script>'
        '<script src="{}" defer></script><script src="{}" defer></script>'
        '<script src="{}" defer></script>',
        static("briefings/js/tag-suggestions.js"),
        reverse("briefings_tag_suggestions"),
        static("briefings/js/participant-rows.js"),
        static("briefings/js/length-counters.js"),
        static("briefings/js/chooser-ticks.js"),
    )


hooks.register("before_edit_page", review_notices.before_edit)
hooks.register("construct_page_action_menu", review_notices.review_actions_first)
hooks.register("after_edit_page", review_notices.after_review_action)
