from django.http import Http404
from django.template.response import TemplateResponse

from .acknowledgments import latest_publication
from .models import DocumentVersion


def document_version(request, *, page, number: int):
    """A version of a document (often an earlier one), rendered from its last publication."""
    version = DocumentVersion.objects.filter(page_id=page.pk, number=number).first()
    if version is None:
        raise Http404
    publication = latest_publication(version.pk)
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
