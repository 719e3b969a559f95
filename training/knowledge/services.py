"""Writes of the knowledge checks: scoring and storing an attempt."""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.bilingual import bilingual
from training.knowledge.models import Answer, Attempt, Quiz
from training.register.models import Person

OTHER_ORGANISATION = _("แบบทดสอบนี้เป็นของหน่วยงานอื่น")
QUIZ_CLOSED = _("แบบทดสอบนี้ปิดแล้ว")
NO_QUESTIONS = _("แบบทดสอบนี้ยังไม่มีคำถาม")
NOT_A_CHOICE = _("คำตอบไม่ตรงกับตัวเลือกของคำถาม")
UNANSWERED = _("โปรดตอบให้ครบทุกข้อ")


class QuizRefused(Exception):
    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason

    @property
    def message(self) -> str:
        return bilingual(self.reason)


def attempt_submit(
    *,
    quiz: Quiz,
    person: Person,
    answers: Mapping[int, int],
    at: datetime.datetime | None = None,
) -> Attempt:
    """Score and store one attempt: `answers` maps each question's pk to the chosen choice's pk.
    Every question must be answered. A retry is simply another attempt; none is ever changed.
    `quiz` with its questions and choices prefetched saves queries (quiz_for_person)."""
    if person.organisation_id != quiz.organisation_id:
        raise QuizRefused(OTHER_ORGANISATION)
    if not quiz.is_open:
        raise QuizRefused(QUIZ_CLOSED)
    questions = list(quiz.questions.all())
    if not questions:
        raise QuizRefused(NO_QUESTIONS)
    graded = []
    for question in questions:
        chosen = answers.get(question.pk)
        if chosen is None:
            raise QuizRefused(UNANSWERED)
        choice = next((c for c in question.choices.all() if c.pk == chosen), None)
        if choice is None:
            raise QuizRefused(NOT_A_CHOICE)
        graded.append((question, choice))
    correct = sum(1 for _question, choice in graded if choice.is_correct)
    score = Attempt.percent(correct, len(graded))
    with transaction.atomic():
        attempt = Attempt.objects.create(
            quiz=quiz,
            person=person,
            personnel_group=person.personnel_group or "",
            division_id=person.division_id,
            submitted_at=at or timezone.now(),
            correct=correct,
            total=len(graded),
            score=score,
            passed=score >= quiz.pass_mark,
        )
        Answer.objects.bulk_create(
            Answer(attempt=attempt, question=question, choice=choice, is_correct=choice.is_correct)
            for question, choice in graded
        )
    return attempt
