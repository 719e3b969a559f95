"""The roles of the product, as Django groups with their permissions.

Data migrations call `sync_roles` whenever a role gains a permission, so that every installation
has the same groups without anyone clicking through the admin.
"""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

EMPLOYEE = "Employee"
DIVISION_HEAD = "Division head"
HR_OFFICER = "HR officer"
EDITOR = "Editor"
APPROVER = "Approver"

ROLE_LABELS = {
    EMPLOYEE: _("พนักงาน"),
    DIVISION_HEAD: _("หัวหน้าส่วนราชการ"),
    HR_OFFICER: _("เจ้าหน้าที่งานบุคคล"),
    EDITOR: _("ผู้จัดทำเนื้อหา"),
    APPROVER: _("ผู้อนุมัติเผยแพร่"),
}

# "app_label.codename" model permissions per role.
MODEL_PERMISSIONS = {
    EMPLOYEE: [],
    DIVISION_HEAD: [],
    HR_OFFICER: [
        "wagtailadmin.access_admin",
        "training.view_organisation",
        "training.change_organisation",
        "training.view_division",
        "training.add_division",
        "training.change_division",
        "training.view_person",
        "training.add_person",
        "training.change_person",
        # Paper sign-offs and signed links, recorded on behalf of people without a login.
        "training.add_acknowledgment",
        # The reminder log: who was reminded when, and which emails failed.
        "training.view_reminderlog",
        # Acknowledgment progress per document version, its report and the evidence rows.
        "training.view_documentversion",
        "training.view_acknowledgment",
        # The ITA evidence catalogue (which page answers which item of the year's assessment).
        "training.view_itaevidenceitem",
        "training.add_itaevidenceitem",
        "training.change_itaevidenceitem",
        # The integrity and transparency measures report, measure 6 filled from the figures.
        # Nothing of the tracker is deleted by HR: a wrong row or report is corrected instead.
        "training.view_measuresreport",
        "training.add_measuresreport",
        "training.change_measuresreport",
        # Briefings: scheduled in the admin or the portal; attendance is taken in the portal.
        "training.view_briefing",
        "training.add_briefing",
        "training.change_briefing",
        # Knowledge checks: written in the admin, with their questions and choices.
        "training.view_quiz",
        "training.add_quiz",
        "training.change_quiz",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    EDITOR: [
        "wagtailadmin.access_admin",
        "training.view_briefing",
        "training.add_briefing",
        "training.change_briefing",
        "training.view_quiz",
        "training.add_quiz",
        "training.change_quiz",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
    APPROVER: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
}

# Page permissions granted on the whole tree (the root page).
PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page"],
    APPROVER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Document and image permissions granted on the root collection. HR gets none there: a scan of a
# signed sheet is evidence, kept under SCAN_COLLECTION (see SCAN_COLLECTION_PERMISSIONS).
COLLECTION_PERMISSIONS = {
    EDITOR: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
}
COLLECTION_PERMISSIONS[APPROVER] = COLLECTION_PERMISSIONS[EDITOR]

# The collection (a child of the root) that holds one collection per organisation of scanned
# sign-off sheets. Wagtail's grants reach down the tree, so editors' grants on the root reach it
# too: the document permission policy (training.outreach.scan_permissions) takes scans out of
# every grant but its own organisation's HR's, and nobody may change or delete a scan that an
# acknowledgment refers to. HR may add and choose there, never change or delete.
SCAN_COLLECTION = "ใบลงนามรับทราบ"
SCAN_COLLECTION_PERMISSIONS = {
    HR_OFFICER: ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and grant their permissions; safe to run again.

    Permissions of models that a later migration creates are skipped here and granted by that
    migration's own call.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permissions(names):
        for name in names:
            app_label, codename = name.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found:
                yield found

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    scan_parent = Collection.objects.filter(depth=2, name=SCAN_COLLECTION).first()
    for role, names in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions(names))
        if root_page:
            for codename in PAGE_PERMISSIONS.get(role, []):
                for permission in permissions([f"wagtailcore.{codename}"]):
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
        if root_collection:
            for permission in permissions(COLLECTION_PERMISSIONS.get(role, [])):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        if scan_parent:
            for permission in permissions(SCAN_COLLECTION_PERMISSIONS.get(role, [])):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=scan_parent, permission=permission
                )
