"""factory_boy factories for the register, versions, requirements and acknowledgments.

A version needs a page: `document_page` adds a circular (or any acknowledgeable page) under the
organisation's home without going through publishing, so that a test of a selector or a view needs
no fan-out. Acknowledgments are chained evidence and are only ever written by the service
`acknowledgments_record`; `AcknowledgmentFactory` goes through it. For publishing itself (versions
made by the page's publication, the fan-out on commit), use the page tree helpers in tests.pages.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from circulars.models import CircularPage
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    ChangeKind,
    DocumentVersion,
    Requirement,
    VersionPublication,
    due_date_for,
    text_sha256,
)
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    OrganisationType,
    Person,
    StaffType,
    figures_changed,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or "correct-horse-battery")
        if create:
            user.save(update_fields=["password"])


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    hostname = factory.Sequence(lambda n: f"org{n}.example.org")
    port = 80
    root_page = factory.LazyFunction(lambda: Page.objects.get(depth=1))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    site = factory.SubFactory(SiteFactory)
    slug = factory.Sequence(lambda n: f"org-{n}")
    name_th = factory.Sequence(lambda n: f"เทศบาลตำบลทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test Subdistrict Municipality {n}")
    organisation_type = OrganisationType.SUBDISTRICT_MUNICIPALITY
    province = "กาญจนบุรี"
    district = "ท่ามะกา"


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"กองทดสอบ {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    title = "นาย"
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    position = "นักจัดการงานทั่วไป"
    staff_type = StaffType.MUNICIPAL_OFFICIAL
    personnel_group = factory.LazyAttribute(lambda o: GROUP_OF_STAFF_TYPE[o.staff_type])
    active_from = datetime.date(2020, 1, 1)


# --- Documents, versions, requirements, acknowledgments -----------------------------------------


def organisation_home(organisation: Organisation) -> Page:
    """The root page of the organisation's site; a plain page of its own if it still has none."""
    site = organisation.site
    if site.root_page.depth == 1:  # SiteFactory's default: the tree's root, shared by every site
        root = Page.get_first_root_node()
        site.root_page = root.add_child(
            instance=Page(title=organisation.name_th, slug=f"home-{organisation.slug}")
        )
        site.save(update_fields=["root_page"])
    return site.root_page


def document_page(
    organisation: Organisation | None = None, *, parent: Page | None = None, page=None, **fields
):
    """A live acknowledgeable page with one revision, made without publishing it (so without a
    version and without a fan-out). A circular under the organisation's home unless `page` (an
    unsaved instance of any acknowledgeable page type) or `parent` say otherwise."""
    if parent is None:
        parent = organisation_home(organisation or OrganisationFactory())
    if page is None:
        number = Page.objects.count()
        page = CircularPage(
            title=fields.pop("title", f"หนังสือเวียนทดสอบ {number}"),
            slug=fields.pop("slug", f"circular-{number}"),
            circular_number=f"ที่ กจ ๕๒๙๐๑/ว {number}",
            date=datetime.date(2025, 1, 15),
            body="<p>ขอให้บุคลากรทุกคนถือปฏิบัติโดยเคร่งครัด</p>",
            **fields,
        )
    page.live = True
    parent.add_child(instance=page)
    revision = page.save_revision()
    Page.objects.filter(pk=page.pk).update(live_revision=revision)
    page.live_revision = revision
    return page


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """A current version of a document page, with one publication (the page's revision)."""

    class Meta:
        model = DocumentVersion
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    page = factory.LazyAttribute(lambda o: document_page(o.organisation))
    number = 1
    effective_date = datetime.date(2025, 1, 15)

    @factory.post_generation
    def publication(version, create, extracted, **kwargs):
        """The version's publication: what the page showed, hashed as publishing hashes it."""
        if not create or extracted is False:
            return
        page = version.page.specific
        VersionPublication.objects.create(
            version=version,
            revision=page.save_revision() if version.number > 1 else page.latest_revision,
            text_sha256=text_sha256(page.acknowledgment_text()),
            change_kind=ChangeKind.NEW_VERSION,
            published_at=version.created_at,
        )


class RequirementFactory(factory.django.DjangoModelFactory):
    """That a person of the version's organisation must acknowledge it; due after the page's period.

    Unfulfilled: a requirement is fulfilled only by an acknowledgment (AcknowledgmentFactory)."""

    class Meta:
        model = Requirement

    version = factory.SubFactory(DocumentVersionFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    organisation = factory.LazyAttribute(lambda o: o.version.organisation)
    due_date = factory.LazyAttribute(
        lambda o: due_date_for(o.version, days=o.version.page.specific.acknowledgment_days)
    )
    # Who the person was when assigned, as the fan-out records it.
    personnel_group = factory.LazyAttribute(lambda o: o.person.personnel_group)
    staff_type = factory.LazyAttribute(lambda o: o.person.staff_type)
    division = factory.LazyAttribute(lambda o: o.person.division)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """As the fan-out does, mark the organisation's figures as changed."""
        requirement = super()._create(model_class, *args, **kwargs)
        figures_changed([requirement.organisation_id])
        return requirement


class AcknowledgmentFactory(factory.Factory):
    """An acknowledgment recorded by the one service that writes them (chained, fulfilling the
    requirement). Fields besides `requirement`, `publication` and `at` are the Evidence's."""

    class Meta:
        model = Acknowledgment

    requirement = factory.SubFactory(RequirementFactory)
    channel = AcknowledgmentChannel.ONLINE

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError("an acknowledgment is evidence: create it, through acknowledgments_record")

    @classmethod
    def _create(cls, model_class, requirement, publication=None, at=None, **evidence):
        created, _already = acknowledgments_record(
            requirements=[requirement],
            evidence=Evidence(**evidence),
            publication=publication,
            at=at,
        )
        requirement.refresh_from_db(fields=["fulfilled_at"])
        return created[0]
