"""Reads of the personnel register, scoped to what the asking user may see."""

from django.db.models import QuerySet
from wagtail.models import Site

from training.register.models import Division, Organisation, Person


def organisation_for_site(site: Site | None) -> Organisation | None:
    if site is None:
        return None
    return Organisation.objects.filter(site=site).first()


def organisation_for_request(request) -> Organisation | None:
    """The organisation whose site is being served; cached on the request."""
    if not hasattr(request, "_organisation"):
        request._organisation = organisation_for_site(Site.find_for_request(request))
    return request._organisation


def person_for_user(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation", "division").filter(user=user).first()


def organisations_for_user(user) -> QuerySet[Organisation]:
    """Superusers see every organisation; anyone else only the one their register entry is in."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(people__user=user)


def people_for_user(user) -> QuerySet[Person]:
    return Person.objects.filter(organisation__in=organisations_for_user(user))


def divisions_for_user(user) -> QuerySet[Division]:
    return Division.objects.filter(organisation__in=organisations_for_user(user))


def is_staff_of_site(request) -> bool:
    """Whether the visitor is a logged-in member of the organisation whose site is being served."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(request, "_is_staff_of_site"):
        organisation = organisation_for_request(request)
        request._is_staff_of_site = bool(
            organisation and Person.objects.filter(user=user, organisation=organisation).exists()
        )
    return request._is_staff_of_site
