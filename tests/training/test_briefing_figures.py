"""The briefing figures of measure 6 equal a hand-counted data set, in a constant number of queries.

On 20 Nov 2026 (fiscal year 2570), three divisions of one municipality:

- กองคลัง: head HA; a1, a2; a3 who left on 30 Sep 2026 (in post in 2569 only);
- กองช่าง: head HB; b1; b2 who joined on 15 Oct 2026 (in post in 2570 only);
- กองสาธารณสุข: no head; c1.

Fiscal year 2570:
- B1, led by HA, 10 Oct 2026 09:00-12:00 (3 h): a1, a2 present;
- B2, led by HB, 1 Nov 2026 13:00-14:30 (1.5 h): b1 and a1 present, b2 withdrawn;
- B3, led by HA, 5 Nov 2026 (1 h): only c1, pending: not held;
- B4, led by HA, 25 Nov 2026 (still to come), a2 present: not held;
- another municipality's briefing with an attendee: not ours.

Counted by hand for 2570: held 2 in all; กองคลัง held 2, staff 2 (a1 a2), briefed by their head 2
(100%), 7.5 h (3 + 3 + 1.5); กองช่าง held 1, staff 2 (b1 b2), briefed 1 (50%), 1.5 h;
กองสาธารณสุข held 0, staff 1, briefed 0, 0 h; in all staff 5, briefed 3, 9 h.

Fiscal year 2569:
- B5, led by HA, 1 Mar 2026 09:00-11:00 (2 h): a3 and a1 present, a2 pending;
- B6, led by a1 (not a head), 1 Jun 2026 (1 h): a2 and c1 present.

Counted by hand for 2569: held 2; กองคลัง held 2, staff 3 (a1 a2 a3), briefed 2 (a1 a3: 66.7%),
5 h (2 + 2 + 1); กองช่าง held 0, staff 1 (b1), briefed 0, 0 h; กองสาธารณสุข held 1, staff 1,
briefed 0, 1 h; in all staff 5, briefed 2, 6 h.
"""

import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from home.thai_dates import FiscalYear
from tests.factories import (
    DivisionFactory,
    OrganisationFactory,
    PersonFactory,
    organisation_home,
)
from tests.training.register_helpers import user_with_role
from training.briefings.models import Attendance, AttendanceMethod, AttendanceStatus, Briefing
from training.briefings.selectors import BriefingTally, briefing_figures
from training.figures.measures import measure_six
from training.figures.pages import TransparencyPage
from training.figures.public import public_briefings
from training.register import roles
from training.register.models import Person

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=BANGKOK)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: datetime.date, hour: float) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=BANGKOK) + datetime.timedelta(
        hours=hour
    )


def briefing(organisation, leader, day, start, end, **attendances) -> Briefing:
    held = Briefing.objects.create(
        organisation=organisation,
        title=f"ชี้แจง {day}",
        starts_at=at(day, start),
        ends_at=at(day, end),
        leader=leader,
    )
    for status, people in attendances.items():
        for person in people:
            Attendance.objects.create(
                briefing=held, person=person, method=AttendanceMethod.LEADER, status=status
            )
    return held


def make_head(division, **fields):
    head = PersonFactory(organisation=division.organisation, division=division, **fields)
    division.head = head
    division.save()
    return head


@pytest.fixture
def municipality():
    organisation = OrganisationFactory()
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    health = DivisionFactory(organisation=organisation, name="กองสาธารณสุข")
    ha, hb = make_head(finance), make_head(works)
    a1, a2 = PersonFactory.create_batch(2, organisation=organisation, division=finance)
    a3 = PersonFactory(
        organisation=organisation, division=finance, active_until=datetime.date(2026, 9, 30)
    )
    b1 = PersonFactory(organisation=organisation, division=works)
    b2 = PersonFactory(
        organisation=organisation, division=works, active_from=datetime.date(2026, 10, 15)
    )
    c1 = PersonFactory(organisation=organisation, division=health)
    present, pending, withdrawn = (
        AttendanceStatus.PRESENT,
        AttendanceStatus.PENDING,
        AttendanceStatus.WITHDRAWN,
    )
    day = datetime.date
    briefing(organisation, ha, day(2026, 10, 10), 9, 12, **{present: [a1, a2]})
    briefing(organisation, hb, day(2026, 11, 1), 13, 14.5, **{present: [b1, a1], withdrawn: [b2]})
    briefing(organisation, ha, day(2026, 11, 5), 9, 10, **{pending: [c1]})
    briefing(organisation, ha, day(2026, 11, 25), 9, 10, **{present: [a2]})
    briefing(organisation, ha, day(2026, 3, 1), 9, 11, **{present: [a3, a1], pending: [a2]})
    briefing(organisation, a1, day(2026, 6, 1), 9, 10, **{present: [a2, c1]})
    other = OrganisationFactory()
    outsider = PersonFactory(organisation=other)
    briefing(other, outsider, day(2026, 10, 20), 9, 17, **{present: [outsider]})
    return {
        "organisation": organisation,
        "finance": finance,
        "works": works,
        "health": health,
        "other": other,
    }


