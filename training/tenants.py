"""Adding an organisation (a tenant) to the installation, end to end: `manage.py add_organisation`.

One service, `organisation_add`, used by the command and by the demo: the Wagtail site on its own
host name with its home page, the sections other apps start every site with (each app's
`<app>/sections.py` with `ensure(*, home) -> int`, found as the demo finds `<app>/demo.py`), the
organisation's row, its role groups, collections and moderation workflow
(`roles.sync_organisation`), and a first HR login invited to set a password. Running it again for
the same organisation and host changes nothing.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from home.bilingual import bilingual
from home.models import HomePage
from training.register import roles
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Organisation,
    OrganisationType,
    Person,
    StaffType,
)
from training.register.scans import scan_collection
from training.register.services import person_invite

FIRST_HR_EMPLOYEE_NUMBER = "HR-1"


@dataclass(frozen=True)
class FirstHR:
    """The organisation's first HR officer, invited to set a password."""

    email: str
    first_name: str
    last_name: str
    position: str = "นักทรัพยากรบุคคล"


@dataclass
class OrganisationAdded:
    """What `organisation_add` did: the organisation and how many rows of each kind it made."""

    organisation: Organisation
    site: Site
    created: dict[str, int] = field(default_factory=dict)
    hr_invited: str = ""

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or bool(self.hr_invited)


def default_port() -> int:
    """The port a new organisation's site listens on unless told: the default site's (a
    development server keeps every site on its own port, 8000), else 80."""
    default = Site.objects.filter(is_default_site=True).only("port").first()
    return default.port if default is not None else 80


def normal_hostname(hostname: str) -> str:
    """Host names are case-insensitive (NONG-BUA.localhost is nong-bua.localhost): kept in lower
    case, so that one cannot be given to two organisations."""
    return hostname.strip().lower()


def organisation_add_refusals(
    *,
    slug: str,
    name_th: str,
    organisation_type: str,
    province: str,
    district: str,
    hostname: str,
    port: int,
    first_hr: FirstHR | None,
) -> list[str]:
    """Why these details cannot make (or confirm) an organisation; empty if they can."""
    hostname = normal_hostname(hostname)
    refusals = []
    for value, message in [
        (name_th, _("ต้องระบุชื่อหน่วยงาน (--name)")),
        (slug, _("ต้องระบุรหัสย่อของหน่วยงาน (--slug)")),
        (province, _("ต้องระบุจังหวัด (--province)")),
        (district, _("ต้องระบุอำเภอ (--district)")),
        (hostname, _("ต้องระบุชื่อโฮสต์ของเว็บไซต์ (--hostname)")),
    ]:
        if not value.strip():
            refusals.append(bilingual(message))
    if slug.strip():
        try:
            validate_slug(slug)
        except ValidationError:
            refusals.append(
                bilingual(
                    _("รหัสย่อ '%(slug)s' ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข - และ _"),
                    slug=slug,
                )
            )
    if organisation_type not in OrganisationType.values:
        refusals.append(
            bilingual(
                _("ไม่รู้จักประเภทหน่วยงาน '%(type)s' (ใช้ได้: %(types)s)"),
                type=organisation_type,
                types=", ".join(OrganisationType.values),
            )
        )
    if first_hr is not None:
        try:
            validate_email(first_hr.email)
        except ValidationError:
            refusals.append(
                bilingual(_("อีเมลของเจ้าหน้าที่งานบุคคล '%(email)s' ไม่ถูกต้อง"), email=first_hr.email)
            )
        if not (first_hr.first_name.strip() and first_hr.last_name.strip()):
            refusals.append(bilingual(_("ต้องระบุชื่อและนามสกุลของเจ้าหน้าที่งานบุคคลคนแรก")))
    if refusals or not hostname.strip():
        return refusals

    existing = Organisation.objects.select_related("site").filter(slug=slug).first()
    site = (
        Site.objects.filter(hostname__iexact=hostname, port=port)
        .select_related("organisation")
        .first()
    )
    if existing is not None and (normal_hostname(existing.site.hostname), existing.site.port) != (
        hostname,
        port,
    ):
        refusals.append(
            bilingual(
                _("หน่วยงานรหัสย่อ '%(slug)s' มีอยู่แล้วที่ %(host)s"),
                slug=slug,
                host=f"{existing.site.hostname}:{existing.site.port}",
            )
        )
    elif site is not None and (existing is None or site.pk != existing.site_id):
        owner = getattr(site, "organisation", None)
        refusals.append(
            bilingual(
                _("ชื่อโฮสต์ %(host)s ถูกใช้แล้วโดย %(owner)s"),
                host=f"{hostname}:{port}",
                owner=owner.name_th if owner else site.site_name or site.hostname,
            )
        )
    return refusals


