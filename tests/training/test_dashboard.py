"""The HR dashboard on the admin's home page, and the people behind each of its numbers.

The figures are those of the organisation counted by hand in tests/figures_data.py (`known`, as
test_figures.py checks them): FY 2569 has version 1 of one document (on time 4, late 2,
outstanding 1, left 1), FY 2570 version 2 of the same document (p1 on time, p3 outstanding).
"""

import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AcknowledgmentFactory,
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from tests.figures_data import at, build_known
from tests.training.register_helpers import PASSWORD, user_with_role
from training.acknowledgment.models import Requirement
from training.register import roles
from training.register.models import StaffType

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
PEOPLE = reverse("acknowledgment_figures:people")
HEADINGS = [
    "ต้องรับทราบ",
    "ตามกำหนด",
    "เกินกำหนด",
    "ยังไม่รับทราบ",
    "พ้นจากตำแหน่ง",
    "อัตราการรับทราบ",
]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


def table(page: BeautifulSoup, table_id: str) -> list[list[str]]:
    """A dashboard table's body and footer rows, each as its cells' text."""
    found = page.find("table", id=table_id)
    assert found is not None, f"no table {table_id}"
    return [
        [text(cell) for cell in row.find_all(["th", "td"])]
        for part in found.find_all(["tbody", "tfoot"])
        for row in part.find_all("tr")
    ]


def listed(client, url: str) -> list[str]:
    """The employee numbers a "people behind" page lists, every page of it."""
    numbers = []
    while url:
        page = soup(client.get(url))
        listing = page.select_one("table.listing tbody")
        numbers += [text(row.find("td")) for row in listing.find_all("tr")] if listing else []
        following = page.select_one(".pagination li.next a[href]")
        url = following["href"] if following else None
    return numbers


@pytest.fixture
def known():
    return build_known()


@pytest.fixture
def hr(known, client):
    """An HR officer of the known organisation, logged in (on the executive side, no
    requirement of their own)."""
    user = user_with_role(
        roles.HR_OFFICER, known["organisation"], staff_type=StaffType.DEPUTY_CLERK
    )
    client.force_login(user)
    return user


def number(known, name: str) -> str:
    return known["people"][name].employee_number


def test_hr_sees_the_years_figures_counted_by_hand(known, hr, client):
    page = soup(client.get(HOME, {"year": 2569}))

    assert "การรับทราบ ปีงบประมาณ พ.ศ. 2569" in text(page)
    headline = text(page.select_one(".fig-headline"))
    assert "85.7%" in headline
    assert "รับทราบแล้ว 6 จาก 7 รายการ" in headline
    assert "ตามกำหนด 4, เกินกำหนด 2, ยังไม่รับทราบ 1" in headline
    # Group and division as they were when the requirement was assigned (p7 has since moved).
    #                  counted on time late outstanding left rate  FY 2568 change
    assert table(page, "figures-group") == [
        ["ฝ่ายการเมือง", "1", "1", "0", "0", "1", "100.0%", "—", "—"],
        ["ฝ่ายบริหาร", "1", "1", "0", "0", "0", "100.0%", "—", "—"],
        ["ฝ่ายข้าราชการประจำ", "5", "2", "2", "1", "0", "80.0%", "—", "—"],
        ["ทุกกลุ่ม", "7", "4", "2", "1", "1", "85.7%", "—", "—"],
    ]
    assert table(page, "figures-division") == [
        ["กองคลัง", "3", "1", "2", "0", "0", "100.0%", "—", "—"],
        ["กองช่าง", "3", "2", "0", "1", "0", "66.7%", "—", "—"],
        ["ไม่สังกัดส่วนราชการ", "1", "1", "0", "0", "1", "100.0%", "—", "—"],
        ["ทุกกลุ่ม", "7", "4", "2", "1", "1", "85.7%", "—", "—"],
    ]
    title = known["first"].page.title
    assert table(page, "figures-document") == [
        [f"{title} ฉบับที่ 1", "7", "4", "2", "1", "1", "85.7%", "—", "—"]
    ]
    months = {row[0]: row[1:] for row in table(page, "figures-months")}
    assert list(months)[0] == "ต.ค. 2568" and list(months)[-1] == "ก.ย. 2569"
    assert {month: counts[0] for month, counts in months.items() if counts[0] != "0"} == {
        "พ.ย. 2568": "2",
        "ธ.ค. 2568": "2",
        "ม.ค. 2569": "1",
        "มี.ค. 2569": "1",
    }
    assert table(page, "behind-documents") == [[f"{title} ฉบับที่ 1", "85.7%", "1"]]
    assert table(page, "behind-divisions") == [["กองช่าง", "66.7%", "1"]]
    headings = [text(th) for th in page.find("table", id="figures-group").select("thead th")]
    assert headings[1:7] == HEADINGS and headings[7] == "ปี 2568"
    # Accessible tables: a caption, and every heading says whether it heads a row or a column.
    for each in page.select("table.fig-table"):
        assert each.caption is not None and text(each.caption)
        assert all(th.get("scope") in ("row", "col") for th in each.find_all("th"))


