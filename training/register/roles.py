"""The roles of the product, as Django groups with their permissions, one group per role in each
organisation (an organisation is a tenant: its roles reach its own pages and collections only).

Data migrations call `sync_roles` whenever a role gains a permission, so that every installation
has the same groups without anyone clicking through the admin; `manage.py add_organisation` makes
a new organisation's groups with `sync_organisation`.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.db.models import F
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

# Page permissions, granted on the organisation's own home page (and so on its pages only).
PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page"],
    APPROVER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Document and image permissions, granted on the organisation's own collection. HR gets none
# there: a scan of a signed sheet is evidence, kept in the organisation's scan collection under
# SCAN_COLLECTION (see SCAN_COLLECTION_PERMISSIONS).
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
# sign-off sheets, restricted to the organisations' HR groups. Each organisation's HR may add and
# choose in its own scan collection, never change or delete; the document permission policy
# (training.outreach.scan_permissions) keeps every scan to its own organisation's HR, and nobody
# may change or delete a scan that an acknowledgment refers to.
SCAN_COLLECTION = "ใบลงนามรับทราบ"
SCAN_COLLECTION_PERMISSIONS = {
    HR_OFFICER: ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
}

# Each organisation's moderation: one workflow on its home page whose one task its approvers do.
WORKFLOW_NAME = "อนุมัติก่อนเผยแพร่"
TASK_NAME = "ผู้อนุมัติเผยแพร่ตรวจและอนุมัติ"

# Treebeard's materialised path, as wagtailcore.Collection uses it: 4 base-36 digits a level.
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STEP = 4


def role_group_name(role: str, slug: str) -> str:
    """The name of an organisation's group for a role, e.g. "Editor · phra-thaen"."""
    return f"{role} · {slug}"[:150]


