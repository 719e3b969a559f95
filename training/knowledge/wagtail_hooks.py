"""Quizzes in the admin, under the acknowledgments menu, and on the briefing page."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from training.acknowledgment.menu import ACKNOWLEDGMENT_MENU_HOOK
from training.briefings.views import BRIEFING_SECTIONS_HOOK
from training.knowledge.admin_views import QuizForm
from training.knowledge.models import Quiz
from training.knowledge.views import briefing_quizzes_section
from training.register.admin_views import (
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
)
from training.register.permissions import OrganisationScopedPermissionPolicy

register_permission_policy(
    Quiz, OrganisationScopedPermissionPolicy(Quiz, organisation_field="organisation")
)


class QuizViewSet(ModelViewSet):
    model = Quiz
    name = "quiz"
    url_prefix = "quizzes"
    icon = "help"
    menu_label = _("แบบทดสอบ")
    add_view_class = generic.CreateView
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    list_display = ["title", "kind", "page", "briefing", "pass_mark", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("pass_mark")]),
            PageChooserPanel("page"),
            FieldPanel("briefing"),
            FieldPanel("required_before_acknowledging"),
            FieldPanel("is_open"),
            InlinePanel(
                "questions",
                heading=_("คำถาม"),
                label=_("คำถาม"),
                min_num=1,
                panels=[
                    FieldPanel("text"),
                    FieldPanel("explanation"),
                    InlinePanel(
                        "choices",
                        heading=_("ตัวเลือก"),
                        label=_("ตัวเลือก"),
                        min_num=2,
                        panels=[FieldPanel("text"), FieldPanel("is_correct")],
                    ),
                ],
            ),
        ],
        base_form_class=QuizForm,
    )


quiz_viewset = QuizViewSet()


@hooks.register("register_admin_viewset")
def register_quizzes():
    return quiz_viewset


@hooks.register(ACKNOWLEDGMENT_MENU_HOOK)
def register_quiz_menu_item():
    return quiz_viewset.get_menu_item(order=650)


@hooks.register(BRIEFING_SECTIONS_HOOK)
def briefing_quizzes(request, briefing, person, attendance):
    return briefing_quizzes_section(request, briefing, person, attendance)
