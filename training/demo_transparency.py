"""The demo's public face of measure 6: a transparency page, the ITA evidence rows it answers, and
last fiscal year's seven-measure report typed in as the municipality published it (measure 6's
output and outcome are live, from the figures)."""

from django.utils import timezone
from wagtail.models import Page

from home.thai_dates import FiscalYear, thai_numerals
from training import sections
from training.figures.ita import ita_evidence_seed
from training.figures.pages import TransparencyPage
from training.figures.report_models import MeasuresReport, cell_field_name, typed_cells
from training.register.models import Organisation

ALL_YEAR = "ตลอดปีงบประมาณ พ.ศ. %(year)s"

# Measures 1-5 and 7 (and measure 6's typed cells), condensed from the municipality's FY 2568
# report; the years follow the report's own year.
MEASURES = {
    1: {
        "measure": "มาตรการการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ",
        "steps": "๑. จัดทำขั้นตอนการปฏิบัติงานในคู่มือการปฏิบัติงานและคู่มือการให้บริการ "
        "๒. แสดงแผนผังขั้นตอนการให้บริการ",
        "responsible": "สำนักปลัดเทศบาล",
        "output": "จัดทำคู่มือการปฏิบัติงานและคู่มือการให้บริการ",
        "outcome": "เจ้าหน้าที่ปฏิบัติงานตามหน้าที่ได้อย่างมีประสิทธิภาพ ไม่มีการร้องเรียนเกี่ยวกับการปฏิบัติหน้าที่",
    },
    2: {
        "measure": "การให้บริการและระบบ E-Service",
        "steps": "๑. ผู้บริหารมอบนโยบายการให้บริการด้วยความเป็นธรรม "
        "๒. ให้บริการด้วยความเท่าเทียมตามขั้นตอนและระยะเวลาในคู่มือ "
        "๓. จัดช่องทางรับฟังความคิดเห็นและรับเรื่องร้องเรียน",
        "responsible": "เจ้าหน้าที่ประชาสัมพันธ์ / ทุกส่วนราชการ",
        "output": "มีช่องทางให้บริการในระบบ E-Service และช่องทางสื่อสารสองทาง",
        "outcome": "ประชาชนสามารถใช้บริการผ่านระบบออนไลน์ได้",
    },
    3: {
        "measure": "การเปิดเผยข้อมูลสาธารณะ",
        "steps": "แสดงผลการดำเนินการ ปัญหาและอุปสรรคผ่านเว็บไซต์ของเทศบาล",
        "responsible": "ทุกส่วนราชการ",
        "output": "มีการแสดงผลการดำเนินงานครบถ้วนและเปิดเผยในเว็บไซต์",
        "outcome": "ประชาชนตรวจสอบข้อมูลการเปิดเผยสาธารณะได้อย่างสะดวก",
    },
    4: {
        "measure": "การส่งเสริมคุณธรรมและความโปร่งใสหน่วยงาน",
        "steps": "๑. แต่งตั้งคณะทำงานประเมินคุณธรรมและความโปร่งใส ๒. ประชุมคณะทำงาน "
        "๓. ตอบตัวชี้วัดตามแบบ OIT ตามระยะเวลาที่กำหนด",
        "responsible": "งานตรวจสอบภายใน งานนิติการ งานประชาสัมพันธ์ ทุกส่วนราชการ",
        "output": "เจ้าหน้าที่ตอบแบบวัดผู้มีส่วนได้เสียภายในครบจำนวนขั้นต่ำ",
        "outcome": "ผู้รับผิดชอบตอบตัวชี้วัดตามความรับผิดชอบ",
    },
    5: {
        "measure": "แนวทางปฏิบัติการจัดการเรื่องร้องเรียนร้องทุกข์",
        "steps": "๑. จัดทำแนวทางปฏิบัติการจัดการเรื่องร้องเรียน ๒. แสดงช่องทางร้องเรียนออนไลน์ในเว็บไซต์",
        "responsible": "สำนักปลัดเทศบาล",
        "output": "ประชาชนร้องเรียนร้องทุกข์ผ่านระบบออนไลน์ได้",
        "outcome": "ผู้ประสงค์จะร้องเรียนใช้บริการได้โดยไม่ต้องเดินทางมายังหน่วยงาน",
    },
    6: {
        "measure": "กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล",
        "steps": "๑. จัดทำประมวลจริยธรรมทั้งฝ่ายการเมือง ฝ่ายบริหารและฝ่ายข้าราชการประจำ "
        "๒. ประชาสัมพันธ์ในเว็บไซต์และแจ้งเวียนให้บุคลากรรับทราบ "
        "๓. หัวหน้าหน่วยงานทำความเข้าใจเรื่องมาตรฐานทางจริยธรรมกับบุคลากรในสังกัด",
        "responsible": "สำนักปลัดเทศบาล",
    },
    7: {
        "measure": "กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง",
        "steps": "๑. ประชุมชี้แจงแผนการใช้จ่ายงบประมาณประจำปี ๒. แจ้งเวียนสรุปให้บุคลากรทราบ "
        "๓. ประชาสัมพันธ์การดำเนินงานโครงการต่าง ๆ",
        "responsible": "ทุกส่วนราชการ",
        "output": "รายงานผลการใช้จ่ายงบประมาณประจำปีและการตรวจสอบภายใน",
        "outcome": "เจ้าหน้าที่ทราบข้อมูลงบประมาณของหน่วยงานมากขึ้น",
    },
}


def demo_transparency_ensure(*, organisation: Organisation) -> list[str]:
    """Create what is missing; a rerun changes nothing."""
    home = organisation.site.root_page.specific
    # Made by add_organisation with the organisation's other sections; made here if missing.
    created_page = bool(sections.ensure(home=home))
    page = TransparencyPage.objects.child_of(home).get()
    current = FiscalYear.of(timezone.localdate())
    added = sum(
        ita_evidence_seed(organisation=organisation, year=year.be_year)[0]
        for year in (current.previous(), current)
    )
    report_year = current.previous()
    report, created_report = MeasuresReport.objects.get_or_create(
        organisation=organisation,
        fiscal_year=report_year.be_year,
        defaults={
            "signatory_name": "นายสมชาย รักษ์ธรรม",
            "signatory_position": "ปลัดเทศบาลตำบลพระแท่น",
            **_typed_cells(report_year),
        },
    )
    return [
        f"หน้าเปิดเผยข้อมูล / Transparency page: {Page.objects.get(pk=page.pk).url or '/'}"
        f" ({'สร้างใหม่ / created' if created_page else 'มีแล้ว / exists'})",
        f"รายการหลักฐาน ITA / ITA evidence rows added: {added}",
        f"รายงานมาตรการ / Measures report {report.fiscal_year}: "
        f"{'สร้างใหม่ / created' if created_report else 'มีแล้ว / exists'}",
    ]


def _typed_cells(year: FiscalYear) -> dict[str, str]:
    cells = {}
    period = ALL_YEAR % {"year": thai_numerals(str(year.be_year))}
    for measure, texts in MEASURES.items():
        texts = {**texts, "period": period}
        for cell in typed_cells(measure):
            cells[cell_field_name(measure, cell)] = f"<p>{texts[cell]}</p>"
    return cells
