"""Reads of the knowledge checks: which quizzes a page or a briefing has, what blocks an
acknowledgment, a person's attempts, and the knowledge figures of a fiscal year."""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.thai_dates import FiscalYear
from training.acknowledgment.gates import Blocker
from training.acknowledgment.models import Requirement
from training.briefings.models import Attendance, AttendanceStatus
from training.knowledge.models import Attempt, Choice, Question, Quiz, QuizKind
from training.register.models import Person, PersonnelGroup

PASS_FIRST = _("ต้องทำแบบทดสอบ “%(title)s” ให้ผ่านเกณฑ์ร้อยละ %(mark)s ก่อนจึงจะรับทราบเอกสารนี้ได้")
TAKE_QUIZ = _("ทำแบบทดสอบ")


def quiz_for_person(quiz_id: int, person: Person) -> Quiz | None:
    """An open quiz of the person's own organisation, its questions and choices prefetched (two
    more queries); None for another organisation's quiz or a closed one."""
    return (
        Quiz.objects.filter(pk=quiz_id, organisation_id=person.organisation_id, is_open=True)
        .select_related("page", "briefing")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
                ),
            )
        )
        .first()
    )


def attempts_of(quiz: Quiz, person: Person) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, person=person).order_by("-submitted_at", "-pk")


def attempt_for_person(attempt_id: int, person: Person) -> Attempt | None:
    """One of the person's own attempts, with its answers and the quiz's questions."""
    attempt = (
        Attempt.objects.filter(pk=attempt_id, person=person)
        .select_related("quiz", "quiz__page")
        .prefetch_related("answers")
        .first()
    )
    if attempt is None:
        return None
    quiz = quiz_for_person(attempt.quiz_id, person) or attempt.quiz
    chosen = {answer.question_id: answer.choice_id for answer in attempt.answers.all()}
    attempt.review = [(question, chosen.get(question.pk)) for question in quiz.questions.all()]
    return attempt


def quizzes_of_briefing(briefing_id: int, person: Person) -> list[Quiz]:
    """The open quizzes of a briefing (pre-test first), each with the person's best score so far
    as `best` (None if never tried): two queries."""
    quizzes = list(
        Quiz.objects.filter(
            briefing_id=briefing_id, organisation_id=person.organisation_id, is_open=True
        ).order_by("-kind", "title")  # "pre" before "post" before "standalone"
    )
    best = _best_attempts(person, [quiz.pk for quiz in quizzes])
    for quiz in quizzes:
        quiz.best = best.get(quiz.pk)
    return quizzes


def quizzes_for_person(person: Person) -> list[Quiz]:
    """The open quizzes of the person's organisation that are for them: every quiz not tied to a
    briefing; of a briefing that invites them or that they lead, its pre-test, and its post-test
    once they attended (as the briefing's page offers them). Newest first, each with the
    person's best attempt as `best`. Four queries, however many there are."""
    quizzes = list(
        Quiz.objects.filter(organisation_id=person.organisation_id, is_open=True)
        .select_related("page", "briefing")
        .prefetch_related("briefing__divisions")
        .order_by("-created_at", "-pk")
    )
    attended = set(
        Attendance.objects.filter(
            person=person,
            status=AttendanceStatus.PRESENT,
            briefing_id__in={quiz.briefing_id for quiz in quizzes if quiz.briefing_id},
        ).values_list("briefing_id", flat=True)
    )

    def for_them(quiz: Quiz) -> bool:
        if quiz.briefing_id is None:
            return True
        if quiz.kind == QuizKind.POST_TEST:
            return quiz.briefing_id in attended
        return quiz.briefing.leader_id == person.pk or quiz.briefing.invites(person)

    mine = [quiz for quiz in quizzes if for_them(quiz)]
    best = _best_attempts(person, [quiz.pk for quiz in mine])
    for quiz in mine:
        quiz.best = best.get(quiz.pk)
    return mine


