"""The municipality's report on its integrity and transparency measures, per fiscal year.

The report (รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส) is a table of seven
measures, each with six cells: the measure, the steps, the period, who is responsible, the output
and the outcome. HR types the cells in the admin (rich text), except measure 6's output and
outcome: those are written from the live figures (`training.figures.measures`).

A module of its own beside `models.py` (the ITA evidence catalogue); `training/models.py`
re-exports both.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from home.thai_dates import FiscalYear
from training.register.models import Organisation

MEASURE_COUNT = 7
LIVE_MEASURE = 6
CELLS = ("measure", "steps", "period", "responsible", "output", "outcome")
LIVE_CELLS = ("output", "outcome")
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def cell_headings() -> dict[str, str]:
    """The six column headings, worded as in the municipality's report."""
    return {
        "measure": _("มาตรการ โครงการ หรือกิจกรรมที่ดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
        "steps": _("ขั้นตอนหรือวิธีการปฏิบัติ"),
        "period": _("ช่วงระยะเวลาในการดำเนินการ"),
        "responsible": _("ผู้รับผิดชอบ"),
        "output": _("ผลการดำเนินการ (Output)"),
        "outcome": _("ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ (outcome/result)"),
    }


def cell_field_name(measure: int, cell: str) -> str:
    return f"m{measure}_{cell}"


def typed_cells(measure: int) -> tuple[str, ...]:
    """The cells HR types for a measure (all six, but four for measure 6)."""
    if measure == LIVE_MEASURE:
        return tuple(cell for cell in CELLS if cell not in LIVE_CELLS)
    return CELLS


class MeasuresReport(models.Model):
    """One organisation's report for one fiscal year: seven measures of six cells each.

    The cells are the fields m1_measure .. m7_outcome (rich text), made below; measure 6 has no
    output or outcome field.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="measures_reports",
        verbose_name=_("หน่วยงาน"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
        help_text=_("ปีพุทธศักราช เช่น 2569"),
    )
    signatory_name = models.CharField(
        _("ชื่อผู้รายงาน"), max_length=200, blank=True, help_text=_("ผู้ลงนามท้ายรายงาน")
    )
    signatory_position = models.CharField(_("ตำแหน่งผู้รายงาน"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        verbose_name_plural = _("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year"], name="measures_report_one_per_year"
            )
        ]

    def __str__(self):
        return str(self.year)

    @property
    def year(self) -> FiscalYear:
        return FiscalYear(self.fiscal_year)

    def typed_rows(self) -> list[dict[str, str]]:
        """The seven rows as HR typed them: {cell: rich text}; measure 6 without its live cells."""
        return [
            {cell: getattr(self, cell_field_name(measure, cell)) for cell in typed_cells(measure)}
            for measure in range(1, MEASURE_COUNT + 1)
        ]


for _measure in range(1, MEASURE_COUNT + 1):
    for _cell in typed_cells(_measure):
        MeasuresReport.add_to_class(
            cell_field_name(_measure, _cell),
            RichTextField(
                format_lazy(
                    "{measure} {number}: {cell}",
                    measure=_("มาตรการที่"),
                    number=_measure,
                    cell=cell_headings()[_cell],
                ),
                blank=True,
                features=RICH_TEXT_FEATURES,
            ),
        )
