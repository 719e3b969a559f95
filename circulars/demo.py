"""Demo circulars of เทศบาลตำบลพระแท่น, fiscal years B.E. 2567 to 2570.

`training.demo.load()` calls `load(organisation=...)` after building the register. Each circular is
created unpublished and then published through a Wagtail revision, so the training signals record
a document version for those that need acknowledgment and fan them out on commit. Circulars are
looked up by slug under the index and left alone when present: a second run creates and publishes
nothing.

The set mixes public and internal circulars and addresses everyone, one personnel group, or one
division, so that the listing filters, the visibility rules and the staff portal all have something
to show; the last two are dated in the current fiscal year.
"""

import datetime
from typing import NamedTuple

from wagtail.models import Page

from circulars.models import CircularIndexPage, CircularPage, Visibility
from circulars.sections import INDEX_SLUG, INDEX_TITLE
from home.thai_dates import thai_numerals
from training.demo import ORGANISATION, POLITICAL
from training.pages import Organisation, PersonnelGroup, StaffType

MUNICIPALITY = ORGANISATION["name_th"]
_MAYOR = next(spec for spec in POLITICAL if spec.staff_type == StaffType.MAYOR)
MAYOR_SIGNATURE = f"({_MAYOR.title}{_MAYOR.first_name} {_MAYOR.last_name}) {_MAYOR.position}"


def p(*parts: str) -> str:
    """One paragraph of rich text; the parts are joined as written (Thai needs no added spaces)."""
    return "<p>" + "".join(parts) + "</p>"


INDEX_INTRO = p(
    f"หนังสือเวียนของ{MUNICIPALITY}ที่แจ้งให้ผู้บริหาร สมาชิกสภาเทศบาล พนักงานเทศบาล ลูกจ้าง ",
    "และพนักงานจ้างรับทราบและถือปฏิบัติ เรียงตามปีงบประมาณ ",
    "หนังสือเวียนภายในแสดงเฉพาะบุคลากรที่เข้าสู่ระบบ",
)
# The municipality's outgoing-letter code: province (กจ, Kanchanaburi) and office number.
LETTER_CODE = "กจ 52901"

EVERYONE = "ผู้บริหาร สมาชิกสภาเทศบาล พนักงานเทศบาล ลูกจ้าง และพนักงานจ้างทุกคน"
ALL_STAFF = "หัวหน้าส่วนราชการ พนักงานเทศบาล ลูกจ้าง และพนักงานจ้างทุกคน"


class CircularSpec(NamedTuple):
    """One demo circular; `number` is its running number (ว) in the calendar year of its date."""

    slug: str
    number: int
    date: str
    title: str
    addressee: str
    body: str
    visibility: str = Visibility.PUBLIC
    groups: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    acknowledgment_days: int = 30
    requires_acknowledgment: bool = True
    # The last day of its occasion: after it, people who join are not asked for it.
    occasion_ends: str | None = None


def circular_number(number: int) -> str:
    """The reference printed on the letter, in Thai digits: ที่ กจ ๕๒๙๐๑/ว ๑๒๓."""
    return thai_numerals(f"ที่ {LETTER_CODE}/ว {number}")


def integrity_declaration(fiscal_year: int, *, acknowledge: bool) -> str:
    closing = (
        "ขอให้บุคลากรทุกคนอ่านประกาศและกดรับทราบภายในสิบห้าวัน เพื่อเป็นหลักฐานการสื่อสาร"
        "เจตจำนงสุจริตตามการประเมินคุณธรรมและความโปร่งใส"
        if acknowledge
        else "จึงเรียนมาเพื่อทราบและถือปฏิบัติร่วมกัน"
    )
    return (
        p(
            f"ด้วย{MUNICIPALITY}เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
            f"ของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {fiscal_year} ซึ่งกำหนดให้ผู้บริหารสูงสุด",
            "ของหน่วยงานแสดงเจตจำนงสุจริตในการบริหารงานต่อเจ้าหน้าที่และสาธารณชน",
        )
        + p(
            "นายกเทศมนตรีตำบลพระแท่นจึงประกาศเจตจำนงว่าจะบริหารงานด้วยความซื่อสัตย์สุจริต ",
            "โปร่งใส และตรวจสอบได้ ไม่ใช้ตำแหน่งหน้าที่แสวงหาประโยชน์โดยมิชอบ ",
            "และจะไม่ทนต่อการทุจริตทุกรูปแบบ ทั้งนี้ ได้เผยแพร่ประกาศไว้บนเว็บไซต์ของเทศบาลแล้ว",
        )
        + p(closing)
    )


