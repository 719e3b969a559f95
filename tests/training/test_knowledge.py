"""Knowledge checks: scoring and retries, a quiz required before acknowledging refusing the
acknowledgment (the service and the portal view) until a passing attempt exists, another
organisation's quiz refused, the quizzes of a briefing, and the admin's rules for questions."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import (
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from tests.pages import build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel
from training.acknowledgment.services import (
    AcknowledgmentRefused,
    Evidence,
    acknowledgments_record,
)
from training.briefings.models import Attendance, AttendanceMethod, AttendanceStatus, Briefing
from training.knowledge.models import Answer, Attempt, Choice, Question, Quiz, QuizKind
from training.knowledge.services import QuizRefused, attempt_submit
from training.register import roles

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=BANGKOK)
HOST = "phrathaen.example.org"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def login(user) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def make_quiz(organisation, *, questions=3, title="มาตรฐานทางจริยธรรม", **fields) -> Quiz:
    """A quiz whose question n has choices "ถูก n" (right) and "ผิด n"."""
    quiz = Quiz.objects.create(organisation=organisation, title=title, **fields)
    for n in range(questions):
        question = Question.objects.create(
            quiz=quiz, text=f"คำถามที่ {n}", explanation=f"เพราะข้อ {n}", sort_order=n
        )
        Choice.objects.create(question=question, text=f"ผิด {n}", is_correct=False, sort_order=0)
        Choice.objects.create(question=question, text=f"ถูก {n}", is_correct=True, sort_order=1)
    return quiz


def answers(quiz, right: int) -> dict[int, int]:
    """Answer the first `right` questions rightly and the rest wrongly."""
    chosen = {}
    for n, question in enumerate(quiz.questions.order_by("sort_order")):
        chosen[question.pk] = question.choices.get(is_correct=n < right).pk
    return chosen


def form_answers(quiz, right: int) -> dict[str, str]:
    return {f"question-{q}": str(c) for q, c in answers(quiz, right).items()}


@pytest.fixture
def office():
    organisation, _home, _ethics, _circulars = build_site(hostname=HOST)
    division = DivisionFactory(organisation=organisation, name="กองคลัง")
    clerk = PersonFactory(
        organisation=organisation,
        division=division,
        first_name="สมชาย",
        user=UserFactory(username="clerk"),
    )
    version = DocumentVersionFactory(organisation=organisation)
    requirement = RequirementFactory(version=version, person=clerk)
    quiz = make_quiz(
        organisation, page=version.page, pass_mark=80, required_before_acknowledging=True
    )
    return {
        "organisation": organisation,
        "division": division,
        "clerk": clerk,
        "version": version,
        "requirement": requirement,
        "quiz": quiz,
    }


# --- Scoring and retries ------------------------------------------------------------------------


def test_an_attempt_is_scored_stored_with_its_answers_and_the_group_of_the_day(office):
    quiz, clerk = office["quiz"], office["clerk"]
    attempt = attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 2))
    assert (attempt.correct, attempt.total, attempt.score) == (2, 3, Decimal("66.67"))
    assert attempt.passed is False  # the pass mark is 80 %
    assert attempt.personnel_group == clerk.personnel_group
    assert attempt.division_id == office["division"].pk
    assert Answer.objects.filter(attempt=attempt, is_correct=True).count() == 2
    assert Answer.objects.filter(attempt=attempt).count() == 3


def test_retries_are_new_attempts_and_the_earlier_ones_stay(office):
    quiz, clerk = office["quiz"], office["clerk"]
    failed = attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 1))
    passed = attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 3))
    failed.refresh_from_db()
    assert (failed.score, failed.passed) == (Decimal("33.33"), False)
    assert (passed.score, passed.passed) == (Decimal("100.00"), True)
    assert Attempt.objects.filter(quiz=quiz, person=clerk).count() == 2


def test_an_answer_must_be_given_to_every_question_and_be_one_of_its_choices(office):
    quiz, clerk = office["quiz"], office["clerk"]
    given = answers(quiz, 3)
    first = next(iter(given))
    with pytest.raises(QuizRefused):
        attempt_submit(quiz=quiz, person=clerk, answers={**given, first: None})
    other = Choice.objects.exclude(question_id=first).first()
    with pytest.raises(QuizRefused):
        attempt_submit(quiz=quiz, person=clerk, answers={**given, first: other.pk})
    assert not Attempt.objects.exists()


def test_another_organisations_quiz_is_refused_by_the_service_and_the_views(office):
    stranger = PersonFactory(user=UserFactory(username="stranger"))
    quiz = office["quiz"]
    with pytest.raises(QuizRefused):
        attempt_submit(quiz=quiz, person=stranger, answers=answers(quiz, 3))
    client = login(stranger.user)
    assert client.get(reverse("quiz_take", args=[quiz.pk])).status_code == 404
    assert (
        client.post(reverse("quiz_take", args=[quiz.pk]), form_answers(quiz, 3)).status_code == 404
    )
    mine = attempt_submit(quiz=quiz, person=office["clerk"], answers=answers(quiz, 3))
    assert client.get(reverse("quiz_attempt", args=[mine.pk])).status_code == 404
    assert Attempt.objects.filter(person=stranger).count() == 0


# --- Taking it in the portal ---------------------------------------------------------------------


def test_the_portal_shows_radio_groups_then_the_score_and_every_explanation(office):
    quiz = office["quiz"]
    client = login(office["clerk"].user)
    page = client.get(reverse("quiz_take", args=[quiz.pk])).content.decode()
    assert page.count('<fieldset class="quiz-question">') == 3
    assert page.count('type="radio"') == 6
    assert "<legend>" in page
    response = client.post(reverse("quiz_take", args=[quiz.pk]), form_answers(quiz, 2))
    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz_attempt", args=[attempt.pk])
    result = client.get(response["Location"]).content.decode()
    assert "ตอบถูก 2 จาก 3 ข้อ" in result
    assert "ยังไม่ผ่านเกณฑ์ร้อยละ 80" in result
    for n in range(3):
        assert f"เพราะข้อ {n}" in result
    assert "ทำแบบทดสอบอีกครั้ง" in result


def test_an_unanswered_question_is_refused_and_nothing_is_stored(office):
    quiz = office["quiz"]
    posted = form_answers(quiz, 3)
    posted.pop(next(iter(posted)))
    response = login(office["clerk"].user).post(reverse("quiz_take", args=[quiz.pk]), posted)
    assert response.status_code == 200
    assert "โปรดตอบให้ครบทุกข้อ" in response.content.decode()
    assert not Attempt.objects.exists()


# --- Required before acknowledging ----------------------------------------------------------------


def test_the_service_refuses_until_a_passing_attempt_exists(office):
    quiz, clerk, requirement = office["quiz"], office["clerk"], office["requirement"]
    for channel in (AcknowledgmentChannel.ONLINE, AcknowledgmentChannel.BRIEFING):
        with pytest.raises(AcknowledgmentRefused) as refusal:
            acknowledgments_record(requirements=[requirement], evidence=Evidence(channel=channel))
        assert "มาตรฐานทางจริยธรรม" in refusal.value.message
    attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 2))  # 66.67 < 80: still no
    with pytest.raises(AcknowledgmentRefused):
        acknowledgments_record(requirements=[requirement], evidence=Evidence())
    assert not Acknowledgment.objects.exists()
    attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 3))
    created, _done = acknowledgments_record(requirements=[requirement], evidence=Evidence())
    assert len(created) == 1


@pytest.mark.parametrize(
    "channel", [AcknowledgmentChannel.SIGNED_LINK, AcknowledgmentChannel.PAPER]
)
def test_people_without_a_login_are_not_held_by_a_quiz_they_cannot_take(office, channel):
    """A council member with a signed link has no login to take the quiz with; paper is a
    signature already given, recorded by HR."""
    created, _done = acknowledgments_record(
        requirements=[office["requirement"]], evidence=Evidence(channel=channel)
    )
    assert [a.channel for a in created] == [channel]


def test_a_closed_quiz_or_one_on_another_document_does_not_block(office):
    quiz = office["quiz"]
    quiz.is_open = False
    quiz.save()
    other = DocumentVersionFactory(organisation=office["organisation"])
    make_quiz(office["organisation"], page=other.page, required_before_acknowledging=True)
    created, _done = acknowledgments_record(
        requirements=[office["requirement"]], evidence=Evidence()
    )
    assert len(created) == 1


def test_the_portal_page_says_so_with_a_link_and_refuses_the_post(office):
    quiz, requirement = office["quiz"], office["requirement"]
    client = login(office["clerk"].user)
    url = reverse("portal_acknowledge", args=[requirement.pk])
    page = client.get(url).content.decode()
    assert "ให้ผ่านเกณฑ์ร้อยละ 80 ก่อนจึงจะรับทราบเอกสารนี้ได้" in page
    assert f'href="{reverse("quiz_take", args=[quiz.pk])}"' in page
    assert 'class="button button--acknowledge"' not in page
    publication = requirement.version.publications.get()
    response = client.post(url, {"publication": publication.pk}, follow=True)
    assert "ก่อนจึงจะรับทราบเอกสารนี้ได้" in response.content.decode()
    assert not Acknowledgment.objects.exists()

    response = client.post(reverse("quiz_take", args=[quiz.pk]), form_answers(quiz, 3))
    result = client.get(response["Location"]).content.decode()
    assert f'href="{url}"' in result  # on to the acknowledgment
    page = client.get(url).content.decode()
    assert 'class="button button--acknowledge"' in page
    client.post(url, {"publication": publication.pk})
    assert Acknowledgment.objects.filter(person=office["clerk"]).count() == 1


# --- Briefings ---------------------------------------------------------------------------------


def test_the_briefing_page_shows_the_pre_test_and_after_attendance_the_post_test(office):
    organisation, clerk = office["organisation"], office["clerk"]
    briefing = Briefing.objects.create(
        organisation=organisation,
        title="ชี้แจงประมวลจริยธรรม",
        starts_at=NOW + datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=3),
        leader=clerk,
    )
    make_quiz(organisation, briefing=briefing, kind=QuizKind.PRE_TEST, questions=1, title="ก่อนอบรม")
    make_quiz(
        organisation, briefing=briefing, kind=QuizKind.POST_TEST, questions=1, title="หลังอบรม"
    )
    client = login(clerk.user)
    page = client.get(reverse("briefing_detail", args=[briefing.pk])).content.decode()
    assert "แบบทดสอบก่อนอบรม: ก่อนอบรม" in page
    assert "หลังอบรม" not in page.split("แบบทดสอบความรู้")[1]
    Attendance.objects.create(
        briefing=briefing,
        person=clerk,
        method=AttendanceMethod.LEADER,
        status=AttendanceStatus.PRESENT,
    )
    page = client.get(reverse("briefing_detail", args=[briefing.pk])).content.decode()
    assert "แบบทดสอบหลังอบรม: หลังอบรม" in page


def test_my_quizzes_lists_what_is_for_me_with_my_best_score(office):
    organisation, clerk = office["organisation"], office["clerk"]
    invited = Briefing.objects.create(
        organisation=organisation,
        title="ชี้แจงกองคลัง",
        starts_at=NOW + datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=3),
        leader=PersonFactory(organisation=organisation),
    )
    invited.divisions.add(office["division"])
    elsewhere = Briefing.objects.create(
        organisation=organisation,
        title="ชี้แจงกองช่าง",
        starts_at=NOW + datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=3),
        leader=PersonFactory(organisation=organisation),
    )
    elsewhere.divisions.add(DivisionFactory(organisation=organisation, name="กองช่าง"))
    make_quiz(organisation, briefing=invited, kind=QuizKind.PRE_TEST, title="ก่อนอบรมกองคลัง")
    post = make_quiz(organisation, briefing=invited, kind=QuizKind.POST_TEST, title="หลังอบรมกองคลัง")
    make_quiz(organisation, briefing=elsewhere, kind=QuizKind.PRE_TEST, title="ก่อนอบรมกองช่าง")
    make_quiz(organisation, title="ปิดแล้ว", is_open=False)
    make_quiz(OrganisationFactory(), title="ของหน่วยงานอื่น")
    attempt_submit(quiz=office["quiz"], person=clerk, answers=answers(office["quiz"], 3))
    client = login(clerk.user)

    page = client.get(reverse("quiz_list")).content.decode()

    assert "มาตรฐานทางจริยธรรม" in page and "ต้องผ่านร้อยละ 80 ก่อนรับทราบเอกสาร" in page
    assert "คะแนนดีที่สุดร้อยละ 100 (ผ่านเกณฑ์)" in page
    assert "ก่อนอบรมกองคลัง" in page
    for hidden in ("หลังอบรมกองคลัง", "ก่อนอบรมกองช่าง", "ปิดแล้ว", "ของหน่วยงานอื่น"):
        assert hidden not in page
    # The post-test once the clerk attended, as the briefing's page offers it.
    Attendance.objects.create(
        briefing=invited,
        person=clerk,
        method=AttendanceMethod.LEADER,
        status=AttendanceStatus.PRESENT,
    )
    assert post.title in client.get(reverse("quiz_list")).content.decode()
    assert 'href="/portal/quizzes/"' in client.get(reverse("portal")).content.decode()


def test_a_pre_tests_result_keeps_its_key_for_the_post_test(office):
    pre = make_quiz(office["organisation"], kind=QuizKind.PRE_TEST, title="ก่อนอบรม")
    client = login(office["clerk"].user)

    response = client.post(reverse("quiz_take", args=[pre.pk]), form_answers(pre, 1))
    result = client.get(response["Location"]).content.decode()

    assert "ตอบถูก 1 จาก 3 ข้อ" in result
    assert "เพราะข้อ 0" not in result and "คำตอบที่ถูก" not in result
    assert "เฉลยและคำอธิบายจะแสดงเมื่อท่านทำแบบทดสอบหลังอบรม" in result


# --- The admin ---------------------------------------------------------------------------------


def quiz_form(organisation, *, right: tuple[bool, ...]) -> dict:
    data = {
        "organisation": organisation.pk,
        "title": "แบบทดสอบใหม่",
        "kind": QuizKind.STANDALONE,
        "pass_mark": 60,
        "is_open": "on",
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 1,
        "questions-MAX_NUM_FORMS": 1000,
        "questions-0-text": "ของขวัญเกิน 3,000 บาท ทำอย่างไร",
        "questions-0-explanation": "รายงานผู้บังคับบัญชา",
        "questions-0-ORDER": 1,
        "questions-0-choices-TOTAL_FORMS": len(right),
        "questions-0-choices-INITIAL_FORMS": 0,
        "questions-0-choices-MIN_NUM_FORMS": 2,
        "questions-0-choices-MAX_NUM_FORMS": 1000,
    }
    for n, is_right in enumerate(right):
        data[f"questions-0-choices-{n}-text"] = f"ตัวเลือก {n}"
        data[f"questions-0-choices-{n}-ORDER"] = n + 1
        if is_right:
            data[f"questions-0-choices-{n}-is_correct"] = "on"
    return data


def test_hr_writes_a_quiz_with_exactly_one_right_answer_per_question(office):
    hr = user_with_role(roles.HR_OFFICER, office["organisation"])
    client = login(hr)
    url = reverse("quiz:add")
    response = client.post(url, quiz_form(office["organisation"], right=(True, True)))
    assert response.status_code == 200
    assert "ต้องมีคำตอบที่ถูกหนึ่งตัวเลือกพอดี" in response.content.decode()
    response = client.post(url, quiz_form(office["organisation"], right=(True,)))
    assert response.status_code == 200
    assert Quiz.objects.count() == 1  # only the fixture's
    response = client.post(url, quiz_form(office["organisation"], right=(False, True)))
    assert response.status_code == 302, response.content.decode()[-3000:]
    quiz = Quiz.objects.get(title="แบบทดสอบใหม่")
    assert [c.is_correct for c in Choice.objects.filter(question__quiz=quiz)] == [False, True]


def test_hr_of_another_organisation_neither_sees_nor_edits_the_quiz(office):
    other = OrganisationFactory()
    hr = user_with_role(roles.HR_OFFICER, other)
    client = login(hr)
    listing = client.get(reverse("quiz:index")).content.decode()
    assert "มาตรฐานทางจริยธรรม" not in listing
    response = client.get(reverse("quiz:edit", args=[office["quiz"].pk]))
    assert response.status_code in (302, 403, 404)
    response = client.post(
        reverse("quiz:add"), quiz_form(office["organisation"], right=(True, False))
    )
    assert response.status_code == 200  # the organisation is not among the choices
    assert not Quiz.objects.filter(title="แบบทดสอบใหม่").exists()


def test_a_briefing_attendee_is_refused_too_until_they_pass(office):
    organisation, clerk, requirement = (
        office["organisation"],
        office["clerk"],
        office["requirement"],
    )
    briefing = Briefing.objects.create(
        organisation=organisation,
        title="ชี้แจงประมวลจริยธรรม",
        starts_at=NOW - datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=1),
        leader=clerk,
    )
    briefing.versions.add(requirement.version)
    Attendance.objects.create(
        briefing=briefing,
        person=clerk,
        method=AttendanceMethod.LEADER,
        status=AttendanceStatus.PRESENT,
    )
    client = login(clerk.user)
    page = client.get(reverse("briefing_detail", args=[briefing.pk])).content.decode()
    assert "ก่อนจึงจะรับทราบเอกสารนี้ได้" in page
    publication = requirement.version.publications.get()
    url = reverse("briefing_acknowledge", args=[briefing.pk, requirement.pk])
    response = client.post(url, {"publication": publication.pk}, follow=True)
    assert "ก่อนจึงจะรับทราบเอกสารนี้ได้" in response.content.decode()
    assert not Acknowledgment.objects.exists()
    attempt_submit(quiz=office["quiz"], person=clerk, answers=answers(office["quiz"], 3))
    client.post(url, {"publication": publication.pk})
    assert Acknowledgment.objects.get().channel == AcknowledgmentChannel.BRIEFING


def test_removing_a_question_later_keeps_the_attempt_and_its_answers(office):
    quiz, clerk = office["quiz"], office["clerk"]
    attempt = attempt_submit(quiz=quiz, person=clerk, answers=answers(quiz, 3))
    quiz.questions.first().delete()
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.total, attempt.passed) == (3, 3, True)
    assert Answer.objects.filter(attempt=attempt).count() == 3
