"""Wagtail's own document and user views, told that scans are evidence.

The permission policy (scan_permissions) already refuses; these say why, in words, where Wagtail
would otherwise answer a refusal with its general "no permission" (or, deleting a user that an
acknowledgment names, with the database's refusal as a server error). Registered in
wagtail_hooks.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import documents
from wagtail.permissions import policy_registry
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction as UserDeleteBulkAction
from wagtail.wagtail_hooks import require_wagtail_login

from home.bilingual import bilingual
from training.acknowledgment.models import SCAN_CANNOT_CHANGE
from training.acknowledgment.selectors import is_evidence_document, is_evidence_user
from training.outreach.selectors import document_visible_to, documents_visible_to

SCAN_NOT_YOURS = _("ใบลงนามที่สแกนนี้เปิดได้เฉพาะเจ้าหน้าที่งานบุคคลของหน่วยงานเจ้าของ")
USER_IN_EVIDENCE = _("ลบบัญชีผู้ใช้ %(user)s ไม่ได้ เพราะหลักฐานการรับทราบอ้างถึงบัญชีนี้ ให้ปิดการใช้งานบัญชีแทน")


class EvidenceDocumentMixin:
    """Opening the edit or delete view of a scan an acknowledgment refers to says it is evidence,
    to those who may see the scan; to anyone else it stays Wagtail's refusal."""

    def dispatch(self, request, *args, **kwargs):
        document = get_object_or_404(get_document_model(), pk=kwargs[self.pk_url_kwarg])
        if is_evidence_document(document.pk) and document_visible_to(request.user, document):
            messages.error(request, bilingual(SCAN_CANNOT_CHANGE))
            return redirect("wagtaildocs:index")
        return super().dispatch(request, *args, **kwargs)


class DocumentEditView(EvidenceDocumentMixin, documents.EditView):
    pass


class DocumentDeleteView(EvidenceDocumentMixin, documents.DeleteView):
    pass


class DocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: those the user may choose or change, as the chooser and the
    listing show them (Wagtail's own endpoint asks only the collections' view restrictions, so it
    listed every organisation's documents), less the scans the user may not see."""

    def get_queryset(self):
        user = self.request.user
        policy = policy_registry.get_by_type(get_document_model())
        reachable = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
        return documents_visible_to(
            user, super().get_queryset().filter(pk__in=reachable.values("pk"))
        )


def refuse_serving_hidden_scan(document, request):
    """`before_serve_document`: a scan's file goes to its organisation's HR only."""
    if document_visible_to(request.user, document):
        return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    # The site's 403 page (site/templates/403.html), saying why in Thai and English.
    raise PermissionDenied(bilingual(SCAN_NOT_YOURS))


def keep_users_evidence_names(request, user):
    """`before_delete_user`: a login that evidence names is deactivated, never deleted."""
    if is_evidence_user(user.pk):
        messages.error(request, bilingual(USER_IN_EVIDENCE, user=user.get_username()))
        return redirect("wagtailusers_users:edit", user.pk)
    return None


class EvidenceUserDeleteBulkAction(UserDeleteBulkAction):
    """Deleting users in bulk leaves out (as not permitted) those that evidence names."""

    def check_perm(self, obj):
        return super().check_perm(obj) and not is_evidence_user(obj.pk)
