import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from training.register.models import Person, PersonnelGroup, StaffType

pytestmark = pytest.mark.django_db


def test_employee_number_is_unique_within_an_organisation_only(organisation):
    PersonFactory(organisation=organisation, employee_number="001")
    PersonFactory(organisation=OrganisationFactory(), employee_number="001")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(organisation=organisation, employee_number="001")


def test_database_refuses_a_staff_type_outside_its_personnel_group(organisation):
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(
            organisation=organisation,
            staff_type=StaffType.MAYOR,
            personnel_group=PersonnelGroup.PERMANENT,
        )


def test_clean_names_the_wrong_field_in_thai(organisation):
    other_division = DivisionFactory()
    person = PersonFactory.build(
        organisation=organisation,
        staff_type=StaffType.COUNCIL_MEMBER,
        personnel_group=PersonnelGroup.EXECUTIVE,
        division=other_division,
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert set(error.value.message_dict) == {"staff_type", "division"}
    assert "ส่วนราชการต้องเป็นของหน่วยงานเดียวกัน" in error.value.message_dict["division"]


def test_active_on_excludes_people_not_yet_joined_or_already_left(organisation):
    day = datetime.date(2025, 6, 1)
    current = PersonFactory(organisation=organisation, active_from=datetime.date(2024, 1, 1))
    PersonFactory(organisation=organisation, active_from=datetime.date(2025, 6, 2))
    PersonFactory(
        organisation=organisation,
        active_from=datetime.date(2020, 1, 1),
        active_until=datetime.date(2025, 5, 31),
    )
    last_day = PersonFactory(
        organisation=organisation,
        active_from=datetime.date(2020, 1, 1),
        active_until=day,
    )
    assert set(Person.objects.active_on(day)) == {current, last_day}
