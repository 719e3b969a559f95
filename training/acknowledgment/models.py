"""Versions of documents, who must acknowledge them, and the acknowledgments kept as evidence."""

import datetime
import hashlib
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.acknowledgment.keys import LEGACY_KEY_ID, keyed_hash
from training.register.models import (
    Division,
    Organisation,
    Person,
    PersonnelGroup,
    StaffType,
    in_post,
)


class ChangeKind(models.TextChoices):
    """What an editor says a publication is: the same version corrected, or a new version."""

    MINOR_CORRECTION = "minor", _("แก้ไขเล็กน้อย (คงฉบับเดิม การรับทราบเดิมยังนับ)")
    NEW_VERSION = "new", _("ฉบับใหม่ (ทุกคนต้องรับทราบใหม่)")


def file_sha256(field_file) -> str:
    """SHA-256 of a stored file's bytes (a scanned sheet), read in chunks."""
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """SHA-256 of a document's text, after the normalisation that makes equal texts hash equal."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class DocumentVersion(models.Model):
    """A version of an acknowledgeable page: what people acknowledge until a newer one replaces it.

    A minor correction adds a publication to the same version; a new version starts the next number
    and everyone in the audience must acknowledge it again.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="document_versions",
        verbose_name=_("เอกสาร"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_versions",
        verbose_name=_("หน่วยงาน"),
        help_text=_("หน่วยงานเจ้าของเว็บไซต์ที่เผยแพร่เอกสาร ณ วันที่เผยแพร่"),
    )
    number = models.PositiveIntegerField(_("ฉบับที่"))
    effective_date = models.DateField(_("วันที่มีผล"))
    created_at = models.DateTimeField(_("เผยแพร่ครั้งแรก"), default=timezone.now)
    superseded_at = models.DateTimeField(_("ถูกแทนที่เมื่อ"), null=True, blank=True)
    # Counted when the version is fanned out and again by the daily sweep, so that listings show
    # "assigned N of M" without counting each version's audience on every page view.
    audience_size = models.PositiveIntegerField(_("จำนวนบุคลากรกลุ่มเป้าหมาย"), null=True, blank=True)
    fanned_out_at = models.DateTimeField(_("มอบหมายเมื่อ"), null=True, blank=True)
    # The audience the version was published for, kept as it was: a minor correction that edits
    # the page's audience does not change whom version N applies to. None: a version recorded
    # before audiences were kept, whose page's current audience is the best there is.
    audience_groups = models.JSONField(_("กลุ่มบุคลากรเป้าหมายของฉบับ"), null=True, blank=True)
    audience_division_ids = models.JSONField(_("ส่วนราชการเป้าหมายของฉบับ"), null=True, blank=True)
    # The last day of the version's occasion (a circular for one festival, say), as the editor
    # set it when publishing. After it nobody is newly assigned the version and nobody is asked
    # for it; requirements already assigned stay in the figures. None: open while current.
    occasion_ends_on = models.DateField(_("วันสิ้นสุดของเรื่องเฉพาะโอกาส"), null=True, blank=True)
    # What changed since the version before, as the editor wrote it when publishing this one:
    # shown to whoever acknowledged an earlier version. Empty for a first version.
    change_summary = models.TextField(_("สรุปสิ่งที่เปลี่ยนจากฉบับก่อน"), blank=True)

    class Meta:
        verbose_name = _("ฉบับของเอกสาร")
        verbose_name_plural = pgettext_lazy("plural", "ฉบับของเอกสาร")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="document_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.page.title} ({_('ฉบับที่')} {self.number})"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def is_open_on(self, day: datetime.date) -> bool:
        return self.is_current and (self.occasion_ends_on is None or day <= self.occasion_ends_on)


def version_open_on(day: datetime.date, *, prefix: str = "") -> Q:
    """A version people are asked for on `day`: current, and its occasion (if any) not yet over."""
    return Q(**{f"{prefix}superseded_at__isnull": True}) & (
        Q(**{f"{prefix}occasion_ends_on__isnull": True})
        | Q(**{f"{prefix}occasion_ends_on__gte": day})
    )


