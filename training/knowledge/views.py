"""Taking a knowledge check in the portal, on a phone: the questions, then the score with each
question's right answer and explanation; retries as often as needed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from training.acknowledgment.views import staff_only
from training.briefings.models import AttendanceStatus
from training.knowledge.models import QuizKind
from training.knowledge.selectors import (
    attempt_for_person,
    attempts_of,
    outstanding_requirement_on_page,
    quiz_for_person,
    quizzes_for_person,
    quizzes_of_briefing,
)
from training.knowledge.services import QuizRefused, attempt_submit
from training.register.selectors import divisions_headed_by, person_for_user


def _person(request):
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    return person


def _posted_answers(request, quiz) -> dict[int, int]:
    answers = {}
    for question in quiz.questions.all():
        value = request.POST.get(f"question-{question.pk}", "")
        if value.isdigit():
            answers[question.pk] = int(value)
    return answers


@staff_only
@require_http_methods(["GET", "POST"])
def quiz_take(request, quiz_id: int):
    person = _person(request)
    quiz = quiz_for_person(quiz_id, person)
    if quiz is None:  # another organisation's quiz, or a closed one
        raise Http404
    answers = {}
    if request.method == "POST":
        answers = _posted_answers(request, quiz)
        try:
            attempt = attempt_submit(quiz=quiz, person=person, answers=answers)
        except QuizRefused as refusal:
            messages.error(request, refusal.message)
        else:
            return redirect("quiz_attempt", attempt.pk)
    return TemplateResponse(
        request,
        "training/knowledge/take.html",
        {
            "person": person,
            "quiz": quiz,
            "answers": answers,
            "previous_attempts": attempts_of(quiz, person)[:5],
            "headed_divisions": divisions_headed_by(person),
        },
    )


@staff_only
def quiz_list(request):
    """The knowledge checks open to me, with my best score so far and which must be passed
    before acknowledging a document."""
    person = _person(request)
    return TemplateResponse(
        request,
        "training/knowledge/list.html",
        {
            "person": person,
            "quizzes": quizzes_for_person(person),
            "headed_divisions": divisions_headed_by(person),
        },
    )


@staff_only
def quiz_attempt(request, attempt_id: int):
    """The score of one of my attempts, each question with my answer, the right one and why."""
    person = _person(request)
    attempt = attempt_for_person(attempt_id, person)
    if attempt is None:
        raise Http404
    requirement = None
    if attempt.passed and attempt.quiz.required_before_acknowledging:
        requirement = outstanding_requirement_on_page(person, attempt.quiz.page_id)
    return TemplateResponse(
        request,
        "training/knowledge/attempt.html",
        {
            "person": person,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "requirement": requirement,
            # A pre-test measures what was known before the briefing: its key would teach the
            # post-test's answers, so it waits for the post-test.
            "shows_key": attempt.quiz.kind != QuizKind.PRE_TEST,
            "headed_divisions": divisions_headed_by(person),
        },
    )


def briefing_quizzes_section(request, briefing, person, attendance) -> str:
    """The briefing page's knowledge checks: the pre-test for every invitee, the post-test once
    their attendance is confirmed (hooked into training.briefings.views)."""
    present = attendance is not None and attendance.status == AttendanceStatus.PRESENT
    quizzes = [
        quiz
        for quiz in quizzes_of_briefing(briefing.pk, person)
        if quiz.kind != QuizKind.POST_TEST or present
    ]
    if not quizzes:
        return ""
    return render_to_string(
        "training/knowledge/briefing_quizzes.html", {"quizzes": quizzes}, request=request
    )
