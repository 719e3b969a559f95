"""The demo's knowledge checks: the starter question bank as a pre-test, a post-test and a quiz on
conflicts of interest and gifts, on the code of ethics for permanent officials, and attempts in
fiscal years 2569 and 2570 whose post-test scores beat the pre-test, written once through the
scoring service, so the knowledge figures are there from the first `make run`.

Idempotent: quizzes are keyed on their title within the organisation and get their questions only
when new; attempts are written only while the demo quizzes have none.
"""

import datetime
import random
import zlib

from django.utils import timezone
from wagtail.models import Page

from training.knowledge.models import Attempt, Choice, Question, Quiz, QuizKind
from training.knowledge.question_bank import CONFLICTS_AND_GIFTS, QUESTIONS, BankQuestion
from training.knowledge.services import attempt_submit
from training.register.models import Organisation, Person, PersonnelGroup, in_post

CODE_SLUG = "code-permanent"
PRE_TITLE = "แบบทดสอบก่อนอบรม: มาตรฐานทางจริยธรรมและประมวลจริยธรรม"
POST_TITLE = "แบบทดสอบหลังอบรม: มาตรฐานทางจริยธรรมและประมวลจริยธรรม"
GIFTS_TITLE = "ทดสอบความรู้: ผลประโยชน์ทับซ้อนและการรับของขวัญ"

# The days each year's staff took the tests (a morning briefing: pre at 09:00, post at 15:00).
TEST_DAYS = {2569: datetime.date(2026, 3, 12), 2570: datetime.date(2026, 11, 18)}
# Right answers out of 13, before and after: the post-test gains more in the later year.
PRE_RANGE = {2569: (4, 8), 2570: (5, 9)}
GAIN_RANGE = {2569: (1, 4), 2570: (2, 5)}
# Who sits them: the permanent group and the executives, as the code's audience.
GROUPS = (PersonnelGroup.PERMANENT, PersonnelGroup.EXECUTIVE)


def _questions_ensure(quiz: Quiz, bank: list[BankQuestion]) -> None:
    if quiz.questions.exists():
        return
    for order, item in enumerate(bank):
        question = Question.objects.create(
            quiz=quiz, text=item.text, explanation=item.explanation, sort_order=order
        )
        # The right answer in a different place in each question.
        choices = list(item.wrong)
        choices.insert(order % (len(choices) + 1), item.right)
        Choice.objects.bulk_create(
            Choice(question=question, text=text, is_correct=text == item.right, sort_order=n)
            for n, text in enumerate(choices)
        )


def _quiz_ensure(organisation, page, *, title, kind, bank, pass_mark=60) -> tuple[Quiz, bool]:
    quiz, created = Quiz.objects.get_or_create(
        organisation=organisation,
        title=title,
        defaults={"kind": kind, "page": page, "pass_mark": pass_mark},
    )
    _questions_ensure(quiz, bank)
    return quiz, created


def _answers(quiz: Quiz, right: int, rng: random.Random) -> dict[int, int]:
    questions = list(quiz.questions.all())
    rightly = set(rng.sample(range(len(questions)), min(right, len(questions))))
    answers = {}
    for n, question in enumerate(questions):
        choices = list(question.choices.all())
        pool = [c for c in choices if c.is_correct == (n in rightly)]
        answers[question.pk] = rng.choice(pool).pk
    return answers


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _with_questions(quiz: Quiz) -> Quiz:
    return Quiz.objects.prefetch_related("questions__choices").get(pk=quiz.pk)


def _attempts_write(organisation, pre: Quiz, post: Quiz) -> int:
    written = 0
    pre, post = (_with_questions(pre), _with_questions(post))
    for year, day in TEST_DAYS.items():
        if day > timezone.localdate():
            continue
        people = Person.objects.filter(
            in_post(day), organisation=organisation, personnel_group__in=GROUPS
        ).order_by("employee_number")
        for person in people:
            rng = random.Random(zlib.crc32(f"{year}:{person.employee_number}".encode()))
            if rng.random() < 0.15:  # some missed the briefing
                continue
            before = rng.randint(*PRE_RANGE[year])
            after = min(len(post.questions.all()), before + rng.randint(*GAIN_RANGE[year]))
            minute = rng.randint(0, 40)
            attempt_submit(
                quiz=pre, person=person, answers=_answers(pre, before, rng), at=_at(day, 9, minute)
            )
            attempt = attempt_submit(
                quiz=post,
                person=person,
                answers=_answers(post, after, rng),
                at=_at(day, 15, minute),
            )
            written += 2
            if not attempt.passed:  # a retry the next morning, as the portal allows
                attempt_submit(
                    quiz=post,
                    person=person,
                    answers=_answers(post, after + 2, rng),
                    at=_at(day + datetime.timedelta(days=1), 8, minute),
                )
                written += 1
    return written


def demo_knowledge_ensure(*, organisation: Organisation) -> list[str]:
    code = Page.objects.descendant_of(organisation.site.root_page).filter(slug=CODE_SLUG).first()
    if code is None:
        return []
    pre, _new = _quiz_ensure(
        organisation, code, title=PRE_TITLE, kind=QuizKind.PRE_TEST, bank=QUESTIONS
    )
    post, _new = _quiz_ensure(
        organisation, code, title=POST_TITLE, kind=QuizKind.POST_TEST, bank=QUESTIONS
    )
    _quiz_ensure(
        organisation,
        code,
        title=GIFTS_TITLE,
        kind=QuizKind.STANDALONE,
        bank=CONFLICTS_AND_GIFTS,
        pass_mark=80,
    )
    written = 0
    if not Attempt.objects.filter(quiz__in=[pre, post]).exists():
        written = _attempts_write(organisation, pre, post)
    return [
        f"แบบทดสอบ / Quizzes: {Quiz.objects.filter(organisation=organisation).count()}"
        f", การทำแบบทดสอบที่เพิ่ม / attempts added: {written}"
    ]