def no_gift_policy(be_year: int) -> str:
    return (
        p(
            "ด้วยสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติขอความร่วมมือ",
            "หน่วยงานภาครัฐส่งเสริมให้เจ้าหน้าที่ของรัฐไม่รับของขวัญและของกำนัลทุกชนิด",
            "จากการปฏิบัติหน้าที่ (No Gift Policy) เพื่อสร้างวัฒนธรรมองค์กรที่ปลอดการทุจริต",
        )
        + p(
            f"ในโอกาสเทศกาลปีใหม่ พ.ศ. {be_year} จึงขอให้บุคลากรทุกคนงดให้และงดรับของขวัญ",
            "หรือประโยชน์อื่นใดจากผู้มาติดต่อราชการ ผู้ประกอบการ และคู่สัญญาของเทศบาล ",
            "หากประสงค์แสดงความปรารถนาดี ขอให้ลงนามในสมุดอวยพรหรือส่งบัตรอวยพรแทน",
        )
        + p(
            "กรณีมีผู้นำของขวัญมาให้โดยไม่อาจปฏิเสธได้ ให้รายงานผู้บังคับบัญชา",
            "ตามแบบรายงานการรับของขวัญภายในสามสิบวัน เพื่อพิจารณาส่งคืน",
            "หรือส่งมอบเป็นทรัพย์สินของเทศบาล จึงเรียนมาเพื่อทราบและถือปฏิบัติ",
        )
    )


