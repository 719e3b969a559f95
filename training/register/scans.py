"""Where scanned sheets are kept: one Wagtail collection per organisation under a restricted parent.

Paper sign-offs (outreach) and briefing sign-in sheets (briefings) both store their scans here, so
the collections belong to the register, below both of them.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.models import Collection, CollectionViewRestriction

from training.register import roles
from training.register.models import Organisation


def scan_parent() -> Collection | None:
    """The collection under the root that holds every organisation's collection of scans."""
    return Collection.objects.filter(depth=2, name=roles.SCAN_COLLECTION).first()


def scan_collection_ids() -> QuerySet:
    """Every collection that holds scans: the parent's subtree and each organisation's own (linked
    from the organisation, so it stays one wherever a superuser moves or renames it)."""
    where = Q(scan_organisation__isnull=False)
    parent = scan_parent()
    if parent is not None:
        where |= Q(path__startswith=parent.path)
    return Collection.objects.filter(where).values("pk")


def _scan_parent() -> Collection:
    """The collection under the root that holds each organisation's scans (made if missing, with
    its restriction to the organisations' HR groups, as migration 0019 makes it)."""
    parent = scan_parent()
    if parent is not None:
        return parent
    parent = Collection.get_first_root_node().add_child(name=roles.SCAN_COLLECTION)
    restriction = CollectionViewRestriction.objects.create(
        collection=parent, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(organisation_role__role=roles.HR_OFFICER))
    return parent


@transaction.atomic
def scan_collection(organisation: Organisation) -> Collection:
    """The organisation's collection of scanned sheets, made the first time it is needed.

    Only the organisation's HR (and superusers) see what is in it: the sheets carry people's
    signatures (see training.outreach.scan_permissions).
    """
    collection = Collection.objects.filter(scan_organisation=organisation.pk).first()
    if collection is not None:
        return collection
    # Two HR officers recording the organisation's first sheets at once make one collection.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.scan_collection_id is not None:
        return organisation.scan_collection
    collection = _scan_parent().add_child(name=f"{organisation.name_th} ({organisation.slug})")
    organisation.scan_collection = collection
    organisation.save(update_fields=["scan_collection"])
    # The organisation's HR adds and chooses scans there (and its group passes the restriction).
    roles.sync_organisation(organisation)
    return collection