def test_the_previous_year_stands_beside_with_the_change_in_points(known, hr, client):
    page = soup(client.get(HOME, {"year": 2570}))

    headline = text(page.select_one(".fig-headline"))
    assert "50.0%" in headline and "ปีงบประมาณ พ.ศ. 2569: 85.7%" in headline
    assert "-35.7 จุด" in headline
    assert table(page, "figures-group") == [
        ["ฝ่ายการเมือง", "0", "0", "0", "0", "0", "—", "100.0%", "—"],
        ["ฝ่ายบริหาร", "0", "0", "0", "0", "0", "—", "100.0%", "—"],
        ["ฝ่ายข้าราชการประจำ", "2", "1", "0", "1", "0", "50.0%", "80.0%", "-30.0"],
        ["ทุกกลุ่ม", "2", "1", "0", "1", "0", "50.0%", "85.7%", "-35.7"],
    ]
    assert table(page, "figures-division") == [
        ["กองคลัง", "1", "1", "0", "0", "0", "100.0%", "100.0%", "+0.0"],
        ["กองช่าง", "1", "0", "0", "1", "0", "0.0%", "66.7%", "-66.7"],
        ["ไม่สังกัดส่วนราชการ", "0", "0", "0", "0", "0", "—", "100.0%", "—"],
        ["ทุกกลุ่ม", "2", "1", "0", "1", "0", "50.0%", "85.7%", "-35.7"],
    ]
    # Version 2 is compared with last year's version 1 of the same document.
    title = known["first"].page.title
    assert table(page, "figures-document") == [
        [f"{title} ฉบับที่ 2", "2", "1", "0", "1", "0", "50.0%", "85.7%", "-35.7"]
    ]
    months = {row[0]: row[1:] for row in table(page, "figures-months")}
    assert months["ต.ค. 2569"] == ["1", "0"] and months["พ.ย. 2569"] == ["0", "2"]
    assert table(page, "behind-divisions") == [["กองช่าง", "0.0%", "1"]]


def test_without_a_year_the_current_fiscal_year_shows_and_the_selector_offers_the_others(
    known, hr, client
):
    with time_machine.travel(at(2026, 3, 15), tick=False):
        page = soup(client.get(HOME))
    assert "การรับทราบ ปีงบประมาณ พ.ศ. 2569" in text(page)
    options = page.select("#fig-year option")
    assert [option["value"] for option in options] == ["2570", "2569"]
    assert page.select_one("#fig-year option[selected]")["value"] == "2569"
    assert page.select_one("#fig-organisation") is None, "HR works on one organisation"


def test_every_number_leads_to_exactly_as_many_people(known, hr, client):
    for year in (2569, 2570):
        page = soup(client.get(HOME, {"year": year}))
        links = page.select(".fig-dashboard table a[href^='/admin/acknowledgments/figures/']")
        links += page.select(".fig-headline a")
        assert len(links) > 60
        counts = {}
        for link in links:
            shown = text(link)
            if shown.endswith("%"):  # a rate leads to those who acknowledged: checked below
                continue
            if link["href"] not in counts:
                counts[link["href"]] = len(listed(client, link["href"]))
            assert counts[link["href"]] == int(shown), f"{shown} at {link['href']}"


def test_the_people_behind_a_figure_are_exactly_its_people(known, hr, client):
    def people(**query) -> set[str]:
        return set(listed(client, f"{PEOPLE}?{'&'.join(f'{k}={v}' for k, v in query.items())}"))

    assert people(year=2569, personnel_group="permanent", status="late") == {
        number(known, "p2"),
        number(known, "p7"),
    }
    # p7 moved to works after acknowledging: counted in finance, where they were.
    finance = known["finance"].pk
    assert people(year=2569, division=finance, status="late") == {
        number(known, "p2"),
        number(known, "p7"),
    }
    assert people(year=2569, division="none", status="left") == {number(known, "p5")}
    assert people(year=2569, month="2025-12") == {number(known, "p2"), number(known, "p4")}
    assert people(year=2570, status="outstanding") == {number(known, "p3")}
    counted = people(year=2569, status="on_time&status=late&status=outstanding")
    assert counted == {number(known, name) for name in ("p1", "p2", "p3", "p4", "p6", "p7", "p8")}
    with time_machine.travel(at(2026, 10, 20), tick=False):  # no year: the current one
        assert set(listed(client, PEOPLE)) == {number(known, "p1"), number(known, "p3")}
    page = soup(client.get(PEOPLE, {"year": 2569, "personnel_group": "political"}))
    assert "พ้นจากตำแหน่งก่อนกำหนด" in text(page) and "รับทราบตามกำหนด" in text(page)