def _best_attempts(person: Person, quiz_ids) -> dict[int, Attempt]:
    best = {}
    for attempt in Attempt.objects.filter(person=person, quiz_id__in=quiz_ids).order_by(
        "quiz_id", "-score", "-submitted_at"
    ):
        best.setdefault(attempt.quiz_id, attempt)
    return best


def outstanding_requirement_on_page(person: Person, page_id: int | None) -> Requirement | None:
    """The person's requirement still to acknowledge on a document page, if any."""
    if page_id is None:
        return None
    return (
        Requirement.objects.filter(
            person=person, version__page_id=page_id, fulfilled_at__isnull=True
        )
        .order_by("due_date", "pk")
        .first()
    )


def knowledge_gate(requirements: list[Requirement]) -> dict[int, list[Blocker]]:
    """The acknowledgment gate of the knowledge checks: a requirement is blocked while its person
    has no passing attempt of an open quiz of their organisation that is required before
    acknowledging the requirement's document. Two queries whatever the number of requirements."""
    page_ids = {r.version.page_id for r in requirements}
    organisation_ids = {r.organisation_id for r in requirements}
    quizzes = list(
        Quiz.objects.filter(
            page_id__in=page_ids,
            organisation_id__in=organisation_ids,
            required_before_acknowledging=True,
            is_open=True,
        ).order_by("pk")
    )
    if not quizzes:
        return {}
    passed = set(
        Attempt.objects.filter(
            quiz__in=quizzes, person_id__in={r.person_id for r in requirements}, passed=True
        ).values_list("quiz_id", "person_id")
    )
    blocked: dict[int, list[Blocker]] = {}
    for requirement in requirements:
        for quiz in quizzes:
            if (
                quiz.page_id == requirement.version.page_id
                and quiz.organisation_id == requirement.organisation_id
                and (quiz.pk, requirement.person_id) not in passed
            ):
                blocked.setdefault(requirement.pk, []).append(
                    Blocker(
                        message=PASS_FIRST,
                        params={"title": quiz.title, "mark": quiz.pass_mark},
                        url=reverse("quiz_take", args=[quiz.pk]),
                        link_text=str(TAKE_QUIZ),
                    )
                )
    return blocked


# --- The knowledge figures -------------------------------------------------------------------
#
# How they are counted (the README says the same):
# - An attempt belongs to the fiscal year it was submitted in, and to the quiz's organisation.
# - A person's score on a pre-test is their FIRST attempt of the year at it (what they knew
#   before); on a post-test their BEST attempt (what they came to know; a retry that passes
#   counts). Each (person, quiz) pair is counted once; means are over those pairs.
# - Change in points = mean post-test score − mean pre-test score, in percentage points.
# - Pass rate = the share of (person, quiz) pairs of post-tests and standalone quizzes whose best
#   attempt passed.
# - People = distinct people with any attempt in the year; attempts = every attempt, all kinds.
# - Group and division: those kept on the attempt when it was submitted (the pair's first attempt
#   of the year); an attempt that kept none is counted under the person's current group and
#   division, and `groups_from_register` says how many pairs were.


@dataclasses.dataclass(frozen=True)
class KnowledgeFigure:
    people: int = 0
    attempts: int = 0
    pre_count: int = 0
    pre_mean: Decimal | None = None
    post_count: int = 0
    post_mean: Decimal | None = None
    passed: int = 0
    pass_base: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.pre_mean is None or self.post_mean is None:
            return None
        return self.post_mean - self.pre_mean

    @property
    def pass_rate(self) -> Decimal | None:
        if not self.pass_base:
            return None
        return (Decimal(100) * self.passed / self.pass_base).quantize(Decimal("0.01"))


@dataclasses.dataclass(frozen=True)
class KnowledgeYear:
    fiscal_year: FiscalYear
    overall: KnowledgeFigure
    by_group: dict[str, KnowledgeFigure]
    groups_from_register: int = 0