class VersionPublication(models.Model):
    """One publication of a version: the Wagtail revision and the SHA-256 of the text it showed."""

    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("ฉบับ"),
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("รีวิชัน"),
    )
    text_sha256 = models.CharField(_("SHA-256 ของข้อความ"), max_length=64)
    change_kind = models.CharField(_("ประเภท"), max_length=10, choices=ChangeKind.choices)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), default=timezone.now)

    class Meta:
        verbose_name = _("การเผยแพร่")
        verbose_name_plural = pgettext_lazy("plural", "การเผยแพร่")
        ordering = ["version", "-published_at"]

    def __str__(self):
        return f"{self.version} {self.text_sha256[:12]}"


# The same rules as conditions, for counting inside one GROUP BY (the figures) and for CASE.
ACKNOWLEDGED = Q(fulfilled_at__isnull=False)


def past_due(day: datetime.date) -> Q:
    """Unacknowledged after its due date: the due day itself is still on time."""
    return ~ACKNOWLEDGED & Q(due_date__lt=day)


class RequirementQuerySet(models.QuerySet):
    """The rules on requirements, written once: every listing, figure and mail uses them."""

    def acknowledged(self):
        """Fulfilled: set only in the same transaction that writes the acknowledgment."""
        return self.filter(ACKNOWLEDGED)

    def of_people_in_post(self, day: datetime.date):
        return self.filter(in_post(day, prefix="person__"))

    def outstanding(self, day: datetime.date | None = None):
        """Still to acknowledge: unfulfilled, by someone in post, on a version still open (current,
        its occasion not over). The figures count a missed one as outstanding all the same."""
        day = day or timezone.localdate()
        return self.of_people_in_post(day).filter(
            version_open_on(day, prefix="version__"), fulfilled_at__isnull=True
        )

    def overdue(self, day: datetime.date | None = None):
        """Outstanding past its due date (the due day itself is still on time)."""
        day = day or timezone.localdate()
        return self.outstanding(day).filter(past_due(day))


def due_date_for(version: "DocumentVersion", *, days: int) -> datetime.date:
    """When a version's requirements fall due: `days` counted from the day the version was
    published, not the day a worker got round to fanning it out. (Someone who joins the audience
    later gets the new-joiner period from the day they join: `joiner_due_date`.)"""
    return timezone.localdate(version.created_at) + datetime.timedelta(days=days)


def joiner_due_date(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS)


class Requirement(models.Model):
    """That a person must acknowledge a version of a document by a due date.

    Created in bulk when a version is published (or when someone joins the audience); fulfilled by
    an acknowledgment. It stays when the person leaves or the version is superseded: outstanding
    work is only what is unfulfilled, for people in post, on the current version.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงาน")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("บุคลากร")
    )
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="requirements",
        verbose_name=_("ฉบับ"),
    )
    assigned_at = models.DateTimeField(_("มอบหมายเมื่อ"), default=timezone.now)
    due_date = models.DateField(_("กำหนดรับทราบภายใน"))
    fulfilled_at = models.DateTimeField(_("รับทราบเมื่อ"), null=True, blank=True)
    # Who the person was when the requirement was assigned: the figures count by these, so
    # moving someone to another division or group does not rewrite last year's figures.
    personnel_group = models.CharField(
        _("กลุ่มบุคลากร ณ วันที่มอบหมาย"), max_length=20, choices=PersonnelGroup.choices
    )
    staff_type = models.CharField(
        _("ประเภทบุคลากร ณ วันที่มอบหมาย"), max_length=30, choices=StaffType.choices
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ส่วนราชการ ณ วันที่มอบหมาย"),
    )

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("รายการที่ต้องรับทราบ")
        verbose_name_plural = pgettext_lazy("plural", "รายการที่ต้องรับทราบ")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"], name="requirement_unique_person_version"
            )
        ]
        indexes = [
            models.Index(fields=["person", "fulfilled_at"]),
            models.Index(fields=["version", "fulfilled_at"]),
            models.Index(fields=["organisation", "due_date"]),
            models.Index(fields=["organisation", "assigned_at"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.version}"

    def is_overdue_on(self, day: datetime.date) -> bool:
        """`RequirementQuerySet.overdue` for one requirement already loaded."""
        return self.fulfilled_at is None and day > self.due_date


class AcknowledgmentChannel(models.TextChoices):
    """How an acknowledgment reached us."""

    ONLINE = "online", _("ออนไลน์")
    SIGNED_LINK = "signed_link", _("ลิงก์ยืนยันตัวตน")
    PAPER = "paper", _("ลงนามในเอกสาร (บันทึกโดยงานบุคคล)")
    BRIEFING = "briefing", _("ในการประชุมชี้แจง")


CANNOT_CHANGE = _(
    "การรับทราบเป็นหลักฐาน แก้ไขไม่ได้ (An acknowledgment is evidence: it cannot be changed)"
)
CANNOT_DELETE = _("การรับทราบเป็นหลักฐาน ลบไม่ได้ (An acknowledgment is evidence: it cannot be deleted)")
# Worded through home.bilingual where shown.
SCAN_CANNOT_CHANGE = _("ใบลงนามที่สแกนนี้เป็นหลักฐานการรับทราบ จึงแก้ไข เปลี่ยนไฟล์ ย้าย หรือลบไม่ได้")


class EvidenceIsImmutable(Exception):
    """Raised on any attempt to change or remove an acknowledgment."""


class ImmutableQuerySet(models.QuerySet):
    """Acknowledgments are evidence: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise EvidenceIsImmutable(CANNOT_CHANGE)

    def delete(self):
        raise EvidenceIsImmutable(CANNOT_DELETE)

    _raw_delete = delete


