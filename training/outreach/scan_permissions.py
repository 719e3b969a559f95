"""Who may see, replace, move or delete a document, now that scanned sign-off sheets are evidence.

Wagtail's rules (grants on a collection reach everything under it; "add" lets the uploader change
their own documents) stay as they are for ordinary documents. Two things they cannot say are added
here, in the policy that every documents view, the chooser, the bulk actions and the listings ask:

- a scan is seen only by HR of its organisation (and superusers), whatever was granted on the
  collections above it (editors hold their grants on the root);
- nobody, superusers included, changes or deletes a document an acknowledgment refers to: its
  file, title and collection stay as they were when the sign-off was recorded.

Registered for the document model in TrainingConfig.ready().
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from training.acknowledgment.selectors import is_evidence_document
from training.outreach.selectors import (
    collections_visible_to,
    document_visible_to,
    documents_visible_to,
)

# "delete" is Wagtail's "change" on documents; both are refused on evidence.
ALTERING = frozenset({"change", "delete"})


class ScanDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions for documents, less other organisations' scans and any
    change to evidence."""

    def user_has_permission(self, user, action):
        # Adding needs a collection to add to: HR whose organisation has no scan collection yet
        # (it is made with the first paper sign-off) is not offered a form with nowhere to put it.
        if action == "add" and not (user.is_active and user.is_superuser):
            return self.collections_user_has_permission_for(user, "add").exists()
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if actions & ALTERING and is_evidence_document(instance.pk):
            actions -= ALTERING
        if not actions or not document_visible_to(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        # Evidence stays in the listings of those who may see it (opening it to change says why
        # it cannot be): the search backends cannot filter on what refers to a document.
        return documents_visible_to(
            user, super().instances_user_has_any_permission_for(user, actions)
        )

    def collections_user_has_any_permission_for(self, user, actions):
        return collections_visible_to(
            user, super().collections_user_has_any_permission_for(user, actions)
        )
