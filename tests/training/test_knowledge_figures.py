"""The knowledge figures against a hand-counted data set, in one query.

Quizzes of the organisation: a pre-test, a post-test and a standalone quiz; pass marks 60.
Fiscal year 2570 (1 Oct 2026 to 30 Sep 2027):
  P1 permanent, กองคลัง:  pre 40 then 60 (a retry: the first counts); post 80 (passed)
  P2 permanent, กองช่าง:  pre 60; post 50 (failed) then 90 (passed: the best counts)
  E1 executive when answering (now in a permanent post), กองคลัง: pre 20; post 70; alone 100
  X  political, กองคลัง, an attempt that kept no group: post 40 (failed)
  → pre mean (40 + 60 + 20) / 3 = 40.00; post mean (80 + 90 + 70 + 40) / 4 = 70.00; change 30.00
  → pass rate: post P1 ✓, P2 ✓, E1 ✓, X ✗ and standalone E1 ✓ = 4 / 5 = 80.00 %
  → 4 people, 10 attempts; by group: permanent pre 50, post 85, change 35, pass 100 %, 2 people,
    6 attempts; executive pre 20, post 70, change 50, pass 100 %, 1, 3; political post 40, pass 0 %
    (X counted under the group the register has now: 1 pair from the register)
  → กองคลัง only: pre (40 + 20) / 2 = 30.00; post (80 + 70 + 40) / 3 = 63.33; pass 3 / 4 = 75.00 %
Fiscal year 2569: P1 pre 20, post 60 (passed); P2 post 40 (failed) at 00:30 on 1 Oct 2025 Bangkok
  → pre 20.00, post 50.00, change 30.00, pass 50.00 %, 2 people, 3 attempts.
Not counted: P1 pre 0 at 23:30 on 30 Sep 2025 Bangkok (fiscal year 2568); another
organisation's post-test.
"""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from home.thai_dates import FiscalYear
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory, organisation_home
from tests.training.register_helpers import user_with_role
from training.figures.measures import measure_six
from training.figures.pages import TransparencyPage
from training.figures.public import public_knowledge
from training.knowledge.models import Attempt, Quiz, QuizKind
from training.knowledge.selectors import knowledge_figures
from training.register import roles
from training.register.models import Person, PersonnelGroup, StaffType

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
FY2570 = datetime.datetime(2026, 11, 20, 10, tzinfo=BANGKOK)
FY2569 = datetime.datetime(2026, 3, 1, 10, tzinfo=BANGKOK)


def attempt(quiz, person, score, *, at, group=None, division=None):
    minutes = Attempt.objects.count()  # in the order written
    return Attempt.objects.create(
        quiz=quiz,
        person=person,
        personnel_group=person.personnel_group if group is None else group,
        division=division if division is not None else person.division,
        submitted_at=at + datetime.timedelta(minutes=minutes),
        correct=score // 10,
        total=10,
        score=Decimal(score),
        passed=score >= quiz.pass_mark,
    )


@pytest.fixture
def data():
    organisation = OrganisationFactory()
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    p1 = PersonFactory(organisation=organisation, division=finance)
    p2 = PersonFactory(organisation=organisation, division=works)
    e1 = PersonFactory(organisation=organisation, division=finance)  # now permanent
    x = PersonFactory(
        organisation=organisation, division=finance, staff_type=StaffType.COUNCIL_MEMBER
    )
    quiz = {
        kind: Quiz.objects.create(organisation=organisation, title=kind, kind=kind, pass_mark=60)
        for kind in QuizKind.values
    }
    pre, post, alone = quiz["pre"], quiz["post"], quiz["standalone"]
    attempt(pre, p1, 40, at=FY2570)
    attempt(pre, p1, 60, at=FY2570)
    attempt(post, p1, 80, at=FY2570)
    attempt(pre, p2, 60, at=FY2570)
    attempt(post, p2, 50, at=FY2570)
    attempt(post, p2, 90, at=FY2570)
    attempt(pre, e1, 20, at=FY2570, group=PersonnelGroup.EXECUTIVE)
    attempt(post, e1, 70, at=FY2570, group=PersonnelGroup.EXECUTIVE)
    attempt(alone, e1, 100, at=FY2570, group=PersonnelGroup.EXECUTIVE)
    attempt(post, x, 40, at=FY2570, group="")
    attempt(pre, p1, 20, at=FY2569)
    attempt(post, p1, 60, at=FY2569)
    attempt(post, p2, 40, at=datetime.datetime(2025, 10, 1, 0, 30, tzinfo=BANGKOK))
    attempt(pre, p1, 0, at=datetime.datetime(2025, 9, 30, 23, 0, tzinfo=BANGKOK))
    elsewhere = Quiz.objects.create(
        organisation=OrganisationFactory(), title="x", kind=QuizKind.POST_TEST
    )
    attempt(elsewhere, PersonFactory(organisation=elsewhere.organisation), 100, at=FY2570)
    return {"organisation": organisation, "finance": finance}


