"""The personnel register: organisations, their divisions and the people who must know the codes."""

import datetime
import hashlib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager


class OrganisationType(models.TextChoices):
    """Kinds of Thai local administrative organisation (องค์กรปกครองส่วนท้องถิ่น)."""

    CITY_MUNICIPALITY = "city_municipality", _("เทศบาลนคร")
    TOWN_MUNICIPALITY = "town_municipality", _("เทศบาลเมือง")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("เทศบาลตำบล")
    PROVINCIAL_ADMINISTRATION = "provincial_administration", _("องค์การบริหารส่วนจังหวัด")
    SUBDISTRICT_ADMINISTRATION = "subdistrict_administration", _("องค์การบริหารส่วนตำบล")
    SPECIAL = "special", _("องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ")


class PersonnelGroup(models.TextChoices):
    """The three groups that each have their own code of ethics."""

    POLITICAL = "political", _("ฝ่ายการเมือง")
    EXECUTIVE = "executive", _("ฝ่ายบริหาร")
    PERMANENT = "permanent", _("ฝ่ายข้าราชการประจำ")


class StaffType(models.TextChoices):
    """The finer kind of post a person holds; each belongs to exactly one personnel group."""

    MAYOR = "mayor", _("นายกเทศมนตรี")
    DEPUTY_MAYOR = "deputy_mayor", _("รองนายกเทศมนตรี")
    MAYOR_SECRETARY = "mayor_secretary", _("เลขานุการนายกเทศมนตรี")
    MAYOR_ADVISER = "mayor_adviser", _("ที่ปรึกษานายกเทศมนตรี")
    COUNCIL_MEMBER = "council_member", _("สมาชิกสภาเทศบาล")
    MUNICIPAL_CLERK = "municipal_clerk", _("ปลัดเทศบาล")
    DEPUTY_CLERK = "deputy_clerk", _("รองปลัดเทศบาล")
    DIVISION_DIRECTOR = "division_director", _("ผู้อำนวยการกอง / หัวหน้าสำนัก")
    MUNICIPAL_OFFICIAL = "municipal_official", _("พนักงานเทศบาล")
    MUNICIPAL_TEACHER = "municipal_teacher", _("ครูเทศบาล")
    PERMANENT_EMPLOYEE = "permanent_employee", _("ลูกจ้างประจำ")
    MISSION_CONTRACT = "mission_contract", _("พนักงานจ้างตามภารกิจ")
    GENERAL_CONTRACT = "general_contract", _("พนักงานจ้างทั่วไป")


STAFF_TYPES_BY_GROUP = {
    PersonnelGroup.POLITICAL: [
        StaffType.MAYOR,
        StaffType.DEPUTY_MAYOR,
        StaffType.MAYOR_SECRETARY,
        StaffType.MAYOR_ADVISER,
        StaffType.COUNCIL_MEMBER,
    ],
    PersonnelGroup.EXECUTIVE: [
        StaffType.MUNICIPAL_CLERK,
        StaffType.DEPUTY_CLERK,
        StaffType.DIVISION_DIRECTOR,
    ],
    PersonnelGroup.PERMANENT: [
        StaffType.MUNICIPAL_OFFICIAL,
        StaffType.MUNICIPAL_TEACHER,
        StaffType.PERMANENT_EMPLOYEE,
        StaffType.MISSION_CONTRACT,
        StaffType.GENERAL_CONTRACT,
    ],
}
GROUP_OF_STAFF_TYPE = {
    staff_type: group for group, types in STAFF_TYPES_BY_GROUP.items() for staff_type in types
}


