"""Seeding the ITA evidence catalogue with the rows the product answers.

The item numbers are data per year: O15 in the 2569 assessment (O16 in 2568, O39/O40 in 2566).
A year whose manual is not known here takes the latest known number; HR corrects it in the admin
(หลักฐานการประเมิน ITA) once the year's manual is out.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from training.figures.models import ItaEvidenceItem
from training.register.models import Organisation

ETHICS_ITEM_CODES = {2566: "O39", 2568: "O16", 2569: "O15"}

# (sort order, page type, title, evidence): the pages of the product that answer the item.
SEED_ROWS = [
    (
        1,
        ("ethics", "ethicsindexpage"),
        "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
        "ประมวลจริยธรรมของฝ่ายการเมือง ฝ่ายบริหาร และฝ่ายข้าราชการประจำ ที่เผยแพร่บนเว็บไซต์",
    ),
    (
        2,
        ("ethics", "guidelinespage"),
        "แนวทางปฏิบัติและช่องทางร้องเรียนการฝ่าฝืนจริยธรรม",
        "ขั้นตอนการแจ้งเรื่อง ช่องทางร้องเรียน และบทลงโทษ",
    ),
    (
        3,
        ("circulars", "circularindexpage"),
        "การเวียนแจ้งประมวลจริยธรรมให้บุคลากรรับทราบ",
        "หนังสือเวียนแจ้งบุคลากรในสังกัด แยกตามปีงบประมาณ",
    ),
    (
        4,
        ("training", "transparencypage"),
        "การขับเคลื่อนจริยธรรม: ผลการรับทราบประมวลจริยธรรมของบุคลากร",
        "จำนวนผู้ได้รับการเวียนแจ้งและร้อยละการรับทราบ แยกตามกลุ่มบุคลากรและเอกสาร (ภาพรวม ไม่ระบุตัวบุคคล)",
    ),
]


def item_code_for(year: int) -> str:
    known = [y for y in ETHICS_ITEM_CODES if y <= year] or list(ETHICS_ITEM_CODES)
    return ETHICS_ITEM_CODES[max(known)]


@transaction.atomic
def ita_evidence_seed(*, organisation: Organisation, year: int) -> tuple[int, list[str]]:
    """Add the year's rows for the pages the organisation's site has; returns (added, missing
    page types). Running it again adds nothing (rows are keyed by year, code and title)."""
    root = organisation.site.root_page if organisation.site_id else None
    code = item_code_for(year)
    added, missing = 0, []
    for sort_order, (app_label, model), title, evidence in SEED_ROWS:
        page = None
        if root is not None:
            page_type = ContentType.objects.get_by_natural_key(app_label, model)
            page = (
                Page.objects.descendant_of(root)
                .live()
                .filter(content_type=page_type)
                .order_by("path")
                .first()
            )
        if page is None:
            missing.append(f"{app_label}.{model}")
            continue
        _item, created = ItaEvidenceItem.objects.get_or_create(
            organisation=organisation,
            fiscal_year=year,
            code=code,
            title=title,
            defaults={"evidence": evidence, "page": page, "sort_order": sort_order},
        )
        added += created
    return added, missing
