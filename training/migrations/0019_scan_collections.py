"""Scans are evidence: one collection of scanned sign-off sheets per organisation.

Makes the parent collection (restricted to HR) if it is missing and one collection under it for
each organisation (taking over one already made by name), links each organisation to its own,
moves every scan an acknowledgment refers to back into its organisation's collection (wherever it
was moved to), and takes HR's document grants off the root collection: HR adds and chooses scans
under the parent only.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F

from training.register.roles import HR_OFFICER, SCAN_COLLECTION, sync_roles

# Treebeard's materialised path, as wagtailcore.Collection uses it: 4 base-36 digits a level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _step(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


def _add_child(Collection, parent, name):
    """A child of `parent` at the end of its children (treebeard's methods are not available to
    the historical model)."""
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    number = int(last.path[-STEP:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=parent.path + _step(number), depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return child


def make_scan_collections(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Organisation = apps.get_model("training", "Organisation")
    Acknowledgment = apps.get_model("training", "Acknowledgment")
    Document = apps.get_model("wagtaildocs", "Document")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    parent = Collection.objects.filter(depth=2, name=SCAN_COLLECTION).first()
    if parent is None:
        parent = _add_child(Collection, root, SCAN_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=parent).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=parent, restriction_type="groups", password=""
        )
        restriction.groups.set(Group.objects.filter(name=HR_OFFICER))

    # HR's grants move from the root to the parent.
    sync_roles(apps, schema_editor)
    GroupCollectionPermission.objects.filter(
        group__name=HR_OFFICER,
        collection=root,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=["add_document", "choose_document"],
    ).delete()

    for organisation in Organisation.objects.filter(scan_collection__isnull=True):
        parent = Collection.objects.get(pk=parent.pk)
        name = f"{organisation.name_th} ({organisation.slug})"
        collection = Collection.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, name=name
        ).first() or _add_child(Collection, parent, name)
        organisation.scan_collection = collection
        organisation.save(update_fields=["scan_collection"])

    for organisation in Organisation.objects.all():
        scans = Acknowledgment.objects.filter(
            organisation=organisation, paper_scan__isnull=False
        ).values("paper_scan")
        Document.objects.filter(pk__in=scans).exclude(
            collection_id=organisation.scan_collection_id
        ).update(collection_id=organisation.scan_collection_id)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0016_organisation_figures_version"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="scan_collection",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="scan_organisation",
                to="wagtailcore.collection",
                verbose_name="คอลเลกชันใบลงนามที่สแกน",
            ),
        ),
        migrations.RunPython(make_scan_collections, migrations.RunPython.noop),
    ]
