"""The personnel register: organisations, their divisions and the people who must know the codes."""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
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
    auditor_email = models.EmailField(
        _("อีเมลผู้ตรวจสอบ"),
        blank=True,
        help_text=_(
            "ทุกวันระบบส่งตราประทับห่วงโซ่การรับทราบไปยังอีเมลนี้ (เช่น หน่วยตรวจสอบภายใน) "
            "เพื่อให้มีสำเนาหลักฐานอยู่นอกฐานข้อมูล"
        ),
    )
    complaint_channels = models.TextField(
        _("ช่องทางร้องเรียน"),
        blank=True,
        help_text=_("หนึ่งช่องทางต่อบรรทัด เช่น โทรศัพท์ ไลน์ เว็บไซต์ ตู้รับเรื่อง"),
    )
    # A new random value whenever something the figures count changes (an acknowledgment,
    # requirements written, people joining, moving or leaving): cached figures are keyed by it,
    # so they are never served stale, and a fresh organisation never meets another's cache.
    figures_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Where the organisation's scanned sign-off sheets are kept: only its own HR sees them, and the
    # rule follows this link, not the collection's name or place in the tree.
    scan_collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="scan_organisation",
        verbose_name=_("คอลเลกชันใบลงนามที่สแกน"),
    )

    # The organisation's own collection of documents and images (its editors' and approvers'
    # grants are on it, nobody else's) and its own moderation workflow on its home page: see
    # training.register.roles.sync_organisation.
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="organisation",
        verbose_name=_("คอลเลกชันเอกสารและรูปภาพ"),
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="organisation",
        verbose_name=_("ขั้นตอนการอนุมัติ"),
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


class OrganisationRole(models.Model):
    """A role (HR, editor, approver, division head, employee) in one organisation: the Django group
    whose members hold the role there, with its page and collection grants on the organisation's
    own home page and collections only."""

    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="organisation_role",
        verbose_name=_("กลุ่มผู้ใช้"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("หน่วยงาน"),
    )
    # One of training.register.roles.ROLE_LABELS (the role's name, kept in English as before).
    role = models.CharField(_("บทบาท"), max_length=40)

    class Meta:
        verbose_name = _("บทบาทในหน่วยงาน")
        verbose_name_plural = pgettext_lazy("plural", "บทบาทในหน่วยงาน")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="organisation_role_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.group.name


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
    """The one rule for who is in post on a day: joined on or before it and not yet gone.

    `prefix` reaches people through a relation ("person__", "requirements__person__"), so every
    query of the tracker, whatever it starts from, counts the same people.
    """
    return Q(**{f"{prefix}active_from__lte": day}) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": day})
    )


class PersonQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
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
        """`in_post` for one person already loaded."""
        return self.active_from <= day and (self.active_until is None or self.active_until >= day)

    @property
    def mail_address(self) -> str:
        """Where this person's mail goes: the register's address, else their login's ("" if none).

        The register is what HR keeps up to date; a login's address is only a fallback.
        """
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user.email else ""

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


# Actions of the register's history (RegisterLogEntry); wagtail_hooks.py says how each reads.
REGISTER_IMPORT_ACTION = "training.register_import"
PERSON_INVITE_ACTION = "training.person_invite"


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


def figures_changed(organisation_ids) -> None:
    """Mark the organisations' figures as changed (see Organisation.figures_version): one UPDATE;
    `organisation_ids` may be a list or a subquery."""
    Organisation.objects.filter(pk__in=organisation_ids).update(figures_version=uuid.uuid4())