def organisation_add(
    *,
    slug: str,
    name_th: str,
    organisation_type: str,
    province: str,
    district: str,
    hostname: str,
    port: int = 80,
    name_en: str = "",
    is_default_site: bool = False,
    first_hr: FirstHR | None = None,
) -> OrganisationAdded:
    """Make the organisation a tenant on its own site, or confirm that it is one.

    Raises ValidationError (changing nothing) for missing or wrong details, a host name another
    site already has, or a slug already on another host. An existing organisation's details are
    not changed (HR edits them in the admin); only what is missing is made.
    """
    hostname = normal_hostname(hostname)
    refusals = organisation_add_refusals(
        slug=slug,
        name_th=name_th,
        organisation_type=organisation_type,
        province=province,
        district=district,
        hostname=hostname,
        port=port,
        first_hr=first_hr,
    )
    if refusals:
        raise ValidationError(refusals)

    created: dict[str, int] = {}
    with transaction.atomic():
        organisation = Organisation.objects.select_related("site").filter(slug=slug).first()
        if organisation is None:
            home = _home_page_ensure(slug=slug, title=name_th, created=created)
            site = Site.objects.create(
                hostname=hostname,
                port=port,
                site_name=name_th,
                root_page=home,
                is_default_site=is_default_site
                and not Site.objects.filter(is_default_site=True).exists(),
            )
            created["site"] = 1
            organisation = Organisation.objects.create(
                site=site,
                slug=slug,
                name_th=name_th,
                name_en=name_en,
                organisation_type=organisation_type,
                province=province,
                district=district,
            )
            created["organisation"] = 1
        site = organisation.site
        home = site.root_page
        created["pages"] = created.get("pages", 0) + sections_ensure(home=home)
        had_scans = organisation.scan_collection_id is not None
        scan_collection(organisation)
        created["scan collection"] = int(not had_scans)
        created["groups and grants"] = roles.sync_organisation(organisation)
        organisation.refresh_from_db()
        hr_invited = _first_hr_ensure(organisation, first_hr) if first_hr else ""
    return OrganisationAdded(
        organisation=organisation, site=site, created=created, hr_invited=hr_invited
    )


def sections_ensure(*, home: Page) -> int:
    """Run `ensure(home=...)` of every installed app's `sections` module; pages created."""
    created = 0
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "sections"):
            created += import_module(f"{app_config.name}.sections").ensure(home=home)
    return created


def _home_page_ensure(*, slug: str, title: str, created: dict[str, int]) -> Page:
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(slug=slug).first()
    if home is None:
        home = root.add_child(instance=HomePage(title=title, slug=slug))
        home.save_revision().publish()
        home.refresh_from_db()
        created["pages"] = 1
    return home


def _first_hr_ensure(organisation: Organisation, first_hr: FirstHR) -> str:
    """The first HR officer's register entry, HR role and invitation, unless they have them;
    returns the address invited ("" if nothing was sent)."""
    person = Person.objects.filter(organisation=organisation, email__iexact=first_hr.email).first()
    if person is not None and person.user_id is not None:
        roles.roles_grant(person.user, organisation, roles.HR_OFFICER)
        return ""
    if person is None:
        person = Person.objects.create(
            organisation=organisation,
            employee_number=FIRST_HR_EMPLOYEE_NUMBER,
            first_name=first_hr.first_name,
            last_name=first_hr.last_name,
            position=first_hr.position,
            personnel_group=GROUP_OF_STAFF_TYPE[StaffType.MUNICIPAL_OFFICIAL],
            staff_type=StaffType.MUNICIPAL_OFFICIAL,
            email=first_hr.email,
        )
    # The link is on the organisation's own site (register.selectors.organisation_base_url).
    user = person_invite(person=person, invited_by=None)
    roles.roles_grant(user, organisation, roles.HR_OFFICER)
    return first_hr.email