def figure(f):
    return (f.people, f.attempts, f.pre_mean, f.post_mean, f.change, f.pass_rate)


D = Decimal


def test_the_figures_equal_the_hand_count_in_one_query(data, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = knowledge_figures(data["organisation"].pk, 2570)
    assert figure(figures.current.overall) == (4, 10, D("40"), D("70"), D("30"), D("80"))
    groups = figures.current.by_group
    assert figure(groups["permanent"]) == (2, 6, D("50"), D("85"), D("35"), D("100"))
    assert figure(groups["executive"]) == (1, 3, D("20"), D("70"), D("50"), D("100"))
    assert figure(groups["political"]) == (1, 1, None, D("40"), None, D("0"))
    assert figures.current.groups_from_register == 1
    assert figure(figures.previous.overall) == (2, 3, D("20"), D("50"), D("30"), D("50"))
    assert figures.previous.fiscal_year.be_year == 2569
    rows = figures.rows()
    assert [key for key, *_ in rows] == ["", "political", "executive", "permanent"]
    assert rows[3][3].post_count == 2  # last year's permanent: P1 60 and P2 40


def test_one_division_counts_the_division_kept_on_the_attempt(data):
    figures = knowledge_figures(data["organisation"].pk, 2570, division_id=data["finance"].pk)
    assert figure(figures.current.overall) == (3, 7, D("30"), D("63.33"), D("33.33"), D("75"))


def test_the_queries_stay_one_however_many_attempts(data, django_assert_num_queries):
    organisation = data["organisation"]
    quiz = Quiz.objects.get(organisation=organisation, kind=QuizKind.POST_TEST)
    for _n in range(20):
        attempt(quiz, PersonFactory(organisation=organisation), 70, at=FY2570)
    with django_assert_num_queries(1):
        knowledge_figures(organisation.pk, 2570)


def text(element) -> str:
    return " ".join(element.get_text().split())


def test_hr_sees_the_hand_count_on_the_dashboard_beside_last_year(data):
    client = Client()
    client.force_login(user_with_role(roles.HR_OFFICER, data["organisation"]))

    response = client.get(reverse("wagtailadmin_home"), {"year": 2570})

    table = BeautifulSoup(response.content.decode(), "html.parser").find(
        "table", id="figures-knowledge-table"
    )
    assert table is not None
    rows = {
        cells[0]: cells[1:]
        for cells in ([text(c) for c in row.find_all(["th", "td"])] for row in table("tr")[1:])
    }
    # people, pre mean (people), post mean (people), change, pass rate (passed/base) | 2569
    assert rows["ทุกกลุ่ม"] == [
        "4",
        "40.00 (3)",
        "70.00 (4)",
        "+30.00",
        "80.00 (4/5)",
        "20.00 / 50.00 / 50.00",
    ]
    assert rows["ฝ่ายข้าราชการประจำ"][:5] == ["2", "50.00 (2)", "85.00 (2)", "+35.00", "100.00 (2/2)"]
    assert rows["ฝ่ายบริหาร"][:5] == ["1", "20.00 (1)", "70.00 (1)", "+50.00", "100.00 (2/2)"]
    assert rows["ฝ่ายการเมือง"][:5] == ["1", "—", "40.00 (1)", "—", "0.00 (0/1)"]


def test_measure_six_outcome_says_what_staff_know_with_the_year_before(data):
    six = measure_six(data["organisation"].pk, FiscalYear(2570))
    lines = [line.text for line in six.outcome]

    start = next(i for i, line in enumerate(lines) if line.startswith("ความรู้ด้านจริยธรรม"))
    assert lines[start:] == [
        "ความรู้ด้านจริยธรรม (แบบทดสอบ 4 คน): ก่อนอบรมเฉลี่ยร้อยละ 40.00 (3 คน)"
        " หลังอบรมเฉลี่ยร้อยละ 70.00 (4 คน) เพิ่มขึ้น 30.00 จุด ผ่านเกณฑ์ร้อยละ 80.00 (4 จาก 5)",
        "ฝ่ายการเมือง: ก่อนอบรมเฉลี่ยร้อยละ — (0 คน) หลังอบรมเฉลี่ยร้อยละ 40.00 (1 คน)"
        " ผ่านเกณฑ์ร้อยละ 0.00 (0 จาก 1)",
        "ฝ่ายบริหาร: ก่อนอบรมเฉลี่ยร้อยละ 20.00 (1 คน) หลังอบรมเฉลี่ยร้อยละ 70.00 (1 คน)"
        " เพิ่มขึ้น 50.00 จุด ผ่านเกณฑ์ร้อยละ 100.00 (2 จาก 2)",
        "ฝ่ายข้าราชการประจำ: ก่อนอบรมเฉลี่ยร้อยละ 50.00 (2 คน) หลังอบรมเฉลี่ยร้อยละ 85.00 (2 คน)"
        " เพิ่มขึ้น 35.00 จุด ผ่านเกณฑ์ร้อยละ 100.00 (2 จาก 2)",
        "ปีงบประมาณ พ.ศ. 2569: ก่อนอบรมเฉลี่ยร้อยละ 20.00 (1 คน) หลังอบรมเฉลี่ยร้อยละ 50.00"
        " (2 คน) เพิ่มขึ้น 30.00 จุด ผ่านเกณฑ์ร้อยละ 50.00 (1 จาก 2)",
    ]


def test_a_year_without_checks_says_so_in_the_outcome():
    six = measure_six(OrganisationFactory().pk, FiscalYear(2570))
    assert six.outcome[-1].text == "ปีงบประมาณ พ.ศ. 2570 ไม่มีผู้ทำแบบทดสอบความรู้ด้านจริยธรรม"


def test_the_public_page_withholds_means_of_fewer_than_five_and_names_nobody(data):
    organisation = data["organisation"]
    home = organisation_home(organisation)
    page = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))

    response = Client().get(page.url + "2570/", HTTP_HOST=organisation.site.hostname)

    html = response.content.decode()
    section = BeautifulSoup(html, "html.parser").find(
        "section", attrs={"aria-labelledby": "knowledge"}
    )
    assert section is not None
    cells = [[text(c) for c in row.find_all(["th", "td"])] for row in section("tr")[1:]]
    # 2570: 4 people, every mean over fewer than 5; 2569: 2 people
    assert [row[1:] for row in cells] == [["< 5", "ไม่แสดง", "ไม่แสดง", "ไม่แสดง", "ไม่แสดง"]] * 2
    assert "40.00" not in html and "70.00" not in html and "80.00" not in html
    for person in Person.objects.filter(organisation=organisation):
        assert person.first_name not in html and person.employee_number not in html
    assert "ฝ่ายข้าราชการประจำ" not in section.get_text() and "กองคลัง" not in html


def test_public_knowledge_shows_the_means_once_five_stand_behind_each(data):
    organisation = data["organisation"]
    quizzes = {q.kind: q for q in Quiz.objects.filter(organisation=organisation)}
    for _n in range(2):
        person = PersonFactory(organisation=organisation)
        attempt(quizzes["pre"], person, 40, at=FY2570)
        attempt(quizzes["post"], person, 70, at=FY2570)

    current, previous = public_knowledge(organisation.pk, FiscalYear(2570))

    # pre (40 + 60 + 20 + 40 + 40) / 5 = 40; post (80 + 90 + 70 + 40 + 70 + 70) / 6 = 70;
    # pass 6 of 7
    assert (current.people, current.pre_mean, current.post_mean) == ("6", "40.00", "70.00")
    assert (current.change, current.pass_rate) == ("30.00", "85.71")
    assert (previous.people, previous.post_mean) == ("< 5", "ไม่แสดง")


def test_the_public_page_has_no_knowledge_section_without_checks():
    assert public_knowledge(OrganisationFactory().pk, FiscalYear(2570)) == []
