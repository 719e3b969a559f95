"""The ITA evidence catalogue: which published page or document answers which item of a year's
assessment. The items are renumbered and reworded every year (the code of ethics and the ethics
drive were O39/O40 in 2566, O16 in 2568, O15 in 2569), so the mapping is data, kept per year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.register.models import Organisation


class ItaEvidenceItem(models.Model):
    """One piece of website evidence for one item (e.g. O15) of one fiscal year's assessment."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ita_evidence_items",
        verbose_name=_("หน่วยงาน"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), help_text=_("ปีที่ประเมิน เช่น 2569")
    )
    code = models.CharField(
        _("ข้อ"), max_length=20, help_text=_("เลขข้อตามคู่มือการประเมินของปีนั้น เช่น O15")
    )
    title = models.CharField(_("ชื่อข้อมูล"), max_length=255)
    evidence = models.TextField(_("หลักฐานที่เผยแพร่"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("หน้าเว็บไซต์"),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("เอกสาร"),
    )
    url = models.URLField(_("ลิงก์อื่น"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หลักฐานการประเมิน ITA")
        verbose_name_plural = pgettext_lazy("plural", "หลักฐานการประเมิน ITA")
        ordering = ["organisation", "-fiscal_year", "sort_order", "code", "pk"]
        indexes = [models.Index(fields=["organisation", "fiscal_year"], name="ita_item_org_year")]

    def __str__(self):
        return f"{self.code} {self.title} ({self.fiscal_year})"

    def clean(self):
        if self.fiscal_year and self.fiscal_year < 2500:
            raise ValidationError({"fiscal_year": _("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2569")})
        if not (self.page_id or self.document_id or self.url):
            raise ValidationError(_("ต้องระบุหน้าเว็บไซต์ เอกสาร หรือลิงก์อย่างใดอย่างหนึ่ง"))

    def link(self, request=None) -> str:
        """Where the evidence is: the page, else the document, else the typed address."""
        if self.page_id and self.page.live:
            return self.page.get_url(request=request) or ""
        if self.document_id:
            return self.document.url
        return self.url