def test_another_organisations_hr_sees_nothing_of_it(known, client):
    other = OrganisationFactory()
    DivisionFactory(organisation=other, name="กองการศึกษา")
    client.force_login(user_with_role(roles.HR_OFFICER, other))

    page = soup(client.get(HOME, {"year": 2569}))
    shown = text(page)
    assert other.name_th in shown
    assert known["organisation"].name_th not in shown
    assert "กองคลัง" not in shown and known["first"].page.title not in shown
    assert "ไม่มีรายการที่ต้องรับทราบในปีงบประมาณนี้" in shown

    organisation = known["organisation"].pk
    assert client.get(HOME, {"organisation": organisation}).status_code == 404
    assert client.get(PEOPLE, {"organisation": organisation, "year": 2569}).status_code == 404
    assert listed(client, f"{PEOPLE}?year=2569") == []
    # The known organisation's version or division named in a link of one's own: nobody.
    assert listed(client, f"{PEOPLE}?year=2569&version={known['first'].pk}") == []
    assert listed(client, f"{PEOPLE}?year=2569&division={known['finance'].pk}") == []


def test_a_superuser_chooses_the_organisation(known, client):
    other = OrganisationFactory(name_th="เทศบาลตำบลอื่น")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = soup(client.get(HOME, {"organisation": known["organisation"].pk, "year": 2569}))
    choices = {option["value"] for option in page.select("#fig-organisation option")}
    assert {str(known["organisation"].pk), str(other.pk)} <= choices
    assert table(page, "figures-group")[-1][:2] == ["ทุกกลุ่ม", "7"]
    link = page.select_one("#figures-group tbody a")["href"]
    assert f"organisation={known['organisation'].pk}" in link

    page = soup(client.get(HOME, {"organisation": other.pk, "year": 2569}))
    assert "ไม่มีรายการที่ต้องรับทราบในปีงบประมาณนี้" in text(page)


def test_wagtails_site_wide_counts_give_way_for_staff_of_an_organisation(known, hr, client):
    page = soup(client.get(HOME))
    assert page.select_one(".w-summary") is None, "no '0 Documents' of the whole installation"
    assert page.select_one(".fig-dashboard") is not None


def test_an_editor_gets_no_figures(known, client):
    client.force_login(user_with_role(roles.EDITOR, known["organisation"]))
    page = soup(client.get(HOME))
    assert page.select_one(".fig-dashboard") is None
    assert client.get(PEOPLE).status_code in (302, 403)


def organisation_of(size: int):
    """An organisation of `size` people in two divisions, one document this year, a third of
    them acknowledged, and its HR officer."""
    organisation = OrganisationFactory()
    divisions = [DivisionFactory(organisation=organisation) for _ in range(2)]
    version = DocumentVersionFactory(organisation=organisation, created_at=at(2025, 11, 3))
    for n in range(size):
        requirement = RequirementFactory(
            version=version,
            person=PersonFactory(organisation=organisation, division=divisions[n % 2]),
            assigned_at=at(2025, 11, 3),
            due_date=datetime.date(2025, 12, 3),
        )
        if n % 3 == 0:
            AcknowledgmentFactory(requirement=requirement, at=at(2025, 11, 10 + n % 20))
    return user_with_role(roles.HR_OFFICER, organisation)


def queries(client, url: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def test_the_pages_take_as_many_queries_for_200_people_as_for_10(client):
    counts = []
    # Both organisations first: Wagtail's moderation panel asks each organisation's approval task
    # once (a query per organisation, not per person; see the README's tenants section).
    hr_officers = [organisation_of(size) for size in (10, 200)]
    for hr_officer in hr_officers:
        client.force_login(hr_officer)
        counts.append(
            (
                queries(client, HOME, {"year": 2569}),
                queries(client, PEOPLE, {"year": 2569, "status": "outstanding"}),
            )
        )
    assert counts[0] == counts[1], counts


def log_in(client, username: str, **extra):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD, **extra})


@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.EDITOR, roles.APPROVER])
def test_those_who_work_in_the_admin_land_there_after_logging_in(organisation, role):
    user = user_with_role(role, organisation)
    response = log_in(Client(), user.username)
    assert response.status_code == 302 and response["Location"] == HOME


def test_staff_land_on_the_portal_and_a_next_still_wins(organisation, client):
    staff = user_with_role(roles.EMPLOYEE, organisation)
    assert log_in(client, staff.username)["Location"] == "/portal/"
    hr = user_with_role(roles.HR_OFFICER, organisation)
    assert log_in(client, hr.username, next="/portal/history/")["Location"] == "/portal/history/"


def test_the_dashboard_prints_the_figures_only():
    with open(finders.find("css/dashboard.css"), encoding="utf-8") as file:
        stylesheet = file.read()
    assert re.search(r"@media print\s*{[^@]*#wagtail-sidebar", stylesheet)


def test_the_dashboard_shows_an_acknowledgment_made_since_the_last_view(known, hr, client):
    before = text(soup(client.get(HOME, {"year": 2570})).select_one(".fig-headline"))
    assert "50.0%" in before
    outstanding = Requirement.objects.get(version=known["second"], person=known["people"]["p3"])
    AcknowledgmentFactory(requirement=outstanding, at=at(2026, 11, 1))

    after = text(soup(client.get(HOME, {"year": 2570})).select_one(".fig-headline"))
    assert "100.0%" in after and "รับทราบแล้ว 2 จาก 2 รายการ" in after
