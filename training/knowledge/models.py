"""Knowledge checks (แบบทดสอบ): short multiple-choice quizzes on a code of ethics or a briefing,
and every attempt at one, with its answers and score."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from training.briefings.models import Briefing
from training.register.models import Division, Organisation, Person, PersonnelGroup


class QuizKind(models.TextChoices):
    PRE_TEST = "pre", _("แบบทดสอบก่อนอบรม")
    POST_TEST = "post", _("แบบทดสอบหลังอบรม")
    STANDALONE = "standalone", _("แบบทดสอบทั่วไป")


class Quiz(ClusterableModel):
    """A quiz of one organisation, on a document page (a code of ethics) or on a briefing."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("หน่วยงาน")
    )
    title = models.CharField(_("ชื่อแบบทดสอบ"), max_length=255)
    kind = models.CharField(
        _("ประเภท"), max_length=10, choices=QuizKind.choices, default=QuizKind.STANDALONE
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("เอกสาร (ประมวลจริยธรรม)"),
        help_text=_("แบบทดสอบของเอกสาร เลือกเอกสารหรือการประชุมชี้แจงอย่างใดอย่างหนึ่ง"),
    )
    briefing = models.ForeignKey(
        Briefing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("การประชุมชี้แจง"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("เกณฑ์ผ่าน (ร้อยละ)"), default=60, help_text=_("คะแนนขั้นต่ำเป็นร้อยละ เช่น 80")
    )
    required_before_acknowledging = models.BooleanField(
        _("ต้องสอบผ่านก่อนรับทราบเอกสาร"),
        default=False,
        help_text=_(
            "บุคลากรต้องสอบผ่านแบบทดสอบนี้ก่อนจึงจะกดรับทราบเอกสารได้ทางเว็บไซต์หรือในการประชุมชี้แจง "
            "(สอบซ้ำได้) ไม่ใช้กับการรับทราบผ่านลิงก์ยืนยันตัวตนหรือการลงนามในเอกสาร "
            "ซึ่งผู้รับทราบไม่มีบัญชีเข้าสู่ระบบสำหรับทำแบบทดสอบ"
        ),
    )
    is_open = models.BooleanField(_("เปิดให้ทำ"), default=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), default=timezone.now)

    class Meta:
        verbose_name = _("แบบทดสอบ")
        verbose_name_plural = pgettext_lazy("plural", "แบบทดสอบ")
        ordering = ["organisation", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=True) | Q(briefing__isnull=True),
                name="quiz_on_a_page_or_a_briefing",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100), name="quiz_pass_mark_percent"
            ),
            models.CheckConstraint(
                condition=Q(required_before_acknowledging=False) | Q(page__isnull=False),
                name="quiz_required_only_on_a_page",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.page_id and self.briefing_id:
            raise ValidationError(_("เลือกเอกสารหรือการประชุมชี้แจงอย่างใดอย่างหนึ่ง"))
        if self.required_before_acknowledging and not self.page_id:
            raise ValidationError(
                {"required_before_acknowledging": _("ต้องเลือกเอกสารที่ต้องสอบผ่านก่อนรับทราบ")}
            )
        if self.briefing_id and self.briefing.organisation_id != self.organisation_id:
            raise ValidationError({"briefing": _("การประชุมชี้แจงนี้เป็นของหน่วยงานอื่น")})


class Question(ClusterableModel, Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("คำถาม"))
    explanation = models.TextField(_("คำอธิบาย (แสดงหลังส่งคำตอบ)"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("คำถาม")
        verbose_name_plural = pgettext_lazy("plural", "คำถาม")

    def __str__(self):
        return self.text[:80]


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("ตัวเลือก"), max_length=500)
    is_correct = models.BooleanField(_("คำตอบที่ถูก"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("ตัวเลือก")
        verbose_name_plural = pgettext_lazy("plural", "ตัวเลือก")

    def __str__(self):
        return self.text


class Attempt(models.Model):
    """One submission of a quiz by a person: kept, never changed; a retry is a new attempt."""

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("แบบทดสอบ")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quiz_attempts", verbose_name=_("บุคลากร")
    )
    # The group and division the person had when answering, so a later move does not rewrite
    # last year's figures (as a requirement keeps them from its assignment).
    personnel_group = models.CharField(
        _("กลุ่มบุคลากร"), max_length=20, choices=PersonnelGroup.choices, blank=True
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ส่วนราชการ"),
    )
    submitted_at = models.DateTimeField(_("ส่งคำตอบเมื่อ"), default=timezone.now)
    correct = models.PositiveSmallIntegerField(_("ตอบถูก (ข้อ)"))
    total = models.PositiveSmallIntegerField(_("จำนวนข้อ"))
    score = models.DecimalField(_("คะแนน (ร้อยละ)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("ผ่านเกณฑ์"))

    class Meta:
        verbose_name = _("การทำแบบทดสอบ")
        verbose_name_plural = pgettext_lazy("plural", "การทำแบบทดสอบ")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["quiz", "person", "submitted_at"])]

    def __str__(self):
        return f"{self.person} · {self.quiz} · {self.score}"

    @staticmethod
    def percent(correct: int, total: int) -> Decimal:
        if not total:
            return Decimal("0.00")
        return (Decimal(100) * correct / total).quantize(Decimal("0.01"))


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("การทำแบบทดสอบ")
    )
    # A question or choice removed from the quiz later leaves the attempt's answers and score.
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("คำถาม")
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("คำตอบ"),
    )
    is_correct = models.BooleanField(_("ถูก"))

    class Meta:
        verbose_name = _("คำตอบ")
        verbose_name_plural = pgettext_lazy("plural", "คำตอบ")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_once_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id}: {self.question_id} → {self.choice_id}"