def sync_roles(apps, schema_editor=None):
    """Create the role groups and grant their permissions; safe to run again.

    Since migration training.0030 every organisation has its own group per role (see
    `sync_organisation`); the migrations before it made one global group per role with its grants
    on the whole tree, which 0030 moves to the organisations and deletes. Permissions of models
    that a later migration creates are skipped here and granted by that migration's own call.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    try:
        apps.get_model("training", "OrganisationRole")
    except LookupError:
        _sync_global_roles(apps)
        return
    Organisation = apps.get_model("training", "Organisation")
    for organisation in Organisation.objects.order_by("pk"):
        sync_organisation(organisation, apps=apps)


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    for name in names:
        app_label, codename = name.split(".")
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if found:
            yield found


def _add_child(Collection, parent, name: str):
    """A child collection at the end of `parent`'s children, with treebeard's methods when the
    model has them and by its materialised path when it is a migration's historical model."""
    if hasattr(parent, "add_child"):
        return parent.add_child(name=name)
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    number = int(last.path[-_STEP:], len(_ALPHABET)) + 1 if last else 1
    digits = ""
    while number:
        number, digit = divmod(number, len(_ALPHABET))
        digits = _ALPHABET[digit] + digits
    child = Collection.objects.create(
        name=name, path=parent.path + digits.rjust(_STEP, "0"), depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return child


def sync_organisation(organisation, *, apps=django_apps) -> int:
    """Make an organisation a tenant: its collection of documents and images, a group per role
    with the role's model permissions, page permissions on its own home page and collection
    permissions on its own collections, and its moderation workflow (its approvers' task) on its
    home page. Safe to run again; returns how many rows it created (0: nothing was missing).

    Plain ORM only, so that migrations run it with their historical models too.
    """
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Organisation = apps.get_model("training", "Organisation")
    OrganisationRole = apps.get_model("training", "OrganisationRole")
    Site = apps.get_model("wagtailcore", "Site")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    created = 0
    organisation = Organisation.objects.get(pk=organisation.pk)
    home_id = Site.objects.filter(pk=organisation.site_id).values_list("root_page_id", flat=True)[0]

    if organisation.collection_id is None:
        root = Collection.objects.filter(depth=1).first()
        name = f"{organisation.name_th} ({organisation.slug})"
        collection = Collection.objects.filter(
            depth=2, name=name, organisation__isnull=True
        ).first() or _add_child(Collection, root, name)
        organisation.collection_id = collection.pk
        Organisation.objects.filter(pk=organisation.pk).update(collection=collection)
        created += 1

    groups = {}
    for role in MODEL_PERMISSIONS:
        link = OrganisationRole.objects.filter(organisation=organisation, role=role).first()
        if link is None:
            group, _made = Group.objects.get_or_create(
                name=role_group_name(role, organisation.slug)
            )
            link = OrganisationRole.objects.create(
                group=group, organisation=organisation, role=role
            )
            created += 1
        group = groups[role] = Group.objects.get(pk=link.group_id)
        missing = [
            permission
            for permission in _permissions(apps, MODEL_PERMISSIONS[role])
            if not group.permissions.filter(pk=permission.pk).exists()
        ]
        group.permissions.add(*missing)
        created += len(missing)
        grants = [
            (GroupPagePermission, {"page_id": home_id}, PAGE_PERMISSIONS.get(role, []), True),
            (
                GroupCollectionPermission,
                {"collection_id": organisation.collection_id},
                COLLECTION_PERMISSIONS.get(role, []),
                False,
            ),
        ]
        if organisation.scan_collection_id:
            grants.append(
                (
                    GroupCollectionPermission,
                    {"collection_id": organisation.scan_collection_id},
                    SCAN_COLLECTION_PERMISSIONS.get(role, []),
                    False,
                )
            )
        for model, where, names, is_page in grants:
            names = [f"wagtailcore.{name}" for name in names] if is_page else names
            for permission in _permissions(apps, names):
                _grant, made = model.objects.get_or_create(
                    group=group, permission=permission, **where
                )
                created += made

    # The scans' parent is restricted to HR groups: this organisation's is one of them.
    parent = Collection.objects.filter(depth=2, name=SCAN_COLLECTION).first()
    restriction = (
        CollectionViewRestriction.objects.filter(collection=parent).first() if parent else None
    )
    if restriction is not None and not restriction.groups.filter(pk=groups[HR_OFFICER].pk).exists():
        restriction.groups.add(groups[HR_OFFICER])
        created += 1

    approvers = groups[APPROVER]
    if organisation.workflow_id is None:
        task_type, _made = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=f"{TASK_NAME} · {organisation.name_th}"[:255],
            content_type=task_type,
            active=True,
        )
        workflow = Workflow.objects.create(
            name=f"{WORKFLOW_NAME} · {organisation.name_th}"[:255], active=True
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        organisation.workflow_id = workflow.pk
        Organisation.objects.filter(pk=organisation.pk).update(workflow=workflow)
        created += 1
    for workflow_task in WorkflowTask.objects.filter(workflow_id=organisation.workflow_id):
        task = GroupApprovalTask.objects.filter(pk=workflow_task.task_id).first()
        if task is not None and not task.groups.filter(pk=approvers.pk).exists():
            task.groups.add(approvers)
            created += 1
    if not WorkflowPage.objects.filter(
        page_id=home_id, workflow_id=organisation.workflow_id
    ).exists():
        WorkflowPage.objects.update_or_create(
            page_id=home_id, defaults={"workflow_id": organisation.workflow_id}
        )
        created += 1
    return created


def role_group(organisation, role: str):
    """The organisation's group for a role; the organisation's groups and grants are made on first
    use (an organisation added before them, or by a test's factory)."""
    Group = django_apps.get_model("auth", "Group")
    group = Group.objects.filter(
        organisation_role__organisation=organisation, organisation_role__role=role
    ).first()
    if group is None:
        sync_organisation(organisation)
        group = Group.objects.get(
            organisation_role__organisation=organisation, organisation_role__role=role
        )
    return group


def roles_grant(user, organisation, *role_names: str) -> None:
    """Give a login these roles in one organisation (and nowhere else)."""
    user.groups.add(*(role_group(organisation, role) for role in role_names))


def _sync_global_roles(apps):
    """The roles as the migrations before training.0030 kept them: one global group per role,
    with page grants on the root page and document and image grants on the root collection."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    scan_parent = Collection.objects.filter(depth=2, name=SCAN_COLLECTION).first()
    for role, names in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, names))
        if root_page:
            for permission in _permissions(
                apps, [f"wagtailcore.{codename}" for codename in PAGE_PERMISSIONS.get(role, [])]
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection:
            for permission in _permissions(apps, COLLECTION_PERMISSIONS.get(role, [])):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        if scan_parent:
            for permission in _permissions(apps, SCAN_COLLECTION_PERMISSIONS.get(role, [])):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=scan_parent, permission=permission
                )
