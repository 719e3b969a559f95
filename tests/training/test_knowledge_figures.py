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

from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from training.knowledge.models import Attempt, Quiz, QuizKind
from training.knowledge.selectors import knowledge_figures
from training.register.models import PersonnelGroup, StaffType

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
