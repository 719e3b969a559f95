from django.utils.functional import SimpleLazyObject

from training.acknowledgment.selectors import outstanding_count_for_user
from training.register.selectors import organisation_for_request


def organisation(request):
    """The organisation of the site being served, for the header and footer of every page, and
    the visitor's count of documents to acknowledge (counted only if a template shows it)."""
    return {
        "organisation": organisation_for_request(request),
        "outstanding_count": SimpleLazyObject(lambda: outstanding_count_for_user(request.user)),
    }
