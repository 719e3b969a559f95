"""Which organisation and fiscal year a figures page shows, read from its query string.

The dashboard and the "people behind a figure" listing read them the same way, so that a number
on one links to exactly its people on the other: `?organisation=<pk>` (only superusers, who work
on every organisation, need it) and `?year=<B.E. fiscal year>` (the current one by default).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from home.thai_dates import FiscalYear
from training.register.models import Organisation
from training.register.selectors import organisation_for_request, organisations_for_user

ORGANISATION_PARAMETER = "organisation"
YEAR_PARAMETER = "year"


def organisation_choices(user) -> QuerySet[Organisation]:
    return organisations_for_user(user).order_by("name_th", "pk")


def chosen_organisation(request) -> Organisation | None:
    """The organisation asked for, if the user works on it (another one is a 404); otherwise the
    one whose site is being served, if the user works on it; otherwise the user's first."""
    organisations = organisation_choices(request.user)
    asked = request.GET.get(ORGANISATION_PARAMETER)
    if asked:
        try:
            found = organisations.filter(pk=int(asked)).first()
        except ValueError as error:
            raise Http404 from error
        if found is None:
            raise Http404
        return found
    if request.user.is_superuser:
        served = organisation_for_request(request)
        if served is not None:
            return served
    return organisations.first()


def current_fiscal_year() -> FiscalYear:
    return FiscalYear.of(timezone.localdate())


def chosen_fiscal_year(request) -> FiscalYear:
    """The fiscal year asked for, or the current one; a year that is no B.E. year is a 404."""
    asked = request.GET.get(YEAR_PARAMETER)
    if not asked:
        return current_fiscal_year()
    try:
        year = FiscalYear(int(asked))
        year.datetime_range()  # a year past 9999 A.D. has no dates
    except (TypeError, ValueError, OverflowError) as error:
        raise Http404 from error
    return year


def scope_query(organisation: Organisation, fiscal_year: FiscalYear, *, user) -> dict[str, str]:
    """The query-string parameters that name this organisation and year for this user."""
    query = {YEAR_PARAMETER: str(fiscal_year.be_year)}
    if user.is_superuser:
        query[ORGANISATION_PARAMETER] = str(organisation.pk)
    return query
