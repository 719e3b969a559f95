"""factory_boy factories for the register; pages are built in tests with the page tree helpers."""

import datetime

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    OrganisationType,
    Person,
    StaffType,
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
