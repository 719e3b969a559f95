"""HR on a phone types a date in the Wagtail admin in the Buddhist era, as Thai users do: a
Christian-era year is refused naming the B.E. year meant, and 30/11/2569 is kept as 30 November
2026 and shown back as 30/11/2569 (issue 10, item 3). The admin form is the register's person
form; a circular's ลงวันที่ goes through the same field (tests/circulars/test_page_rules.py)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import OrganisationFactory, PersonFactory
from tests.training.register_helpers import PASSWORD, user_with_role
from training.register import roles
from training.register.models import Person, StaffType

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(context) -> tuple[str, Person]:
    organisation = OrganisationFactory(name_th="เทศบาลตำบลพระแท่น")
    hr = user_with_role(roles.HR_OFFICER, organisation, staff_type=StaffType.DEPUTY_CLERK)
    person = PersonFactory(
        organisation=organisation,
        first_name="สมชาย",
        last_name="ใจดี",
        active_from=datetime.date(2020, 1, 15),
    )
    return hr.username, person


def test_hr_types_a_buddhist_era_date_and_sees_it_back_in_be(page: Page, person, axe_check):
    username, somchai = person
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_label("รหัสผ่าน").press("Enter")
    page.wait_for_load_state()
    page.goto(reverse("person:edit", args=[somchai.pk]))

    expect(page.get_by_label("เริ่มปฏิบัติงาน")).to_have_value("15/01/2563")
    expect(page.get_by_text("วว/ดด/ปปปป (พ.ศ.)").first).to_be_visible()
    axe_check(page)

    until = page.get_by_label("พ้นจากตำแหน่ง")
    until.fill("2026-11-30")
    until.press("Enter")
    expect(page.get_by_text("ปี 2026 เป็น ค.ศ. หมายถึง พ.ศ. 2569 หรือไม่")).to_be_visible()
    # The error message fades in; axe would measure its colours halfway.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    axe_check(page)
    somchai.refresh_from_db()
    assert somchai.active_until is None

    page.get_by_label("พ้นจากตำแหน่ง").fill("30/11/2569")
    page.get_by_label("พ้นจากตำแหน่ง").press("Enter")
    page.wait_for_url("**/")
    page.goto(reverse("person:edit", args=[somchai.pk]))

    expect(page.get_by_label("พ้นจากตำแหน่ง")).to_have_value("30/11/2569")
    somchai.refresh_from_db()
    assert somchai.active_until == datetime.date(2026, 11, 30)
