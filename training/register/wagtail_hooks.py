"""The personnel register's admin (ทะเบียนบุคลากร): people, divisions, organisations, invitations.

Everything here is limited to the organisation(s) of the user: a superuser sees every
organisation, anyone else only the one their own register entry belongs to.
"""

from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry, register_permission_policy

from training.register import admin_views, import_views
from training.register.models import (
    PERSON_INVITE_ACTION,
    REGISTER_IMPORT_ACTION,
    Division,
    Organisation,
    Person,
    RegisterLogEntry,
)
from training.register.permissions import (
    OrganisationScopedPermissionPolicy,
    organisation_ids_for_user,
)

# Wagtail requires custom policies to be registered before any view asks for one.
register_permission_policy(
    Organisation, OrganisationScopedPermissionPolicy(Organisation, organisation_field="pk")
)
register_permission_policy(
    Division, OrganisationScopedPermissionPolicy(Division, organisation_field="organisation")
)
register_permission_policy(
    Person, OrganisationScopedPermissionPolicy(Person, organisation_field="organisation")
)

# Other features add entries to the register's menu with @hooks.register(REGISTER_MENU_HOOK),
# returning a wagtail.admin.menu.MenuItem.
REGISTER_MENU_HOOK = "register_personnel_register_menu_item"


class PersonChooserViewSet(ChooserViewSet):
    """The modal that picks a person for a foreign key, from the user's organisations only."""

    model = Person
    icon = "user"
    choose_one_text = _("เลือกบุคลากร")
    choose_another_text = _("เลือกบุคลากรคนอื่น")
    edit_item_text = _("แก้ไขข้อมูลบุคลากร")
    choose_view_class = admin_views.PersonChooseView
    choose_results_view_class = admin_views.PersonChooseResultsView
    chosen_view_class = admin_views.PersonChosenView
    chosen_multiple_view_class = admin_views.PersonChosenMultipleView
    create_view_class = admin_views.PersonChooserCreateView


person_chooser_viewset = PersonChooserViewSet("person_chooser", url_prefix="register/choose-person")


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    name = "organisation"
    url_prefix = "register/organisations"
    icon = "site"
    menu_label = _("หน่วยงาน")
    index_view_class = admin_views.ScopedIndexView
    edit_view_class = admin_views.ScopedEditView
    delete_view_class = admin_views.ScopedDeleteView
    history_view_class = admin_views.ScopedHistoryView
    usage_view_class = admin_views.ScopedUsageView
    copy_view_enabled = False
    list_display = ["name_th", "organisation_type", "province", "district"]
    search_fields = ["name_th", "name_en", "province", "district"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name_th"),
                    FieldPanel("name_en"),
                    FieldPanel("organisation_type"),
                    FieldRowPanel([FieldPanel("province"), FieldPanel("district")]),
                ],
                heading=_("ข้อมูลหน่วยงาน"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("complaint_channels"),
                    FieldPanel("auditor_email"),
                ],
                heading=_("การติดต่อและช่องทางร้องเรียน"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("site", permission="superuser"),
                    FieldPanel("slug", permission="superuser"),
                ],
                heading=_("การตั้งค่าระบบ"),
                permission="superuser",
            ),
        ]
    )


class DivisionViewSet(ModelViewSet):
    model = Division
    name = "division"
    url_prefix = "register/divisions"
    icon = "folder-inverse"
    menu_label = _("ส่วนราชการ")
    index_view_class = admin_views.DivisionIndexView
    edit_view_class = admin_views.ScopedEditView
    delete_view_class = admin_views.ScopedDeleteView
    history_view_class = admin_views.ScopedHistoryView
    usage_view_class = admin_views.ScopedUsageView
    copy_view_enabled = False
    list_display = [
        "name",
        "head",
        Column("active_people", label=_("บุคลากรที่ปฏิบัติงานอยู่"), sort_key="active_people"),
    ]
    search_fields = ["name", "name_en"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("name_en"),
            FieldPanel("head", widget=person_chooser_viewset.widget_class),
        ],
        base_form_class=admin_views.DivisionForm,
    )


class PersonViewSet(ModelViewSet):
    model = Person
    name = "person"
    url_prefix = "register/people"
    icon = "user"
    menu_label = _("บุคลากร")
    index_view_class = admin_views.PersonIndexView
    add_view_class = admin_views.PersonCreateView
    edit_view_class = admin_views.PersonEditView
    delete_view_class = admin_views.ScopedDeleteView
    history_view_class = admin_views.ScopedHistoryView
    usage_view_class = admin_views.ScopedUsageView
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["employee_number"]
    list_display = admin_views.person_list_display()
    filterset_class = admin_views.PersonFilterSet
    search_fields = admin_views.PERSON_SEARCH_FIELDS
    # ORM search (icontains) rather than a search backend: Thai has no spaces between words.
    search_backend_name = None
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("employee_number"),
                    FieldRowPanel(
                        [FieldPanel("title"), FieldPanel("first_name"), FieldPanel("last_name")]
                    ),
                ],
                heading=_("ข้อมูลบุคคล"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("organisation"),
                    FieldPanel("position"),
                    FieldRowPanel([FieldPanel("personnel_group"), FieldPanel("staff_type")]),
                    FieldPanel("division"),
                ],
                heading=_("ตำแหน่งและสังกัด"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])],
                heading=_("การติดต่อ"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")])],
                heading=_("ระยะเวลาปฏิบัติงาน"),
            ),
            # Logins are made by the invitation, never picked from every user of the installation.
            admin_views.LoginPanel("user", read_only=True, heading=_("บัญชีผู้ใช้")),
        ],
        base_form_class=admin_views.PersonForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            invite_url_name=self.get_url_name("invite"),
            bulk_invite_url_name=self.get_url_name("invite_many"),
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(invite_url_name=self.get_url_name("invite"), **kwargs)

    def get_urlpatterns(self):
        invite_view = admin_views.PersonInviteView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
        )
        bulk_invite_view = admin_views.PersonBulkInviteView.as_view(
            index_url_name=self.get_url_name("index")
        )
        return super().get_urlpatterns() + [
            path("invite/<int:pk>/", invite_view, name="invite"),
            path("invite/", bulk_invite_view, name="invite_many"),
        ]


