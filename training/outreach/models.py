"""What was sent to whom: signed-link dispatches and reminders, one row per send."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.acknowledgment.models import Requirement
from training.register.models import Organisation, Person


class DispatchStatus(models.TextChoices):
    """Where an email to a person stands."""

    PENDING = "pending", _("รอส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")


class SignedLinkDispatch(models.Model):
    """One email carrying a signed acknowledgment link to a person without a login.

    At most one per requirement and day, so a send that runs twice emails nobody twice.
    """

    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        related_name="signed_link_dispatches",
        verbose_name=_("รายการที่ต้องรับทราบ"),
    )
    sent_on = models.DateField(_("วันที่ส่ง"), default=timezone.localdate)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้สั่งส่ง"),
    )

    class Meta:
        verbose_name = _("การส่งลิงก์รับทราบ")
        verbose_name_plural = pgettext_lazy("plural", "การส่งลิงก์รับทราบ")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "sent_on"], name="signed_link_dispatch_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.requirement} — {self.sent_on} ({self.get_status_display()})"


class ReminderKind(models.TextChoices):
    """What a reminder email is: a person's own digest, or a head's list of overdue staff."""

    DIGEST = "digest", _("สรุปรายการที่ต้องรับทราบ")
    ESCALATION = "escalation", _("แจ้งหัวหน้าส่วนราชการว่าบุคลากรเกินกำหนด")


class ReminderStatus(models.TextChoices):
    """Where a reminder stands: waiting for the worker, sent, failed, or found to be unneeded."""

    PENDING = "pending", _("รอส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")
    SKIPPED = "skipped", _("ไม่ได้ส่ง เพราะรับทราบครบแล้ว")


class ReminderLog(models.Model):
    """One reminder email to one person on one day: planned, then sent or failed with the error.

    The database holds at most one of each kind per person per day, so planning a day twice (or
    two workers at once) cannot send anyone a second email that day.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงาน")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="reminder_logs",
        verbose_name=_("ผู้รับ"),
    )
    kind = models.CharField(_("ประเภท"), max_length=20, choices=ReminderKind.choices)
    day = models.DateField(_("วันที่เตือน"))
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    items = models.PositiveIntegerField(_("จำนวนรายการ"), default=0)
    recipient = models.EmailField(_("อีเมลผู้รับ"), blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่พยายามส่ง"), default=0)
    created_at = models.DateTimeField(_("วางแผนเมื่อ"), default=timezone.now)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("บันทึกการเตือน")
        verbose_name_plural = pgettext_lazy("plural", "บันทึกการเตือน")
        # A log is written by the reminder tasks only; people may look at it.
        default_permissions = ("view",)
        ordering = ["-day", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "day"], name="reminder_log_once_per_person_kind_day"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "day"]),
            models.Index(fields=["day", "status"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} {self.day.isoformat()}"
