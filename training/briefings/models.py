"""Briefings (การประชุมชี้แจง / การอบรม) that heads, HR or editors hold, and who attended them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.acknowledgment.models import DocumentVersion
from training.register.models import Division, Organisation, Person, PersonnelGroup


class BriefingQuerySet(models.QuerySet):
    def upcoming(self, moment=None):
        """Briefings not yet over."""
        return self.filter(ends_at__gte=moment or timezone.now())


class Briefing(models.Model):
    """A briefing or training session on the ethical standards, held for invited staff."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="briefings",
        verbose_name=_("หน่วยงาน"),
    )
    title = models.CharField(_("หัวข้อ"), max_length=255)
    starts_at = models.DateTimeField(_("เริ่ม"))
    ends_at = models.DateTimeField(_("สิ้นสุด"))
    place = models.CharField(_("สถานที่"), max_length=255, blank=True)
    online_url = models.URLField(_("ลิงก์ประชุมออนไลน์"), blank=True)
    leader = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="briefings_led",
        verbose_name=_("ผู้บรรยาย / ผู้ชี้แจง"),
    )
    divisions = models.ManyToManyField(
        Division, blank=True, related_name="briefings", verbose_name=_("ส่วนราชการที่เชิญ")
    )
    # Whole personnel groups invited, as values of PersonnelGroup (a JSON list works on SQLite too).
    personnel_groups = models.JSONField(_("กลุ่มบุคลากรที่เชิญ"), default=list, blank=True)
    versions = models.ManyToManyField(
        DocumentVersion,
        blank=True,
        related_name="briefings",
        verbose_name=_("เอกสารที่ชี้แจง (ฉบับ)"),
    )
    agenda = models.TextField(_("วาระ"), blank=True)
    materials = models.ManyToManyField(
        "wagtaildocs.Document",
        blank=True,
        related_name="briefings_as_material",
        verbose_name=_("เอกสารประกอบ"),
    )
    # Photos and minutes, kept in the organisation's scan collection as evidence.
    evidence = models.ManyToManyField(
        "wagtaildocs.Document",
        blank=True,
        related_name="briefings_as_evidence",
        verbose_name=_("ภาพถ่ายและรายงานการประชุม"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้จัด"),
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), default=timezone.now)
    invitations_sent_at = models.DateTimeField(_("ส่งหนังสือเชิญเมื่อ"), null=True, blank=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("การประชุมชี้แจง")
        verbose_name_plural = pgettext_lazy("plural", "การประชุมชี้แจง")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="briefing_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self):
        return self.title

    def invited_q(self, *, prefix: str = "") -> Q:
        """Who is invited: the named divisions' people and the named groups' people; everyone of
        the organisation when the briefing names neither. `prefix` as in `in_post`."""
        division_ids = [division.pk for division in self.divisions.all()]
        if not division_ids and not self.personnel_groups:
            return Q(**{f"{prefix}organisation_id": self.organisation_id})
        return Q(**{f"{prefix}organisation_id": self.organisation_id}) & (
            Q(**{f"{prefix}division_id__in": division_ids})
            | Q(**{f"{prefix}personnel_group__in": self.personnel_groups})
        )

    def invites(self, person: Person) -> bool:
        """`invited_q` for one person already loaded (the divisions prefetched)."""
        if person.organisation_id != self.organisation_id:
            return False
        division_ids = {division.pk for division in self.divisions.all()}
        if not division_ids and not self.personnel_groups:
            return True
        return person.division_id in division_ids or person.personnel_group in self.personnel_groups

    @property
    def personnel_group_labels(self) -> list[str]:
        labels = dict(PersonnelGroup.choices)
        return [str(labels.get(group, group)) for group in self.personnel_groups]


class AttendanceMethod(models.TextChoices):
    """How an attendance was recorded."""

    QR = "qr", _("สแกนคิวอาร์โค้ด")
    LEADER = "leader", _("ผู้บรรยายบันทึก")
    PAPER = "paper", _("ใบลงชื่อ (สแกน)")


class AttendanceStatus(models.TextChoices):
    PENDING = "pending", _("รอผู้บรรยายยืนยัน")
    PRESENT = "present", _("เข้าร่วม")
    WITHDRAWN = "withdrawn", _("ยกเลิกโดยการแก้ไข")


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        return self.filter(status=AttendanceStatus.PRESENT)


class Attendance(models.Model):
    """That a person attended a briefing: one record per person and briefing."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("การประชุม")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("บุคลากร")
    )
    method = models.CharField(_("วิธีบันทึก"), max_length=10, choices=AttendanceMethod.choices)
    status = models.CharField(_("สถานะ"), max_length=10, choices=AttendanceStatus.choices)
    invited = models.BooleanField(_("ได้รับเชิญ"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )
    recorded_at = models.DateTimeField(_("บันทึกเมื่อ"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้ยืนยัน"),
    )
    confirmed_at = models.DateTimeField(_("ยืนยันเมื่อ"), null=True, blank=True)
    paper_scan = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ใบลงชื่อที่สแกน"),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("การเข้าร่วม")
        verbose_name_plural = pgettext_lazy("plural", "การเข้าร่วม")
        ordering = ["briefing", "person__employee_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "person"], name="attendance_once_per_person_and_briefing"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.briefing}"


class AttendanceCorrection(models.Model):
    """A logged change of an attendance's status: the only way one is ever corrected."""

    attendance = models.ForeignKey(
        Attendance,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("การเข้าร่วม"),
    )
    status_before = models.CharField(_("สถานะเดิม"), max_length=10, choices=AttendanceStatus.choices)
    status_after = models.CharField(_("สถานะใหม่"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.TextField(_("เหตุผล"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ผู้แก้ไข"),
    )
    corrected_at = models.DateTimeField(_("แก้ไขเมื่อ"), default=timezone.now)

    class Meta:
        verbose_name = _("การแก้ไขการเข้าร่วม")
        verbose_name_plural = pgettext_lazy("plural", "การแก้ไขการเข้าร่วม")
        ordering = ["-corrected_at"]

    def __str__(self):
        return f"{self.attendance}: {self.status_before} → {self.status_after}"