class PersonnelRegisterViewSetGroup(ModelViewSetGroup):
    menu_label = _("ทะเบียนบุคลากร")
    menu_icon = "group"
    menu_order = 300
    items = (PersonViewSet, DivisionViewSet, OrganisationViewSet)
    submenu_hook = REGISTER_MENU_HOOK


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


@hooks.register("register_admin_viewset")
def register_personnel_register():
    return PersonnelRegisterViewSetGroup()


class RegisterFilesMenuItem(MenuItem):
    """Shown only to users who may import: exporting alone is offered on the same page."""

    def is_shown(self, request):
        return import_views.user_can_import(request.user)


class RegisterFilesViewSet(ViewSet):
    """Import and export of the register as a spreadsheet (/admin/register/import/ and export/)."""

    name = "training_register"
    url_prefix = "register"
    icon = "upload"
    menu_label = _("นำเข้า/ส่งออกทะเบียนบุคลากร")
    menu_name = "register-import"
    menu_order = 900
    # In the register's submenu (REGISTER_MENU_HOOK below), not the main menu.
    add_to_admin_menu = False
    menu_item_class = RegisterFilesMenuItem

    def get_urlpatterns(self):
        return [
            path("import/", import_views.RegisterImportView.as_view(), name="import"),
            path(
                "import/<str:token>/",
                import_views.RegisterImportPreviewView.as_view(),
                name="import_preview",
            ),
            path(
                "export/<str:file_format>/",
                import_views.RegisterExportView.as_view(),
                name="export",
            ),
        ]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("import"))


register_files_viewset = RegisterFilesViewSet()


@hooks.register("register_admin_viewset")
def register_register_files():
    return register_files_viewset


@hooks.register(REGISTER_MENU_HOOK)
def register_register_files_menu_item():
    return register_files_viewset.get_menu_item()


class PersonInviteLogFormatter(LogFormatter):
    label = _("ส่งคำเชิญเข้าใช้ระบบ")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("new_login"):
            message = _("สร้างบัญชี %(username)s และส่งคำเชิญไปที่ %(email)s")
        else:
            message = _("ส่งลิงก์ตั้งรหัสผ่านของบัญชี %(username)s ไปที่ %(email)s อีกครั้ง")
        return message % {"username": data.get("username", ""), "email": data.get("email", "")}


class RegisterImportLogFormatter(LogFormatter):
    """An import rewrites the figures' denominators; its history line says by how much."""

    label = _("นำเข้าทะเบียนบุคลากร")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "นำเข้าทะเบียนบุคลากรจากไฟล์ %(file)s: ใหม่ %(new)s คน ปรับปรุง %(updated)s คน "
            "ไม่เปลี่ยนแปลง %(unchanged)s คน พ้นจากตำแหน่ง %(left)s คน"
        ) % {key: data.get(key, "") for key in ("file", "new", "updated", "unchanged", "left")}


@hooks.register("register_log_actions")
def register_register_log_actions(actions):
    actions.register_action(PERSON_INVITE_ACTION)(PersonInviteLogFormatter)
    actions.register_action(REGISTER_IMPORT_ACTION)(RegisterImportLogFormatter)
    # The register's history is kept per organisation (see RegisterLogEntry).
    for model in (Organisation, Division, Person):
        actions.register_model(model, RegisterLogEntry)


class OrganisationImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: those the user may choose or change, as the chooser and the
    listing show them. Wagtail's own endpoint lists every image of the installation, so every
    organisation's."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        reachable = policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return super().get_queryset().filter(pk__in=reachable.values("pk"))


# After Wagtail's own registration (order 1), which this replaces.
@hooks.register("construct_admin_api", order=1)
def register_organisation_images_api(router):
    router.register_endpoint("images", OrganisationImagesAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def organisation_pages_only(pages, request):
    """The page chooser (links in rich text, page fields) offers a user their own organisations'
    pages, and the tree's root to start from; another organisation's pages, drafts included, are
    neither browsed nor found. A superuser chooses from every organisation."""
    user = request.user
    if user.is_superuser:
        return pages
    homes = Organisation.objects.filter(pk__in=organisation_ids_for_user(user)).values_list(
        "site__root_page__path", flat=True
    )
    within = Q(depth=1)
    for home_path in homes:
        within |= Q(path__startswith=home_path)
    return pages.filter(within)