CIRCULARS = [
    CircularSpec(
        slug="circular-2567-001",
        number=215,
        date="2023-10-16",
        title="ประกาศเจตจำนงสุจริตในการบริหารงานของผู้บริหารเทศบาลตำบลพระแท่น ประจำปีงบประมาณ พ.ศ. 2567",
        addressee=ALL_STAFF,
        body=integrity_declaration(2567, acknowledge=False),
        acknowledgment_days=15,
        requires_acknowledgment=False,
    ),
    CircularSpec(
        slug="circular-2567-002",
        number=48,
        date="2024-03-11",
        title="มาตรการป้องกันการรับสินบนของเทศบาลตำบลพระแท่น",
        addressee=ALL_STAFF,
        body=(
            p(
                "ตามที่เทศบาลได้ประกาศเจตจำนงสุจริตในการบริหารงาน ประจำปีงบประมาณ พ.ศ. 2567 นั้น ",
                "เพื่อป้องกันการเรียกรับสินบนในการให้บริการประชาชน เทศบาลจึงกำหนดมาตรการ ดังนี้",
            )
            + "<ol>"
            "<li>ห้ามเจ้าหน้าที่เรียก รับ หรือยอมจะรับเงิน ทรัพย์สิน หรือประโยชน์อื่นใด "
            "เพื่อกระทำหรือไม่กระทำการใดในตำแหน่งหน้าที่</li>"
            "<li>การอนุมัติ อนุญาต และการออกใบอนุญาตทุกประเภท "
            "ต้องดำเนินการตามคู่มือสำหรับประชาชนและภายในระยะเวลาที่ประกาศไว้</li>"
            "<li>ให้หัวหน้าส่วนราชการกำกับดูแลงานที่มีความเสี่ยง เช่น การจัดเก็บภาษี "
            "การขออนุญาตก่อสร้างอาคาร และการจัดซื้อจัดจ้าง</li>"
            "</ol>"
            + p(
                "ผู้ฝ่าฝืนมาตรการนี้ถือว่ากระทำผิดวินัยและจะถูกดำเนินการตามกฎหมาย ",
                "ประชาชนที่พบการเรียกรับสินบนแจ้งได้ตามช่องทางร้องเรียนของเทศบาล",
            )
            + p("จึงเรียนมาเพื่อทราบและถือปฏิบัติโดยเคร่งครัด")
        ),
    ),
    CircularSpec(
        slug="circular-2568-001",
        number=231,
        date="2024-10-07",
        title=f"แจ้งเวียนประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ {MUNICIPALITY} ให้ถือปฏิบัติ",
        addressee=EVERYONE,
        body=(
            p(
                f"ด้วย{MUNICIPALITY}ได้ประกาศใช้ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายการเมือง ",
                "ฝ่ายบริหาร และฝ่ายข้าราชการประจำ ตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 ",
                "โดยให้มีผลใช้บังคับตั้งแต่วันที่ 1 ตุลาคม พ.ศ. 2567 เป็นต้นไป",
            )
            + p(
                "เพื่อให้การดำเนินการตามมาตรการที่ 6 กระบวนการควบคุม ตรวจสอบการใช้อำนาจ",
                "และบริหารงานบุคคล เป็นไปอย่างมีประสิทธิภาพ จึงขอแจ้งเวียนประมวลจริยธรรมดังกล่าว ",
                "ขอให้ทุกท่านอ่านประมวลจริยธรรมของกลุ่มตนบนเว็บไซต์ของเทศบาล",
                "และกดรับทราบภายในสามสิบวัน",
            )
            + p(
                "ทั้งนี้ ขอให้หัวหน้าส่วนราชการทุกแห่งกำกับดูแลให้ผู้ใต้บังคับบัญชา",
                "ถือปฏิบัติตามประมวลจริยธรรมโดยเคร่งครัด จึงเรียนมาเพื่อทราบและถือปฏิบัติ",
            )
        ),
        occasion_ends="2025-09-30",
    ),
    CircularSpec(
        slug="circular-2568-002",
        number=287,
        date="2024-12-18",
        title=(
            "แนวทางการไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) "
            "เนื่องในเทศกาลปีใหม่ พ.ศ. 2568"
        ),
        addressee=EVERYONE,
        body=no_gift_policy(2568),
        acknowledgment_days=15,
        occasion_ends="2025-01-15",
    ),
    CircularSpec(
        slug="circular-2568-003",
        number=29,
        date="2025-02-10",
        title="การประชุมชี้แจงมาตรฐานทางจริยธรรมแก่ผู้ใต้บังคับบัญชา ประจำปีงบประมาณ พ.ศ. 2568",
        addressee="ปลัดเทศบาล รองปลัดเทศบาล หัวหน้าสำนักปลัดเทศบาล และผู้อำนวยการกองทุกกอง",
        body=(
            p(
                "ตามที่เทศบาลได้แจ้งเวียนประมวลจริยธรรมของเจ้าหน้าที่ของรัฐให้ถือปฏิบัติ ",
                f"ตามหนังสือ{circular_number(231)} ลงวันที่ ๗ ตุลาคม ๒๕๖๗ นั้น",
            )
            + p(
                "เพื่อให้บุคลากรทุกคนเข้าใจมาตรฐานทางจริยธรรมและนำไปปฏิบัติได้จริง ",
                "ขอให้หัวหน้าส่วนราชการทุกแห่งจัดประชุมชี้แจงมาตรฐานทางจริยธรรมแก่ผู้ใต้บังคับบัญชา",
                "อย่างน้อยหนึ่งครั้งภายในเดือนมีนาคม พ.ศ. 2568 ",
                "และบันทึกการเข้าร่วมประชุมในระบบติดตามการรับทราบของเทศบาล",
            )
            + p(
                "สำนักปลัดเทศบาลจะรวบรวมผลการประชุมชี้แจงเพื่อรายงานผลการดำเนินงาน",
                "ตามมาตรการที่ 6 ประจำปีงบประมาณ พ.ศ. 2568 จึงเรียนมาเพื่อทราบและดำเนินการ",
            )
        ),
        visibility=Visibility.INTERNAL,
        groups=(PersonnelGroup.EXECUTIVE,),
        acknowledgment_days=15,
        occasion_ends="2025-03-31",
    ),
    CircularSpec(
        slug="circular-2569-001",
        number=238,
        date="2025-10-06",
        title="ประกาศเจตจำนงสุจริตในการบริหารงานของผู้บริหารเทศบาลตำบลพระแท่น ประจำปีงบประมาณ พ.ศ. 2569",
        addressee=ALL_STAFF,
        body=integrity_declaration(2569, acknowledge=True),
        acknowledgment_days=15,
        occasion_ends="2026-09-30",
    ),
    CircularSpec(
        slug="circular-2569-002",
        number=301,
        date="2025-12-17",
        title=(
            "แนวทางการไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) "
            "เนื่องในเทศกาลปีใหม่ พ.ศ. 2569"
        ),
        addressee=EVERYONE,
        body=no_gift_policy(2569),
        acknowledgment_days=15,
        occasion_ends="2026-01-15",
    ),
    CircularSpec(
        slug="circular-2569-003",
        number=35,
        date="2026-02-16",
        title="การป้องกันผลประโยชน์ทับซ้อนในการจัดซื้อจัดจ้างและการเงินการคลัง",
        addressee="ผู้อำนวยการกองคลัง และบุคลากรกองคลังทุกคน",
        body=(
            p(
                "ด้วยงานจัดซื้อจัดจ้าง การเบิกจ่ายเงิน และการจัดเก็บรายได้ เป็นงานที่เสี่ยงต่อ",
                "การเกิดผลประโยชน์ทับซ้อนระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม ",
                "ตามผลการประเมินความเสี่ยงการทุจริตของเทศบาล ประจำปีงบประมาณ พ.ศ. 2569 ",
                "จึงขอให้บุคลากรกองคลังถือปฏิบัติ ดังนี้",
            )
            + "<ol>"
            "<li>กรรมการจัดซื้อจัดจ้างและกรรมการตรวจรับพัสดุ ต้องลงนามในแบบแสดงความบริสุทธิ์ใจ"
            "ว่าไม่มีส่วนได้เสียกับผู้ยื่นข้อเสนอทุกครั้ง</li>"
            "<li>หากตน คู่สมรส หรือญาติ มีส่วนได้เสียกับผู้ประกอบการรายใด "
            "ให้แจ้งผู้อำนวยการกองคลังเป็นหนังสือและถอนตัวจากการพิจารณาเรื่องนั้น</li>"
            "<li>ห้ามนำข้อมูลภายใน เช่น ราคากลางก่อนประกาศ หรือข้อมูลผู้เสียภาษี "
            "ไปใช้หรือเปิดเผยเพื่อประโยชน์ของตนเองหรือผู้อื่น</li>"
            "</ol>" + p("จึงเรียนมาเพื่อทราบและถือปฏิบัติโดยเคร่งครัด")
        ),
        visibility=Visibility.INTERNAL,
        divisions=("กองคลัง",),
        acknowledgment_days=15,
    ),
    CircularSpec(
        slug="circular-2570-001",
        number=242,
        date="2026-10-05",
        title="ประกาศเจตจำนงสุจริตในการบริหารงานของผู้บริหารเทศบาลตำบลพระแท่น ประจำปีงบประมาณ พ.ศ. 2570",
        addressee=ALL_STAFF,
        body=integrity_declaration(2570, acknowledge=True),
        acknowledgment_days=15,
        occasion_ends="2027-09-30",
    ),
    CircularSpec(
        slug="circular-2570-002",
        number=256,
        date="2026-10-20",
        title="แจ้งเวียนประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายข้าราชการประจำ (แก้ไขเพิ่มเติม ฉบับที่ 2) ให้ถือปฏิบัติ",
        addressee="พนักงานเทศบาล ครูเทศบาล ลูกจ้างประจำ และพนักงานจ้างทุกคน",
        body=(
            p(
                "ด้วยเทศบาลได้แก้ไขเพิ่มเติมประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายข้าราชการประจำ ",
                "โดยเพิ่มข้อ 5/1 ว่าด้วยการใช้สื่อสังคมออนไลน์และการคุ้มครองข้อมูลส่วนบุคคล ",
                "มีผลใช้บังคับตั้งแต่วันที่ 1 พฤศจิกายน พ.ศ. 2569 เป็นต้นไป",
            )
            + p(
                "ขอให้ทุกท่านอ่านประมวลจริยธรรมฉบับแก้ไขเพิ่มเติมบนเว็บไซต์ของเทศบาล",
                "และกดรับทราบใหม่ภายในสามสิบวัน แม้จะเคยรับทราบฉบับเดิมแล้วก็ตาม ",
                "และขอให้หัวหน้าส่วนราชการชี้แจงข้อที่แก้ไขแก่ผู้ใต้บังคับบัญชา",
            )
            + p("จึงเรียนมาเพื่อทราบและถือปฏิบัติ")
        ),
        groups=(PersonnelGroup.PERMANENT,),
        occasion_ends="2027-09-30",
    ),
]


