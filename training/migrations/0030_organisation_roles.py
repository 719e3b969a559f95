"""An organisation is a tenant: the global role groups become one group per role and organisation.

For every organisation this makes its collection of documents and images, its groups (with the
role's model permissions, page permissions on its own home page, document and image permissions
on its own collections) and its moderation workflow on its home page (`sync_roles`, which since
0029 works per organisation). Then each member of a global role group joins that role's group of
the organisation their register entry is in (a login with no register entry other than a superuser
loses the role: it could reach no organisation's register, only every organisation's pages). With
a single organisation, the documents and images of the root collection move into its collection
(with several, they stay where they are, seen by superusers, who move them). The global groups are
deleted, with their grants on the whole tree, and the one workflow on the root page is taken off it
and made inactive (each organisation's own takes over; anything still in moderation in it is
approved by a superuser or submitted again).
"""

from django.db import migrations

from training.register.roles import MODEL_PERMISSIONS, sync_roles


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    Document = apps.get_model("wagtaildocs", "Document")
    Image = apps.get_model("wagtailimages", "Image")
    Organisation = apps.get_model("training", "Organisation")
    OrganisationRole = apps.get_model("training", "OrganisationRole")
    Page = apps.get_model("wagtailcore", "Page")
    Person = apps.get_model("training", "Person")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    sync_roles(apps, schema_editor)

    for group in Group.objects.filter(name__in=list(MODEL_PERMISSIONS)):
        for user in group.user_set.all():
            organisation_ids = Person.objects.filter(user=user).values("organisation_id")
            user.groups.add(
                *Group.objects.filter(
                    organisation_role__role=group.name,
                    organisation_role__organisation_id__in=organisation_ids,
                )
            )
    Group.objects.filter(name__in=list(MODEL_PERMISSIONS)).exclude(
        pk__in=OrganisationRole.objects.values("group_id")
    ).delete()

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        taken = WorkflowPage.objects.filter(page=root).exclude(
            workflow__organisation__isnull=False
        )
        Workflow.objects.filter(pk__in=taken.values("workflow_id")).update(active=False)
        taken.delete()

    organisations = list(Organisation.objects.all()[:2])
    root_collection = Collection.objects.filter(depth=1).first()
    if len(organisations) == 1 and root_collection is not None:
        (only,) = organisations
        Document.objects.filter(collection=root_collection).update(collection=only.collection_id)
        Image.objects.filter(collection=root_collection).update(collection=only.collection_id)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0029_organisation_tenancy"),
        ("home", "0004_merge_site_settings_thai_names"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
