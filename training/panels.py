from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def acknowledgment_panels():
    """The editor's panels for who must acknowledge a document, by when, and what a change is."""
    return [
        MultiFieldPanel(
            [
                FieldPanel("requires_acknowledgment"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_divisions"),
                FieldPanel("acknowledgment_days"),
                FieldPanel("change_kind"),
            ],
            heading=_("การรับทราบและฉบับของเอกสาร"),
        )
    ]
