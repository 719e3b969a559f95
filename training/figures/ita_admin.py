"""The ITA evidence catalogue in the admin (หลักฐานการประเมิน ITA): a snippet each user edits for
their own organisation only, like the register."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from training.figures.models import ItaEvidenceItem
from training.register.admin_views import OrganisationScopedForm
from training.register.permissions import OrganisationScopedPermissionPolicy

register_permission_policy(
    ItaEvidenceItem,
    OrganisationScopedPermissionPolicy(ItaEvidenceItem, organisation_field="organisation"),
)


def _scope(view, queryset):
    return policy_registry.get_by_type(ItaEvidenceItem).scope(view.request.user, queryset)


class ItaIndexView(snippets.IndexView):
    def get_base_queryset(self):
        return _scope(self, super().get_base_queryset())


class ItaEditView(snippets.EditView):
    def get_queryset(self):
        return _scope(self, super().get_queryset())


class ItaDeleteView(snippets.DeleteView):
    def get_queryset(self):
        return _scope(self, super().get_queryset())


class ItaHistoryView(snippets.HistoryView):
    def get_base_object_queryset(self):
        return _scope(self, super().get_base_object_queryset())


class ItaUsageView(snippets.UsageView):
    def get_base_object_queryset(self):
        return _scope(self, super().get_base_object_queryset())


class ItaEvidenceViewSet(snippets.SnippetViewSet):
    model = ItaEvidenceItem
    icon = "clipboard-list"
    menu_label = _("หลักฐานการประเมิน ITA")
    menu_order = 400
    add_to_admin_menu = True
    url_prefix = "ita-evidence"
    index_view_class = ItaIndexView
    edit_view_class = ItaEditView
    delete_view_class = ItaDeleteView
    history_view_class = ItaHistoryView
    usage_view_class = ItaUsageView
    copy_view_enabled = False
    list_display = ["fiscal_year", "code", "title"]
    list_filter = ["fiscal_year"]
    search_fields = ["code", "title"]
    search_backend_name = None
    ordering = ["-fiscal_year", "sort_order", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldRowPanel(
                [FieldPanel("fiscal_year"), FieldPanel("code"), FieldPanel("sort_order")]
            ),
            FieldPanel("title"),
            FieldPanel("evidence"),
            MultiFieldPanel(
                [FieldPanel("page"), FieldPanel("document"), FieldPanel("url")],
                heading=_("หลักฐานอยู่ที่ใด (เลือกอย่างใดอย่างหนึ่ง)"),
            ),
        ],
        base_form_class=OrganisationScopedForm,
    )


register_snippet(ItaEvidenceViewSet)
