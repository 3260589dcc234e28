"""The Taxonomy admin's edit form layout: each model's `panels`, with the slug
filled from the name as the editor types (on creation only: a term's slug is in
its public address) and the near-duplicate confirmation where it is needed."""

from wagtail.admin.panels import FieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput

from .term_form import CONFIRM_FIELD, TermForm


class NamePanel(TitleFieldPanel):
    """The name, copied into an empty slug while a new term is typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("classname", "")
        kwargs.setdefault("placeholder", False)
        super().__init__(*args, **kwargs)

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return not (self.instance and self.instance.pk)


class ConfirmPanel(FieldPanel):
    """The "this is not X" tick, shown once the form has found an X."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return getattr(self.form, "duplicate_of", None) is not None


def term_edit_handler(model) -> ObjectList:
    """`model.panels` with the name, slug and confirmation panels above."""
    panels = []
    for panel in model.panels:
        name = getattr(panel, "field_name", None)
        if name == "name":
            panels += [NamePanel("name"), ConfirmPanel(CONFIRM_FIELD)]
        elif name == "slug":
            panels.append(FieldPanel("slug", widget=SlugInput))
        else:
            panels.append(panel)
    return ObjectList(panels, base_form_class=TermForm)