@dataclasses.dataclass(frozen=True)
class KnowledgeFigures:
    """The year's knowledge figures with the previous year's beside them."""

    current: KnowledgeYear
    previous: KnowledgeYear

    def rows(self) -> list[tuple[str, str, KnowledgeFigure, KnowledgeFigure]]:
        """(key, label, this year, last year): everyone first, then each group in order."""
        rows = [("", str(_("ทุกกลุ่ม")), self.current.overall, self.previous.overall)]
        for group, label in PersonnelGroup.choices:
            rows.append(
                (
                    group,
                    str(label),
                    self.current.by_group.get(group, KnowledgeFigure()),
                    self.previous.by_group.get(group, KnowledgeFigure()),
                )
            )
        return rows


def _mean(scores: list[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))


def _figure(pairs: list[dict], attempts: int) -> KnowledgeFigure:
    pre = [p["first"] for p in pairs if p["kind"] == QuizKind.PRE_TEST]
    post = [p["best"] for p in pairs if p["kind"] == QuizKind.POST_TEST]
    graded = [p for p in pairs if p["kind"] != QuizKind.PRE_TEST]
    return KnowledgeFigure(
        people=len({p["person_id"] for p in pairs}),
        attempts=attempts,
        pre_count=len(pre),
        pre_mean=_mean(pre),
        post_count=len(post),
        post_mean=_mean(post),
        passed=sum(1 for p in graded if p["passed"]),
        pass_base=len(graded),
    )


def _year(fiscal_year: FiscalYear, rows: list[dict]) -> KnowledgeYear:
    pairs: dict[tuple[int, int], dict] = {}
    for row in rows:  # ordered by submission
        key = (row["person_id"], row["quiz_id"])
        pair = pairs.get(key)
        if pair is None:
            pairs[key] = {
                "person_id": row["person_id"],
                "kind": row["kind"],
                "group": row["group"],
                "from_register": row["from_register"],
                "first": row["score"],
                "best": row["score"],
                "passed": row["passed"],
                "attempts": 1,
            }
            continue
        pair["best"] = max(pair["best"], row["score"])
        pair["passed"] = pair["passed"] or row["passed"]
        pair["attempts"] += 1
    by_group: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs.values():
        by_group[pair["group"]].append(pair)
    return KnowledgeYear(
        fiscal_year=fiscal_year,
        overall=_figure(list(pairs.values()), len(rows)),
        by_group={
            group: _figure(members, sum(p["attempts"] for p in members))
            for group, members in by_group.items()
        },
        groups_from_register=sum(1 for p in pairs.values() if p["from_register"]),
    )


def knowledge_figures(
    organisation_id: int, fiscal_year: FiscalYear | int, division_id: int | None = None
) -> KnowledgeFigures:
    """The knowledge outcome of a fiscal year (and the year before) for an organisation or one
    division of it: mean pre-test and post-test scores, their change, pass rate, people and
    attempts, overall and by personnel group. One query whatever the number of attempts."""
    if isinstance(fiscal_year, int):
        fiscal_year = FiscalYear(fiscal_year)
    previous = fiscal_year.previous()
    first, _after = previous.datetime_range()
    _first, after = fiscal_year.datetime_range()
    attempts = Attempt.objects.filter(
        quiz__organisation_id=organisation_id, submitted_at__gte=first, submitted_at__lt=after
    ).annotate(
        kind=F("quiz__kind"),
        group=Coalesce(NullIf("personnel_group", Value("")), "person__personnel_group"),
        kept_division=Coalesce("division_id", "person__division_id"),
    )
    if division_id is not None:
        attempts = attempts.filter(kept_division=division_id)
    current_start = fiscal_year.datetime_range()[0]
    rows = {fiscal_year: [], previous: []}
    for row in attempts.order_by("submitted_at", "pk").values(
        "person_id",
        "quiz_id",
        "kind",
        "group",
        "personnel_group",
        "score",
        "passed",
        "submitted_at",
    ):
        row["from_register"] = not row["personnel_group"]
        rows[fiscal_year if row["submitted_at"] >= current_start else previous].append(row)
    return KnowledgeFigures(
        current=_year(fiscal_year, rows[fiscal_year]), previous=_year(previous, rows[previous])
    )
