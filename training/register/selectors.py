"""Reads of the personnel register, scoped to what the asking user may see."""

from collections.abc import Collection

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail.models import Site

from home.sites import site_base_url
from training.register.models import (
    PERSON_INVITE_ACTION,
    Division,
    Organisation,
    OrganisationRole,
    Person,
    RegisterLogEntry,
)


def organisation_for_site(site: Site | None) -> Organisation | None:
    if site is None:
        return None
    return Organisation.objects.filter(site=site).first()


def site_of_organisation(organisation_id: int | None) -> Site | None:
    """The organisation's own site with its root page: one query by the organisation's id."""
    if organisation_id is None:
        return None
    return Site.objects.filter(organisation__id=organisation_id).select_related("root_page").first()


def organisation_base_urls(organisation_ids: Collection[int]) -> dict[int, str]:
    """Each organisation's public address (`home.sites.site_base_url` of its site), the one base
    of every link that leaves in an e-mail, a QR code or a printed slip; WAGTAILADMIN_BASE_URL
    for an organisation without a site. One query for all of them."""
    fallback = (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    found = {
        organisation_id: site_base_url(hostname=hostname, port=port)
        for organisation_id, hostname, port in Site.objects.filter(
            organisation__id__in=set(organisation_ids)
        ).values_list("organisation__id", "hostname", "port")
    }
    return {pk: found.get(pk, fallback) for pk in organisation_ids}


def organisation_base_url(organisation_id: int | None) -> str:
    """One organisation's public address, no trailing slash (see `organisation_base_urls`)."""
    if organisation_id is None:
        return (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    return organisation_base_urls([organisation_id])[organisation_id]


def organisation_for_request(request) -> Organisation | None:
    """The organisation whose site is being served; cached on the request."""
    if not hasattr(request, "_organisation"):
        request._organisation = organisation_for_site(Site.find_for_request(request))
    return request._organisation


def person_for_user(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation", "division").filter(user=user).first()


def divisions_headed_by(person: Person | None) -> list[Division]:
    """The divisions a person heads, by name: none unless they are in post (one query).

    Heading a division is the register's `Division.head`, not a role or an admin login: the
    staff portal shows a head their own divisions' progress and stragglers.
    """
    if person is None or not person.is_active:
        return []
    return list(Division.objects.filter(head=person).order_by("name", "pk"))


def organisations_for_user(user) -> QuerySet[Organisation]:
    """Superusers see every organisation; anyone else the one their register entry is in, and any
    other whose role group they were explicitly given."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(pk__in=Person.objects.filter(user=user).values("organisation_id"))
        | Q(pk__in=OrganisationRole.objects.filter(group__user=user).values("organisation_id"))
    )


def user_has_role(user, role: str, organisation_id: int) -> bool:
    """Whether a login holds a role (training.register.roles) in this organisation."""
    return user.groups.filter(
        organisation_role__role=role, organisation_role__organisation_id=organisation_id
    ).exists()


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


def invitation_address(person: Person) -> str:
    """Where a person's invitation goes: the login's own address once its owner set a password.

    Otherwise anyone who can edit the register could change a colleague's email there and
    receive the link that resets that colleague's password. Before that, the person's
    `mail_address`.
    """
    user = person.user
    if user is not None and user.has_usable_password():
        return user.email
    return person.mail_address


def people_invited(person_ids: Collection[int]) -> set[int]:
    """Those of these people who have a login and an invitation in their history: two queries.

    An invitation is written to the history only once its email has left, so these are the
    people a repeated bulk invitation must not write to again.
    """
    logged = RegisterLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        action=PERSON_INVITE_ACTION,
        object_id__in=[str(pk) for pk in person_ids],
    ).values_list("object_id", flat=True)
    return set(
        Person.objects.filter(pk__in={int(pk) for pk in logged}, user__isnull=False).values_list(
            "pk", flat=True
        )
    )
