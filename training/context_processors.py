from .selectors import organisation_for_request


def organisation(request):
    """The organisation of the site being served, for the header and footer of every page."""
    return {"organisation": organisation_for_request(request)}
