"""On a phone, a member of staff must pass a quiz before acknowledging a document: the document
says so with a link, they fail it, read the explanations, pass on a retry and then acknowledge."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from training.acknowledgment.models import Acknowledgment
from training.acknowledgment.selectors import outstanding_for_person
from training.demo import DEMO_PASSWORD
from training.knowledge.models import Attempt, Choice, Question, Quiz
from training.register.models import Person

pytestmark = pytest.mark.e2e

QUESTIONS = [
    ("ของขวัญจากผู้ที่ไม่ใช่ญาติ รับได้ไม่เกินเท่าใดต่อโอกาส", "ไม่เกิน ๓,๐๐๐ บาท", "ไม่จำกัด"),
    ("มาตรฐานทางจริยธรรมมีกี่ประการ", "๗ ประการ", "๕ ประการ"),
]


@pytest.fixture
def required_quiz(context):
    call_command("load_demo", verbosity=0)
    staff = Person.objects.get(user__username="staff")
    requirement = outstanding_for_person(staff).first()
    quiz = Quiz.objects.create(
        organisation=staff.organisation,
        title="ทดสอบก่อนรับทราบ",
        page=requirement.version.page,
        pass_mark=100,
        required_before_acknowledging=True,
    )
    for order, (text, right, wrong) in enumerate(QUESTIONS):
        question = Question.objects.create(
            quiz=quiz, text=text, explanation=f"คำอธิบาย: {right}", sort_order=order
        )
        Choice.objects.create(question=question, text=wrong, is_correct=False, sort_order=0)
        Choice.objects.create(question=question, text=right, is_correct=True, sort_order=1)
    return staff, requirement, quiz


def log_in(page: Page, username: str, next_url: str):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def answer(page: Page, *, right: bool):
    for n, (text, right_text, wrong_text) in enumerate(QUESTIONS):
        group = page.get_by_role("group", name=f"ข้อ {n + 1}. {text}")
        chosen = right_text if right or n else wrong_text
        group.get_by_role("radio", name=chosen).check()
    page.get_by_role("button", name="ส่งคำตอบ").click()


def test_staff_fails_then_passes_the_required_quiz_and_then_acknowledges(
    page: Page, required_quiz, axe_check
):
    staff, requirement, quiz = required_quiz
    log_in(page, "staff", f"/portal/acknowledge/{requirement.pk}/")
    blocked = page.locator(".acknowledge-blocked")
    expect(blocked).to_contain_text("ทดสอบก่อนรับทราบ")
    expect(blocked).to_contain_text("ก่อนจึงจะรับทราบเอกสารนี้ได้")
    expect(page.get_by_role("button", name="รับทราบ", exact=True)).to_have_count(0)
    axe_check(page)

    # The portal's list of quizzes offers it too, saying it must be passed first.
    page.goto("/portal/")
    page.get_by_role("link", name="แบบทดสอบความรู้").click()
    expect(page.locator(".todo-list")).to_contain_text("ก่อนรับทราบเอกสาร")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"/portal/acknowledge/{requirement.pk}/")

    blocked.get_by_role("link", name="ทำแบบทดสอบ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ทดสอบก่อนรับทราบ")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    answer(page, right=False)
    expect(page.locator(".quiz-score")).to_contain_text("ตอบถูก 1 จาก 2 ข้อ")
    expect(page.locator(".quiz-score")).to_contain_text("ยังไม่ผ่านเกณฑ์")
    expect(page.locator(".quiz-review")).to_contain_text("คำอธิบาย: ไม่เกิน ๓,๐๐๐ บาท")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_role("link", name="ไปรับทราบเอกสาร")).to_have_count(0)

    page.get_by_role("link", name="ทำแบบทดสอบอีกครั้ง").click()
    answer(page, right=True)
    expect(page.locator(".quiz-score")).to_contain_text("ผ่านเกณฑ์")
    assert list(
        Attempt.objects.filter(quiz=quiz, person=staff)
        .order_by("pk")
        .values_list("passed", flat=True)
    ) == [False, True]

    page.get_by_role("link", name="ไปรับทราบเอกสาร").click()
    expect(page.locator(".acknowledge-blocked")).to_have_count(0)
    page.get_by_role("button", name="รับทราบ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการรับทราบ")
    assert Acknowledgment.objects.filter(person=staff, requirement=requirement).count() == 1
