from django.utils.functional import SimpleLazyObject

from .selectors import organisation_for_request, outstanding_count_for_user


def organisation(request):
    """The organisation of the site being served, for the header and footer of every page, and
    the visitor's count of documents to acknowledge (counted only if a template shows it)."""
    return {
        "organisation": organisation_for_request(request),
        "outstanding_count": SimpleLazyObject(lambda: outstanding_count_for_user(request.user)),
    }