def by_name(figures) -> dict[str, tuple]:
    return {row.label: (row.current, row.previous, row.share_change) for row in figures.by_division}


def test_the_figures_equal_the_hand_count_with_the_previous_year_beside_them(municipality):
    figures = briefing_figures(municipality["organisation"].pk, FiscalYear(2570))

    assert figures.previous_year == FiscalYear(2569)
    rows = by_name(figures)
    assert list(rows) == ["กองคลัง", "กองช่าง", "กองสาธารณสุข"]
    assert rows["กองคลัง"][:2] == (
        BriefingTally(held=2, staff=2, briefed_by_head=2, hours=7.5),
        BriefingTally(held=2, staff=3, briefed_by_head=2, hours=5.0),
    )
    assert rows["กองช่าง"][:2] == (
        BriefingTally(held=1, staff=2, briefed_by_head=1, hours=1.5),
        BriefingTally(held=0, staff=1, briefed_by_head=0, hours=0.0),
    )
    assert rows["กองสาธารณสุข"][:2] == (
        BriefingTally(held=0, staff=1, briefed_by_head=0, hours=0.0),
        BriefingTally(held=1, staff=1, briefed_by_head=0, hours=1.0),
    )
    assert figures.total.current == BriefingTally(held=2, staff=5, briefed_by_head=3, hours=9.0)
    assert figures.total.previous == BriefingTally(held=2, staff=5, briefed_by_head=2, hours=6.0)
    assert rows["กองคลัง"][0].briefed_share == 100.0
    assert rows["กองคลัง"][1].briefed_share == pytest.approx(200 / 3)
    assert rows["กองคลัง"][2] == pytest.approx(100 - 200 / 3)
    assert rows["กองช่าง"][2] == 50.0
    assert figures.total.share_change == pytest.approx(60 - 40)


def test_one_division_alone(municipality):
    figures = briefing_figures(
        municipality["organisation"].pk, FiscalYear(2570), municipality["works"].pk
    )

    assert [row.label for row in figures.by_division] == ["กองช่าง"]
    assert figures.total.current == BriefingTally(held=1, staff=2, briefed_by_head=1, hours=1.5)
    assert figures.total.previous == BriefingTally(held=0, staff=1, briefed_by_head=0, hours=0.0)


def test_the_figures_take_seven_queries_however_many_people_and_briefings(
    municipality, django_assert_num_queries
):
    organisation = municipality["organisation"]
    with django_assert_num_queries(7):
        briefing_figures(organisation.pk, FiscalYear(2570))
    more = DivisionFactory(organisation=organisation, name="กองการศึกษา")
    head = make_head(more)
    staff = PersonFactory.create_batch(6, organisation=organisation, division=more)
    for day in (datetime.date(2026, 10, 2), datetime.date(2026, 10, 3)):
        briefing(organisation, head, day, 9, 10, **{AttendanceStatus.PRESENT: staff})
    with django_assert_num_queries(7):
        figures = briefing_figures(organisation.pk, FiscalYear(2570))
    assert figures.total.current.briefed_by_head == 9


def text(element) -> str:
    return " ".join(element.get_text().split())


def rows_of(html: str, table_id: str) -> dict[str, list[str]]:
    table = BeautifulSoup(html, "html.parser").find("table", id=table_id)
    assert table is not None, f"no table {table_id}"
    cells = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    return {row[0]: row[1:] for row in cells[1:]}