def load(*, organisation: Organisation) -> list[str]:
    """Create and publish the circulars section of the organisation's site, if not there already."""
    home = organisation.site.root_page
    created = 0
    index = CircularIndexPage.objects.child_of(home).first()
    if index is not None and not index.intro:
        # Made bare by add_organisation (circulars/sections.py): the demo writes its introduction.
        index.intro = INDEX_INTRO
        index.save_revision().publish()
    if index is None:
        index = _publish_new(
            home,
            CircularIndexPage(
                title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO, show_in_menus=True
            ),
        )
        created += 1
    existing = set(Page.objects.child_of(index).values_list("slug", flat=True))
    divisions = {division.name: division for division in organisation.divisions.all()}
    for spec in CIRCULARS:
        if spec.slug in existing:
            continue
        _publish_new(
            index,
            CircularPage(
                title=spec.title,
                slug=spec.slug,
                circular_number=circular_number(spec.number),
                date=datetime.date.fromisoformat(spec.date),
                addressee=spec.addressee,
                body=spec.body,
                signatory=MAYOR_SIGNATURE,
                visibility=spec.visibility,
                audience_groups=[str(group) for group in spec.groups],
                audience_divisions=[divisions[name] for name in spec.divisions],
                acknowledgment_days=spec.acknowledgment_days,
                requires_acknowledgment=spec.requires_acknowledgment,
                occasion_ends_on=spec.occasion_ends
                and datetime.date.fromisoformat(spec.occasion_ends),
            ),
        )
        created += 1
    circulars = CircularPage.objects.child_of(index).live()
    internal = circulars.filter(visibility=Visibility.INTERNAL).count()
    return [
        f"หนังสือเวียน / Circulars: {circulars.count()} "
        f"(ภายใน / internal: {internal}; หน้าใหม่ / new pages: {created})"
    ]


def _publish_new(parent: Page, page: Page) -> Page:
    """Add a page as a draft and publish it through a revision, as the editor's Publish does."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
