from django.http import Http404
from django.template.response import TemplateResponse

from .models import DocumentVersion


def document_version(request, *, page, number: int):
    """A version of a document (often an earlier one), rendered from its last publication."""
    version = (
        DocumentVersion.objects.filter(page_id=page.pk, number=number)
        .prefetch_related("publications__revision")
        .first()
    )
    if version is None:
        raise Http404
    publication = max(version.publications.all(), key=lambda p: p.published_at)
    shown = publication.revision.as_object()
    refusal = shown.reader_refusal(request)
    if refusal is not None:
        return refusal
    context = shown.get_context(request)
    context.update(
        page=shown,
        live_page=page,
        shown_version=version,
        shown_publication=publication,
    )
    return TemplateResponse(request, shown.get_template(request), context)