def test_hr_sees_the_briefing_figures_on_the_dashboard(municipality):
    client = Client()
    client.force_login(user_with_role(roles.HR_OFFICER, municipality["organisation"]))

    response = client.get(reverse("wagtailadmin_home"), {"year": 2570})

    rows = rows_of(response.content.decode(), "figures-briefings-table")
    # held, staff, briefed by head, share, hours | 2569: held / share / hours | change
    assert rows["กองคลัง"] == ["2", "2", "2", "100.0%", "7.5", "2 / 66.7% / 5.0", "33.3"]
    assert rows["กองช่าง"] == ["1", "2", "1", "50.0%", "1.5", "0 / 0.0% / 0.0", "50.0"]
    assert rows["กองสาธารณสุข"] == ["0", "1", "0", "0.0%", "0.0", "1 / 0.0% / 1.0", "0.0"]
    assert rows["ทุกส่วนราชการ"] == ["2", "5", "3", "60.0%", "9.0", "2 / 40.0% / 6.0", "20.0"]


def test_measure_six_output_three_says_the_briefings_with_the_year_before(municipality):
    six = measure_six(municipality["organisation"].pk, FiscalYear(2570))
    lines = [line.text for line in six.output]

    start = lines.index("หัวหน้าส่วนราชการชี้แจงมาตรฐานทางจริยธรรมแก่บุคลากรในสังกัด:")
    assert lines[start + 1 :] == [
        "ทั้งหน่วยงาน: จัดประชุมชี้แจง 2 ครั้ง หัวหน้าชี้แจงแก่บุคลากร 3 จาก 5 คน (ร้อยละ 60.0) รวม 9.0 ชั่วโมงอบรม",
        "กองคลัง: จัดประชุมชี้แจง 2 ครั้ง หัวหน้าชี้แจงแก่บุคลากร 2 จาก 2 คน (ร้อยละ 100.0) รวม 7.5 ชั่วโมงอบรม",
        "กองช่าง: จัดประชุมชี้แจง 1 ครั้ง หัวหน้าชี้แจงแก่บุคลากร 1 จาก 2 คน (ร้อยละ 50.0) รวม 1.5 ชั่วโมงอบรม",
        "กองสาธารณสุข: จัดประชุมชี้แจง 0 ครั้ง หัวหน้าชี้แจงแก่บุคลากร 0 จาก 1 คน (ร้อยละ 0.0) รวม 0.0 ชั่วโมงอบรม",
        "ปีงบประมาณ พ.ศ. 2569: จัดประชุมชี้แจง 2 ครั้ง หัวหน้าชี้แจงแก่บุคลากร 2 จาก 5 คน"
        " (ร้อยละ 40.0) รวม 6.0 ชั่วโมงอบรม",
    ]


def test_the_public_page_shows_aggregates_only_with_small_cells_hidden(municipality):
    organisation = municipality["organisation"]
    home = organisation_home(organisation)
    page = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))

    response = Client().get(page.url + "2570/", HTTP_HOST=organisation.site.hostname)

    html = response.content.decode()
    section = BeautifulSoup(html, "html.parser").find(
        "section", attrs={"aria-labelledby": "briefings"}
    )
    assert section is not None
    cells = [[text(c) for c in row.find_all(["th", "td"])] for row in section.find_all("tr")][1:]
    # held, staff, briefed by their head (3 and 2: "< 5"), share (the range the cells allow), hours
    assert [row[1:3] for row in cells] == [["2", "5"], ["2", "5"]]
    assert [row[3] for row in cells] == ["< 5", "< 5"]
    assert [row[5] for row in cells] == ["9.0", "6.0"]
    assert "60.0" not in section.get_text() and "40.0" not in section.get_text()
    for person in Person.objects.filter(organisation=organisation):
        assert person.first_name not in html and person.employee_number not in html
    for division in ("กองคลัง", "กองช่าง", "กองสาธารณสุข"):
        assert division not in html


def test_public_briefings_show_exact_figures_once_no_cell_is_small(municipality):
    organisation = municipality["organisation"]
    more = DivisionFactory(organisation=organisation, name="กองการศึกษา")
    head = make_head(more)
    staff = PersonFactory.create_batch(5, organisation=organisation, division=more)
    PersonFactory.create_batch(5, organisation=organisation, division=more)
    briefing(organisation, head, datetime.date(2026, 10, 2), 9, 10, present=staff)

    current, previous = public_briefings(organisation.pk, FiscalYear(2570))

    # staff 5 + 10 = 15, briefed 3 + 5 = 8, not briefed 7: every cell 5 or more
    assert (current.held, str(current.staff), str(current.briefed)) == (3, "15", "8")
    assert current.share == "53.3"
    assert re.fullmatch(r"\d+\.\d", current.hours)
    assert str(previous.briefed) == "< 5"