class Organisation(models.Model):
    """A local administrative organisation; one per Wagtail Site, so one installation hosts many."""

    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        related_name="organisation",
        verbose_name=_("เว็บไซต์"),
    )
    slug = models.SlugField(_("รหัสย่อ"), max_length=80, unique=True)
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    organisation_type = models.CharField(
        _("ประเภท"), max_length=40, choices=OrganisationType.choices
    )
    province = models.CharField(_("จังหวัด"), max_length=100)
    district = models.CharField(_("อำเภอ"), max_length=100)
    address = models.TextField(_("ที่อยู่"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    complaint_channels = models.TextField(
        _("ช่องทางร้องเรียน"),
        blank=True,
        help_text=_("หนึ่งช่องทางต่อบรรทัด เช่น โทรศัพท์ ไลน์ เว็บไซต์ ตู้รับเรื่อง"),
    )

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = pgettext_lazy("plural", "หน่วยงาน")
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th

    @property
    def complaint_channel_list(self) -> list[str]:
        return [line.strip() for line in self.complaint_channels.splitlines() if line.strip()]


class Division(models.Model):
    """A division of an organisation (สำนักปลัดเทศบาล, กองคลัง, กองช่าง ...)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="divisions",
        verbose_name=_("หน่วยงาน"),
    )
    name = models.CharField(_("ชื่อส่วนราชการ"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_divisions",
        verbose_name=_("หัวหน้าส่วนราชการ"),
    )

    class Meta:
        verbose_name = _("ส่วนราชการ")
        verbose_name_plural = pgettext_lazy("plural", "ส่วนราชการ")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="division_unique_name_per_organisation"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.head_id and self.head.organisation_id != self.organisation_id:
            raise ValidationError({"head": _("หัวหน้าต้องเป็นบุคลากรของหน่วยงานเดียวกัน")})


def in_post(day: datetime.date, *, prefix: str = "") -> Q:
    """People in post on a day (joined on or before it, not yet gone), through `prefix`."""
    return Q(**{f"{prefix}active_from__lte": day}) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": day})
    )


class PersonQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """People in post on a day: joined on or before it and not yet gone."""
        return self.filter(in_post(day))

    def active(self):
        return self.active_on(timezone.localdate())


class Person(models.Model):
    """Someone bound by a code of ethics: a politician, an executive or a permanent official."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("หน่วยงาน"),
    )
    employee_number = models.CharField(_("เลขประจำตัว"), max_length=50)
    title = models.CharField(_("คำนำหน้า"), max_length=50, blank=True)
    first_name = models.CharField(_("ชื่อ"), max_length=150)
    last_name = models.CharField(_("นามสกุล"), max_length=150)
    position = models.CharField(_("ตำแหน่ง"), max_length=255)
    personnel_group = models.CharField(
        _("กลุ่มบุคลากร"), max_length=20, choices=PersonnelGroup.choices
    )
    staff_type = models.CharField(_("ประเภทบุคลากร"), max_length=30, choices=StaffType.choices)
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("ส่วนราชการ"),
    )
    email = models.EmailField(_("อีเมล"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("บัญชีผู้ใช้"),
    )
    active_from = models.DateField(_("เริ่มปฏิบัติงาน"), default=timezone.localdate)
    active_until = models.DateField(_("พ้นจากตำแหน่ง"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("บุคลากร")
        verbose_name_plural = pgettext_lazy("plural", "บุคลากร")
        ordering = ["organisation", "employee_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                name="person_unique_employee_number_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="person_active_until_after_active_from",
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(personnel_group=group, staff_type__in=types)
                        for group, types in STAFF_TYPES_BY_GROUP.items()
                    ],
                    _connector=Q.OR,
                ),
                name="person_staff_type_in_personnel_group",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "personnel_group"]),
            models.Index(fields=["organisation", "division"]),
            models.Index(fields=["organisation", "active_until"]),
            models.Index(fields=["organisation", "last_name", "first_name"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    def is_active_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_until is None or self.active_until >= day)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    def clean(self):
        errors = {}
        if (
            self.staff_type
            and self.personnel_group
            and GROUP_OF_STAFF_TYPE.get(self.staff_type) != self.personnel_group
        ):
            errors["staff_type"] = _("ประเภทบุคลากรนี้ไม่อยู่ในกลุ่มบุคลากรที่เลือก")
        if (
            self.division_id
            and self.organisation_id
            and self.division.organisation_id != self.organisation_id
        ):
            errors["division"] = _("ส่วนราชการต้องเป็นของหน่วยงานเดียวกัน")
        if self.active_until and self.active_from and self.active_until < self.active_from:
            errors["active_until"] = _("วันที่พ้นจากตำแหน่งต้องไม่ก่อนวันที่เริ่มปฏิบัติงาน")
        if errors:
            raise ValidationError(errors)


class ChangeKind(models.TextChoices):
    """What an editor says a publication is: the same version corrected, or a new version."""

    MINOR_CORRECTION = "minor", _("แก้ไขเล็กน้อย (คงฉบับเดิม การรับทราบเดิมยังนับ)")
    NEW_VERSION = "new", _("ฉบับใหม่ (ทุกคนต้องรับทราบใหม่)")


def text_sha256(text: str) -> str:
    """SHA-256 of a document's text, after the normalisation that makes equal texts hash equal."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class AcknowledgeablePage(RoutablePageMixin, Page):
    """A page whose readers must acknowledge it: it names its audience and carries versions.

    Content apps inherit this; the tracker knows a document only through these fields, the page
    and its revisions. `acknowledgment_text()` says what text a reader acknowledges.
    """

    requires_acknowledgment = models.BooleanField(
        _("ต้องรับทราบ"),
        default=True,
        help_text=_("บุคลากรกลุ่มเป้าหมายต้องอ่านและกดรับทราบเอกสารนี้"),
    )
    audience_groups = models.JSONField(
        _("กลุ่มบุคลากรเป้าหมาย"),
        default=list,
        blank=True,
        help_text=_("ไม่เลือกเลย หมายถึงทุกกลุ่ม"),
    )
    audience_divisions = ParentalManyToManyField(
        "training.Division",
        blank=True,
        related_name="+",
        verbose_name=_("ส่วนราชการเป้าหมาย"),
        help_text=_("ไม่เลือกเลย หมายถึงทุกส่วนราชการ"),
    )
    acknowledgment_days = models.PositiveSmallIntegerField(
        _("กำหนดรับทราบภายใน (วัน)"),
        default=30,
    )
    change_kind = models.CharField(
        _("การเผยแพร่ครั้งนี้เป็น"),
        max_length=10,
        choices=ChangeKind.choices,
        blank=True,
        help_text=_("เลือกทุกครั้งที่เผยแพร่เอกสารที่เคยเผยแพร่แล้ว"),
    )

    class Meta:
        abstract = True

    def acknowledgment_text(self) -> str:
        """The text a reader acknowledges, as plain text; page types add their body."""
        return self.title

    def reader_refusal(self, request):
        """A response turning this reader away from this text (or None); earlier versions are
        checked against their own settings, not the live page's."""
        return None

    def version_effective_date(self) -> datetime.date:
        """The date a new version takes effect; page types with their own date override it."""
        return timezone.localdate()

    @property
    def versions(self):
        return DocumentVersion.objects.filter(page_id=self.pk).order_by("-number")

    @property
    def current_version(self):
        return DocumentVersion.objects.filter(page_id=self.pk, superseded_at__isnull=True).first()

    @property
    def audience_group_labels(self) -> list[str]:
        return [PersonnelGroup(group).label for group in self.audience_groups]

    def get_context(self, request, *args, **kwargs):
        """A reader who still has to acknowledge the current version sees the statement below it."""
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated and "acknowledge_requirement" not in context:
            from .selectors import outstanding_on_page_for_user

            requirement = outstanding_on_page_for_user(request.user, page=self)
            if requirement is not None:
                context.update(
                    acknowledge_requirement=requirement,
                    acknowledge_publication=requirement.shown_publication,
                    person=requirement.person,
                )
        return context

    @path("version/<int:number>/", name="version")
    def version_view(self, request, number):
        from .views import document_version

        return document_version(request, page=self, number=number)


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
        ]

    def __str__(self):
        return f"{self.person} — {self.version}"

    def is_overdue_on(self, day: datetime.date) -> bool:
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
    previous_hash = models.CharField(_("แฮชของรายการก่อนหน้า"), max_length=64)
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
            )
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(f"{self.previous_hash}|{self.chained_content()}".encode()).hexdigest()


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


class RegisterLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        organisation_id = (
            instance.pk if isinstance(instance, Organisation) else instance.organisation_id
        )
        return super().log_action(instance, action, organisation_id=organisation_id, **kwargs)

    def viewable_by_user(self, user):
        """Entries of register models the user holds a permission on, in their organisation only:
        the admin's site history must not show one municipality's people to another's HR.

        Wagtail's own rule caches its answer on the user object under a name shared by every log
        model, so the answer for another log model could be reused here; this computes its own.
        """
        if user.is_superuser:
            return self.all()
        from django.contrib.contenttypes.models import ContentType

        allowed = [
            ContentType.objects.get_for_model(model).pk
            for model in (Organisation, Division, Person)
            if any(
                user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
                for action in ("view", "add", "change", "delete")
            )
        ]
        return self.filter(content_type_id__in=allowed, organisation__people__user=user)


class RegisterLogEntry(BaseLogEntry):
    """The admin history of the personnel register, kept per organisation."""

    object_id = models.CharField(max_length=255, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("หน่วยงาน"),
    )

    objects = RegisterLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("ประวัติการแก้ไขทะเบียนบุคลากร")
        verbose_name_plural = _("ประวัติการแก้ไขทะเบียนบุคลากร")
