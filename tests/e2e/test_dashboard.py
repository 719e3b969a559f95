"""HR logs in and lands on the dashboard: the fiscal year's rate by personnel group and by division,
and the briefings of the division heads, without choosing anything, on a desktop and on a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from home.thai_dates import FiscalYear
from tests.factories import (
    AcknowledgmentFactory,
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
)
from tests.training.register_helpers import PASSWORD, user_with_role
from training.briefings.models import Attendance, AttendanceMethod, AttendanceStatus, Briefing
from training.register import roles
from training.register.models import StaffType

pytestmark = pytest.mark.e2e


@pytest.fixture
def hr(context) -> str:
    """This fiscal year: four permanent officials in two divisions and two councillors must
    acknowledge one circular; the finance staff and one councillor have (75% of the officials,
    50% of the councillors, finance 100%, works 50%). Finance's head briefed both of its
    officials today (works has no head: 0 of 2 briefed; 2 of 4 in all)."""
    organisation = OrganisationFactory(name_th="เทศบาลตำบลพระแท่น")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    year = FiscalYear.of(timezone.localdate())
    assigned = timezone.make_aware(datetime.datetime.combine(year.start, datetime.time(9)))
    version = DocumentVersionFactory(organisation=organisation, created_at=assigned)
    people = [
        (PersonFactory(organisation=organisation, division=finance), True),
        (PersonFactory(organisation=organisation, division=finance), True),
        (PersonFactory(organisation=organisation, division=works), True),
        (PersonFactory(organisation=organisation, division=works), False),
        (PersonFactory(organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER), True),
        (PersonFactory(organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER), False),
    ]
    for person, acknowledged in people:
        requirement = RequirementFactory(
            version=version,
            person=person,
            assigned_at=assigned,
            due_date=year.start + datetime.timedelta(days=30),
        )
        if acknowledged:
            AcknowledgmentFactory(requirement=requirement, at=max(assigned, timezone.now()))
    head = PersonFactory(organisation=organisation, division=finance)
    finance.head = head
    finance.save()
    starts_at = max(assigned, timezone.now() - datetime.timedelta(hours=3))
    briefing = Briefing.objects.create(
        organisation=organisation,
        title="ชี้แจงประมวลจริยธรรม",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        leader=head,
    )
    for person, _acknowledged in people[:2]:
        Attendance.objects.create(
            briefing=briefing,
            person=person,
            method=AttendanceMethod.LEADER,
            status=AttendanceStatus.PRESENT,
        )
    user = user_with_role(roles.HR_OFFICER, organisation, staff_type=StaffType.DEPUTY_CLERK)
    return user.username, year


@pytest.mark.parametrize("width", [1280, 360])
def test_hr_sees_the_years_rate_by_group_and_division_on_logging_in(
    page: Page, hr, axe_check, width
):
    username, year = hr
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page).to_have_url("/admin/")
    expect(
        page.get_by_role("heading", name=f"การรับทราบ ปีงบประมาณ พ.ศ. {year.be_year}")
    ).to_be_visible()
    expect(page.locator(".fig-headline__number")).to_have_text("66.7%")
    groups = page.get_by_role("table", name="อัตราการรับทราบตามกลุ่มบุคลากร")
    expect(groups.get_by_role("row", name="ฝ่ายการเมือง")).to_contain_text("50.0%")
    expect(groups.get_by_role("row", name="ฝ่ายข้าราชการประจำ")).to_contain_text("75.0%")
    divisions = page.get_by_role("table", name="อัตราการรับทราบตามส่วนราชการ")
    expect(divisions.get_by_role("row", name="กองคลัง")).to_contain_text("100.0%")
    expect(divisions.get_by_role("row", name="กองช่าง")).to_contain_text("50.0%")
    expect(page.get_by_text("0 Documents")).to_have_count(0)
    briefings = page.get_by_role(
        "table",
        name=f"การประชุมชี้แจงตามส่วนราชการ ปีงบประมาณ พ.ศ. {year.be_year} "
        f"เทียบกับ พ.ศ. {year.be_year - 1}",
    )
    briefings.scroll_into_view_if_needed()
    expect(briefings.get_by_role("row", name="กองคลัง")).to_contain_text("100.0%")
    expect(briefings.get_by_role("row", name="กองช่าง")).to_contain_text("0.0%")
    expect(briefings.get_by_role("row", name="ทุกส่วนราชการ")).to_contain_text("50.0%")
    expect(briefings.get_by_role("row", name="ทุกส่วนราชการ")).to_contain_text("4.0")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A number leads to its people.
    divisions.get_by_role("row", name="กองช่าง").get_by_role("link", name="1").last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("รายชื่อบุคลากรตามตัวเลข")
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