class Acknowledgment(models.Model):
    """Evidence that a person acknowledged a version: what text, when, how, and who recorded it.

    Never edited or deleted (the model, its queryset and database triggers all refuse). Each row is
    chained to the previous one in its organisation by `record_hash`, so `verify_acknowledgments`
    can name the first row that was altered or removed behind the application's back.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงาน")
    )
    sequence = models.PositiveBigIntegerField(_("ลำดับในหน่วยงาน"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="acknowledgments",
        verbose_name=_("บุคลากร"),
    )
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="acknowledgments",
        verbose_name=_("ฉบับ"),
    )
    requirement = models.OneToOneField(
        Requirement,
        on_delete=models.PROTECT,
        related_name="acknowledgment",
        verbose_name=_("รายการที่ต้องรับทราบ"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("รีวิชันที่แสดง"),
    )
    text_sha256 = models.CharField(_("SHA-256 ของข้อความที่แสดง"), max_length=64)
    acknowledged_at = models.DateTimeField(_("รับทราบเมื่อ"))
    channel = models.CharField(_("ช่องทาง"), max_length=20, choices=AcknowledgmentChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )
    ip_address = models.GenericIPAddressField(_("หมายเลข IP"), null=True, blank=True)
    user_agent = models.CharField(_("เบราว์เซอร์"), max_length=500, blank=True)
    paper_scan = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ใบลงนามที่สแกน"),
    )
    note = models.TextField(_("หมายเหตุ"), blank=True)
    # The scanned sheet's bytes, not only its id: a file swapped behind the document is noticed.
    scan_sha256 = models.CharField(_("SHA-256 ของไฟล์ใบลงนามที่สแกน"), max_length=64, blank=True)
    previous_hash = models.CharField(_("แฮชของรายการก่อนหน้า"), max_length=64)
    # Which key of settings.ACKNOWLEDGMENT_CHAIN_KEYS signed the link; empty for a record chained
    # before the chain was keyed (plain SHA-256, pinned by the first seal).
    key_id = models.CharField(_("รหัสกุญแจที่ลงนาม"), max_length=40, blank=True)
    record_hash = models.CharField(_("แฮชของรายการนี้"), max_length=64)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("การรับทราบ")
        verbose_name_plural = pgettext_lazy("plural", "การรับทราบ")
        default_permissions = ("add", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"], name="acknowledgment_unique_person_version"
            ),
            models.UniqueConstraint(
                fields=["organisation", "sequence"], name="acknowledgment_unique_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["version", "acknowledged_at"]),
            models.Index(fields=["person", "acknowledged_at"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EvidenceIsImmutable(CANNOT_CHANGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EvidenceIsImmutable(CANNOT_DELETE)

    def chained_content(self) -> str:
        """The fields the hash chain covers, in a fixed order and format."""
        return "|".join(
            str(value)
            for value in (
                self.organisation_id,
                self.sequence,
                self.person_id,
                self.version_id,
                self.requirement_id,
                self.revision_id,
                self.text_sha256,
                self.acknowledged_at.astimezone(datetime.UTC).isoformat(),
                self.channel,
                self.recorded_by_id or "",
                self.ip_address or "",
                self.user_agent,
                self.paper_scan_id or "",
                self.note,
                # Legacy records keep the content they were hashed with.
                *((self.key_id, self.scan_sha256) if self.key_id != LEGACY_KEY_ID else ()),
            )
        )

    def compute_hash(self) -> str:
        """The link: HMAC under the record's key of the previous link and the chained content
        (plain SHA-256 for a legacy record). Raises UnknownChainKey for a key not configured."""
        message = f"{self.previous_hash}|{self.chained_content()}"
        if self.key_id == LEGACY_KEY_ID:
            return hashlib.sha256(message.encode()).hexdigest()
        return keyed_hash(self.key_id, message)


class ChainSeal(models.Model):
    """A day's seal of an organisation's chain: how many records, the last sequence and its hash,
    signed with the chain key and linked to the seal before.

    Copies go to the log, the organisation's auditor and its transparency page, so that a chain
    rewritten in the database disagrees with copies kept outside it. Never changed or deleted.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงาน")
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ตราประทับก่อนหน้า"),
    )
    sealed_on = models.DateField(_("วันที่ประทับ"))
    sealed_at = models.DateTimeField(_("ประทับเมื่อ"))
    count = models.PositiveBigIntegerField(_("จำนวนรายการ"))
    last_sequence = models.PositiveBigIntegerField(_("ลำดับสุดท้าย"))
    head_hash = models.CharField(_("แฮชของรายการสุดท้าย"), max_length=64)
    # The seal written when the chain was keyed: it pins the records chained before (plain
    # SHA-256, no key), which verify accepts up to its last sequence and nowhere else.
    legacy = models.BooleanField(_("ตราประทับของรายการก่อนใช้กุญแจ"), default=False)
    key_id = models.CharField(_("รหัสกุญแจที่ลงนาม"), max_length=40)
    signature = models.CharField(_("ลายมือชื่อดิจิทัล"), max_length=64)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("ตราประทับห่วงโซ่การรับทราบ")
        verbose_name_plural = pgettext_lazy("plural", "ตราประทับห่วงโซ่การรับทราบ")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sealed_on"], name="chain_seal_one_per_day"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-sealed_at"])]

    def __str__(self):
        return f"{self.organisation_id} {self.sealed_on} {self.token}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EvidenceIsImmutable(CANNOT_CHANGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EvidenceIsImmutable(CANNOT_DELETE)

    @property
    def token(self) -> str:
        """What the auditor keeps and gives back to verify_acknowledgments --seal."""
        return f"{self.count}:{self.last_sequence}:{self.head_hash}"

    def compute_signature(self, previous_signature: str) -> str:
        return seal_signature(
            key_id=self.key_id,
            organisation_id=self.organisation_id,
            sealed_on=self.sealed_on,
            sealed_at=self.sealed_at,
            count=self.count,
            last_sequence=self.last_sequence,
            head_hash=self.head_hash,
            legacy=self.legacy,
            previous_signature=previous_signature,
        )


def seal_signature(
    *,
    key_id: str,
    organisation_id: int,
    sealed_on: datetime.date,
    sealed_at: datetime.datetime,
    count: int,
    last_sequence: int,
    head_hash: str,
    legacy: bool,
    previous_signature: str,
) -> str:
    """The seal's HMAC over what it says and the signature of the seal before (a function, so that
    the migration that writes the first seals signs them the same way)."""
    content = "|".join(
        str(value)
        for value in (
            organisation_id,
            sealed_on.isoformat(),
            sealed_at.astimezone(datetime.UTC).isoformat(),
            count,
            last_sequence,
            head_hash,
            "legacy" if legacy else "",
            previous_signature,
        )
    )
    return keyed_hash(key_id, content)
