"""Demo content of the ethics section of เทศบาลตำบลพระแท่น: three codes of ethics and the guidelines.

`training.demo.load()` calls `load(organisation=...)` after building the register. Every page is
created unpublished and then published through a Wagtail revision, as an editor would, so the
training signals record a document version per publication and queue the fan-out on commit. The
code for permanent officials is published twice (an amendment adds clause 5/1), so its version
history shows versions 1 and 2.

Pages are looked up by slug under their parent and left alone when present: a second run creates
and publishes nothing. The text follows the seven core values of the Ethical Standards Act
B.E. 2562 (section 5); the wording of each code suits the people it binds.
"""

import datetime
from dataclasses import dataclass

from wagtail.models import Page

from ethics.models import CodeOfEthicsPage, EthicsIndexPage, GuidelinesPage
from ethics.sections import GUIDELINES_SLUG, GUIDELINES_TITLE, INDEX_SLUG, INDEX_TITLE
from training.demo import EMAIL_DOMAIN, ORGANISATION, POLITICAL
from training.pages import ChangeKind, Organisation, PersonnelGroup, StaffType

MUNICIPALITY = ORGANISATION["name_th"]
ACT = "พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562"
LOCAL_PERSONNEL_CODE = (
    "ประกาศคณะกรรมการกลางข้าราชการหรือพนักงานส่วนท้องถิ่น (ก.ถ.) "
    "เรื่อง ประมวลจริยธรรมของข้าราชการหรือพนักงานส่วนท้องถิ่น"
)
# The provincial municipal personnel committee (ก.ท.จ.), whose announcements govern discipline.
PROVINCIAL_COMMITTEE = "คณะกรรมการพนักงานเทศบาลจังหวัดกาญจนบุรี"
EFFECTIVE_DATE = datetime.date(2024, 10, 1)
AMENDMENT_DATE = datetime.date(2026, 11, 1)
AMENDMENT_SUMMARY = (
    "เพิ่มข้อ 5/1 ว่าด้วยการใช้สื่อสังคมออนไลน์และการคุ้มครองข้อมูลส่วนบุคคล "
    "ข้ออื่นไม่เปลี่ยน มีผลใช้บังคับตั้งแต่วันที่ 1 พฤศจิกายน พ.ศ. 2569"
)
LINE_ACCOUNT = "@phrathaen"

_MAYOR = next(spec for spec in POLITICAL if spec.staff_type == StaffType.MAYOR)
MAYOR_SIGNATURE = f"({_MAYOR.title}{_MAYOR.first_name} {_MAYOR.last_name}) {_MAYOR.position}"

INDEX_INTRO = (
    "<p>ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ เทศบาลตำบลพระแท่น ทั้งฝ่ายการเมือง ฝ่ายบริหาร "
    "และฝ่ายข้าราชการประจำ จัดทำตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 "
    "พร้อมแนวทางปฏิบัติ ช่องทางร้องเรียน และบทลงโทษ</p>"
)


def p(*parts: str) -> str:
    """One paragraph of rich text; the parts are joined as written (Thai needs no added spaces)."""
    return "<p>" + "".join(parts) + "</p>"


@dataclass(frozen=True)
class CodeSpec:
    """One code of ethics: whom it binds and the wording that differs between the three groups."""

    slug: str
    title: str
    group: PersonnelGroup
    term: str  # how the code names the people it binds
    members: str  # the posts that term covers, for the definition in clause 3
    guardian: str  # who administers the code (ผู้รักษาการ)
    report_to: str  # whom the clerk's office reports to
    legal_basis: str
    # The second sentence of each of the seven core values, in the order of section 5 of the Act.
    values: tuple[str, str, str, str, str, str, str]
    own_clause: str  # clause 12, the rule this group most needs
    committee_note: str
    inquiry: str
    penalty: str
    review: str


# The first sentence of each core value (section 5 of the Ethical Standards Act B.E. 2562).
CORE_VALUES = (
    "ต้องยึดมั่นในสถาบันหลักของประเทศ อันได้แก่ ชาติ ศาสนา พระมหากษัตริย์ "
    "และการปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข",
    "ต้องซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่ ปฏิบัติหน้าที่ด้วยความตรงไปตรงมา "
    "และไม่ใช้ตำแหน่งหน้าที่แสวงหาประโยชน์ที่มิควรได้สำหรับตนเองหรือผู้อื่น",
    "ต้องกล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม ยืนหยัดในความถูกต้องแม้จะถูกกดดันหรือแทรกแซงจากผู้ใด",
    "ต้องคิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว และมีจิตสาธารณะ "
    "ไม่นำประโยชน์ส่วนตนหรือของพวกพ้องมาขัดกับประโยชน์ของทางราชการและประชาชน",
    "ต้องมุ่งผลสัมฤทธิ์ของงาน ปฏิบัติหน้าที่อย่างมีประสิทธิภาพ คุ้มค่า และเกิดประโยชน์สูงสุดแก่ประชาชนในตำบลพระแท่น",
    "ต้องปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ ปฏิบัติต่อประชาชนอย่างเท่าเทียม "
    "โดยไม่แบ่งแยกเพราะเหตุแห่งถิ่นกำเนิด เชื้อชาติ ภาษา เพศ อายุ สภาพร่างกาย ฐานะ "
    "ความเชื่อทางศาสนา หรือความคิดเห็นทางการเมือง",
    "ต้องดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ ประพฤติตนให้เป็นที่เชื่อถือศรัทธาของประชาชน",
)

COMPLAINTS_CLAUSE = p(
    "ผู้ใดพบเห็นการฝ่าฝืนประมวลจริยธรรมนี้ อาจร้องเรียนต่อสำนักปลัดเทศบาลได้ตามช่องทางที่เทศบาล",
    "ประกาศไว้ในแนวทางปฏิบัติ ช่องทางร้องเรียน และบทลงโทษ ได้แก่ โทรศัพท์ เว็บไซต์ของเทศบาล ",
    f"LINE Official Account {LINE_ACCOUNT} ตู้รับเรื่องร้องเรียน หรือหนังสือถึงนายกเทศมนตรี ",
    "เทศบาลต้องเก็บข้อมูลของผู้ร้องเรียนไว้เป็นความลับ และคุ้มครองผู้ร้องเรียนและพยาน",
    "มิให้ได้รับความเดือดร้อนจากการร้องเรียน",
)

TRANSITIONAL_CLAUSE = p(
    "เรื่องร้องเรียนการฝ่าฝืนจริยธรรมที่ได้รับไว้ก่อนวันที่ประมวลจริยธรรมนี้ใช้บังคับ ",
    "และยังดำเนินการไม่แล้วเสร็จ ให้ดำเนินการต่อไปตามหลักเกณฑ์เดิมจนกว่าจะแล้วเสร็จ ",
    "เว้นแต่หลักเกณฑ์ตามประมวลจริยธรรมนี้จะเป็นคุณแก่ผู้ถูกกล่าวหามากกว่า",
)

# Added by the amendment that makes version 2 of the code for permanent officials.
CLAUSE_5_1 = p(
    "เจ้าหน้าที่ต้องใช้สื่อสังคมออนไลน์อย่างรับผิดชอบ ไม่โพสต์ แชร์ หรือแสดงความคิดเห็น",
    "ที่ล่วงละเมิดสถาบันหลักของประเทศหรือก่อให้เกิดความแตกแยกในสังคม ",
    "และต้องไม่เปิดเผยข้อมูลส่วนบุคคลของประชาชนที่ได้มาจากการปฏิบัติหน้าที่ ",
    "เว้นแต่เป็นไปตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562",
)

POLITICAL_CODE = CodeSpec(
    slug="code-political",
    title=f"ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายการเมือง ของ{MUNICIPALITY}",
    group=PersonnelGroup.POLITICAL,
    term="เจ้าหน้าที่ของรัฐฝ่ายการเมือง",
    members=(
        "นายกเทศมนตรี รองนายกเทศมนตรี เลขานุการนายกเทศมนตรี ที่ปรึกษานายกเทศมนตรี "
        f"ประธานสภาเทศบาล รองประธานสภาเทศบาล และสมาชิกสภาเทศบาล ของ{MUNICIPALITY}"
    ),
    guardian="นายกเทศมนตรีตำบลพระแท่น",
    report_to="นายกเทศมนตรีและประธานสภาเทศบาล",
    legal_basis=ACT,
    values=(
        "ไม่กระทำการหรือแสดงความคิดเห็นในที่ประชุมสภาเทศบาลหรือในที่สาธารณะอันเป็นการบ่อนทำลาย"
        "สถาบันหลักของประเทศ และส่งเสริมการปกครองส่วนท้องถิ่นตามหลักการประชาธิปไตย",
        "ไม่เรียก รับ หรือยอมจะรับทรัพย์สินหรือประโยชน์อื่นใด เพื่อแลกกับการอนุมัติโครงการ "
        "การลงมติในสภาเทศบาล หรือการอนุญาตใด ๆ ของเทศบาล",
        "กล้าคัดค้านหรือไม่ลงมติสนับสนุนเรื่องที่เห็นว่าขัดต่อกฎหมายหรือทำให้ทางราชการเสียหาย "
        "โดยบันทึกเหตุผลไว้ในรายงานการประชุม",
        "ไม่เข้าไปมีส่วนได้เสียในสัญญาที่เทศบาลเป็นคู่สัญญาทั้งทางตรงและทางอ้อม "
        "และแจ้งการมีส่วนได้เสียต่อที่ประชุมก่อนการพิจารณาทุกครั้ง",
        "กำหนดนโยบาย แผนพัฒนาท้องถิ่น และพิจารณาเทศบัญญัติงบประมาณรายจ่าย "
        "โดยคำนึงถึงความต้องการของประชาชนเป็นสำคัญ",
        "และไม่จัดสรรงบประมาณหรือโครงการโดยคำนึงถึงฐานเสียงของตนหรือของพวกพ้อง",
        "ไม่กระทำการใดอันอาจทำให้เสื่อมเสียเกียรติของตำแหน่งนายกเทศมนตรีหรือสมาชิกสภาเทศบาล "
        "และเคารพมติและข้อบังคับการประชุมสภาเทศบาล",
    ),
    own_clause=p(
        "นายกเทศมนตรี รองนายกเทศมนตรี เลขานุการนายกเทศมนตรี ที่ปรึกษานายกเทศมนตรี ",
        "และสมาชิกสภาเทศบาล ต้องไม่ใช้สถานะหรือตำแหน่งก้าวก่ายหรือแทรกแซงการบรรจุ แต่งตั้ง ",
        "โยกย้าย โอน เลื่อนตำแหน่ง และเลื่อนขั้นเงินเดือนของพนักงานเทศบาล ลูกจ้าง และพนักงานจ้าง ",
        "ซึ่งมิใช่อำนาจหน้าที่ของตนตามกฎหมาย",
    ),
    committee_note=(
        "โดยคณะกรรมการต้องมีบุคคลภายนอกซึ่งเป็นที่ยอมรับของประชาชนในท้องถิ่นร่วมเป็นกรรมการไม่น้อยกว่าหนึ่งในสาม"
    ),
    inquiry="ให้คณะกรรมการจริยธรรมของเทศบาลตำบลพระแท่นตรวจสอบข้อเท็จจริงโดยไม่ชักช้า",
    penalty=p(
        "หากปรากฏว่าเป็นการฝ่าฝืนที่ไม่ร้ายแรง ให้คณะกรรมการจริยธรรมว่ากล่าวตักเตือนเป็นหนังสือ ",
        "หรือให้ผู้ฝ่าฝืนขอโทษต่อสาธารณะ และบันทึกไว้เป็นหลักฐาน หากเป็นการฝ่าฝืนที่ร้ายแรง ",
        "ให้รายงานต่อผู้ว่าราชการจังหวัดกาญจนบุรีเพื่อพิจารณาดำเนินการตามอำนาจกำกับดูแล",
        "ตามพระราชบัญญัติเทศบาล พ.ศ. 2496 ",
        "และส่งเรื่องให้หน่วยงานที่มีอำนาจหน้าที่ตามกฎหมายดำเนินการต่อไป",
    ),
    review=p(
        "ผู้ถูกกล่าวหามีสิทธิขอให้คณะกรรมการจริยธรรมทบทวนผลการวินิจฉัยได้ภายในสิบห้าวัน",
        "นับแต่วันที่ได้รับแจ้ง และคณะกรรมการต้องพิจารณาให้แล้วเสร็จภายในสามสิบวัน ",
        "ผลการวินิจฉัยให้เปิดเผยต่อสาธารณะโดยไม่ระบุข้อมูลส่วนบุคคลของผู้ร้องเรียน",
    ),
)

EXECUTIVE_CODE = CodeSpec(
    slug="code-executive",
    title=f"ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายบริหาร ของ{MUNICIPALITY}",
    group=PersonnelGroup.EXECUTIVE,
    term="เจ้าหน้าที่ของรัฐฝ่ายบริหาร",
    members=f"ปลัดเทศบาล รองปลัดเทศบาล หัวหน้าสำนักปลัดเทศบาล และผู้อำนวยการกองทุกกอง ของ{MUNICIPALITY}",
    guardian="นายกเทศมนตรีตำบลพระแท่น",
    report_to="ปลัดเทศบาลและนายกเทศมนตรี",
    legal_basis=f"{ACT} และ{LOCAL_PERSONNEL_CODE}",
    values=(
        "ส่งเสริมให้ผู้ใต้บังคับบัญชาเทิดทูนสถาบันหลักของประเทศ และจัดกิจกรรมเนื่องในวันสำคัญ"
        "ของชาติ ศาสนา และพระมหากษัตริย์อย่างสมพระเกียรติ",
        "ใช้ดุลพินิจในการอนุมัติ อนุญาต และสั่งการด้วยความสุจริต และรับผิดชอบต่อผลของการตัดสินใจนั้น",
        "ไม่ปฏิบัติตามคำสั่งหรือข้อเสนอที่ขัดต่อกฎหมาย โดยทักท้วงเป็นหนังสือและรายงานผู้บังคับบัญชาตามลำดับชั้น",
        "แจ้งและถอนตัวจากการพิจารณาเรื่องที่ตนหรือญาติมีส่วนได้เสีย "
        "และจัดให้มีมาตรการป้องกันผลประโยชน์ทับซ้อนในส่วนราชการที่ตนรับผิดชอบ",
        "วางแผน ติดตาม และประเมินผลการปฏิบัติงานของส่วนราชการ "
        "ให้บรรลุเป้าหมายตามแผนพัฒนาท้องถิ่นภายในเวลาที่กำหนด",
        "และบริหารงานบุคคลด้วยระบบคุณธรรม ทั้งการบรรจุ แต่งตั้ง โยกย้าย และการประเมินผลการปฏิบัติงาน",
        "เป็นแบบอย่างแก่ผู้ใต้บังคับบัญชาในการยึดถือและปฏิบัติตามประมวลจริยธรรมนี้ "
        "และชี้แจงมาตรฐานทางจริยธรรมให้ผู้ใต้บังคับบัญชาเข้าใจอย่างน้อยปีละหนึ่งครั้ง",
    ),
    own_clause=p(
        "เจ้าหน้าที่ของรัฐฝ่ายบริหารต้องไม่รับของขวัญหรือประโยชน์อื่นใดจากผู้ใต้บังคับบัญชา ",
        "ผู้มาติดต่อราชการ หรือคู่สัญญาของเทศบาล นอกจากการรับโดยธรรมจรรยาตามประกาศ",
        "คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ ",
        "และต้องไม่เรียกหรือยินยอมให้ผู้ใต้บังคับบัญชาให้ของขวัญแก่ตนในทุกโอกาส",
    ),
    committee_note="การวินิจฉัยเรื่องที่เกี่ยวกับปลัดเทศบาล ให้เสนอนายกเทศมนตรีเป็นผู้พิจารณา",
    inquiry="ให้นายกเทศมนตรีแต่งตั้งคณะกรรมการสอบข้อเท็จจริงโดยไม่ชักช้า",
    penalty=p(
        "การฝ่าฝืนประมวลจริยธรรมนี้ให้ถือเป็นการกระทำผิดทางวินัย หากเป็นการฝ่าฝืนที่ไม่ร้ายแรง ",
        "ให้พิจารณาโทษภาคทัณฑ์ ตัดเงินเดือน หรือลดขั้นเงินเดือน หากเป็นการฝ่าฝืนที่ร้ายแรง ",
        "ให้ดำเนินการทางวินัยอย่างร้ายแรงตามประกาศ",
        PROVINCIAL_COMMITTEE,
        " เรื่อง มาตรฐานทั่วไปเกี่ยวกับวินัย และการรักษาวินัย และการดำเนินการทางวินัย ",
        "และให้นำผลการฝ่าฝืนไปประกอบการพิจารณาแต่งตั้งและเลื่อนขั้นเงินเดือนด้วย",
    ),
    review=p(
        "ผู้ถูกลงโทษทางวินัยมีสิทธิอุทธรณ์ต่อ",
        PROVINCIAL_COMMITTEE,
        "ได้ภายในสามสิบวันนับแต่วันที่ได้รับแจ้งคำสั่ง ",
        "ตามหลักเกณฑ์และวิธีการที่กฎหมายและประกาศว่าด้วยการนั้นกำหนด",
    ),
)

PERMANENT_CODE = CodeSpec(
    slug="code-permanent",
    title=f"ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายข้าราชการประจำ ของ{MUNICIPALITY}",
    group=PersonnelGroup.PERMANENT,
    term="เจ้าหน้าที่",
    members=f"พนักงานเทศบาล ครูเทศบาล ลูกจ้างประจำ และพนักงานจ้าง ของ{MUNICIPALITY}",
    guardian="ปลัดเทศบาลตำบลพระแท่น",
    report_to="ปลัดเทศบาลและนายกเทศมนตรี",
    legal_basis=f"{ACT} และ{LOCAL_PERSONNEL_CODE}",
    values=(
        "เข้าร่วมกิจกรรมเนื่องในวันสำคัญของชาติ ศาสนา และพระมหากษัตริย์ที่เทศบาลจัดขึ้น "
        "และไม่กระทำการใดอันเป็นการล่วงละเมิดสถาบันหลักของประเทศ",
        "ปฏิบัติงานที่ได้รับมอบหมายให้แล้วเสร็จด้วยความละเอียดรอบคอบ และยอมรับผลของการกระทำของตน",
        "เมื่อพบเห็นการกระทำที่ไม่ถูกต้อง ให้ทักท้วงหรือแจ้งผู้บังคับบัญชา หรือร้องเรียนตามช่องทางที่เทศบาลกำหนด",
        "ไม่ใช้ทรัพย์สิน รถยนต์ วัสดุ หรือเวลาราชการไปเพื่อประโยชน์ส่วนตน และช่วยเหลือประชาชนที่มาติดต่อด้วยความเต็มใจ",
        "ปฏิบัติงานให้แล้วเสร็จตามกำหนดเวลาในคู่มือสำหรับประชาชน และปรับปรุงวิธีทำงานให้บริการได้รวดเร็วขึ้น",
        "และให้บริการตามลำดับก่อนหลัง โดยไม่ให้สิทธิพิเศษแก่ญาติหรือคนรู้จัก",
        "แต่งกายสุภาพ ใช้วาจาสุภาพต่อประชาชนและเพื่อนร่วมงาน และไม่ประพฤติตนในทางที่ทำให้เสื่อมเสียชื่อเสียงของเทศบาล",
    ),
    own_clause=p(
        "เจ้าหน้าที่ต้องไม่รับ ไม่ถาม ไม่เรียก และไม่เสนอของขวัญหรือประโยชน์อื่นใด",
        "จากผู้มาติดต่อราชการ นอกจากการรับทรัพย์สินโดยธรรมจรรยาซึ่งมีราคาหรือมูลค่า",
        "ไม่เกินสามพันบาทต่อบุคคลต่อโอกาส ตามประกาศคณะกรรมการป้องกันและปราบปราม",
        "การทุจริตแห่งชาติ",
    ),
    committee_note="และให้หัวหน้าส่วนราชการทุกแห่งกำกับดูแลและชี้แจงให้ผู้ใต้บังคับบัญชาปฏิบัติตามประมวลจริยธรรมนี้",
    inquiry="ให้ปลัดเทศบาลในฐานะผู้บังคับบัญชาแต่งตั้งคณะกรรมการสอบข้อเท็จจริงโดยไม่ชักช้า",
    penalty=p(
        "การฝ่าฝืนประมวลจริยธรรมนี้ให้ถือเป็นการกระทำผิดทางวินัย หากไม่ร้ายแรง ",
        "พนักงานเทศบาลและลูกจ้างประจำอาจถูกลงโทษภาคทัณฑ์ ตัดเงินเดือน หรือลดขั้นเงินเดือน ",
        "หากร้ายแรงอาจถูกลงโทษปลดออกหรือไล่ออก ตามประกาศ",
        PROVINCIAL_COMMITTEE,
        " ที่ใช้บังคับกับผู้นั้น สำหรับพนักงานจ้าง ให้ดำเนินการตามประกาศ",
        PROVINCIAL_COMMITTEE,
        " เรื่อง มาตรฐานทั่วไปเกี่ยวกับพนักงานจ้าง และตามสัญญาจ้าง",
    ),
    review=p(
        "ผู้ถูกลงโทษทางวินัยมีสิทธิอุทธรณ์ต่อ",
        PROVINCIAL_COMMITTEE,
        "ได้ภายในสามสิบวันนับแต่วันที่ได้รับแจ้งคำสั่ง ",
        "พนักงานจ้างมีสิทธิร้องทุกข์ต่อนายกเทศมนตรีตามหลักเกณฑ์ที่ประกาศว่าด้วยพนักงานจ้างกำหนด",
    ),
)

CODES = (POLITICAL_CODE, EXECUTIVE_CODE, PERMANENT_CODE)
# The code published a second time, as a new version that everyone must acknowledge again.
AMENDED_CODE = PERMANENT_CODE


def clause(number: str, text: str) -> dict:
    return {"number": number, "text": text}


def chapter(number: str, title: str, clauses: list[dict]) -> dict:
    return {"type": "chapter", "value": {"number": number, "title": title, "clauses": clauses}}


def code_body(spec: CodeSpec, *, amended: bool = False) -> list[dict]:
    """The chapters and clauses of a code; the amendment adds clause 5/1 after clause 5."""
    general = [
        clause("1", p(f"ประมวลจริยธรรมนี้เรียกว่า “{spec.title}”")),
        clause("2", p("ประมวลจริยธรรมนี้ให้ใช้บังคับตั้งแต่วันที่ 1 ตุลาคม พ.ศ. 2567 เป็นต้นไป")),
        clause(
            "3",
            p(
                f"ในประมวลจริยธรรมนี้ “{spec.term}” หมายความว่า {spec.members} ",
                "“คณะกรรมการจริยธรรม” หมายความว่า คณะกรรมการจริยธรรมของเทศบาลตำบลพระแท่น",
                f"ที่นายกเทศมนตรีแต่งตั้งตาม{ACT}",
            ),
        ),
        clause(
            "4",
            p(
                f"ให้{spec.guardian}รักษาการตามประมวลจริยธรรมนี้ และมีอำนาจออกประกาศหรือแนวทาง",
                "ปฏิบัติเพื่อให้การปฏิบัติตามประมวลจริยธรรมนี้เป็นไปด้วยความเรียบร้อย",
            ),
        ),
    ]
    standards = [
        clause(str(number), p(f"{spec.term}{value} ", extra))
        for number, (value, extra) in enumerate(zip(CORE_VALUES, spec.values, strict=True), 5)
    ]
    if amended:
        standards.insert(1, clause("5/1", CLAUSE_5_1))
    standards.append(clause("12", spec.own_clause))
    enforcement = [
        clause(
            "13",
            p(
                "ให้สำนักปลัดเทศบาลเป็นหน่วยงานรับผิดชอบการส่งเสริมและกำกับดูแลการปฏิบัติตาม",
                f"ประมวลจริยธรรมนี้ มีหน้าที่เผยแพร่และแจ้งเวียนประมวลจริยธรรมให้{spec.term}ทุกคน",
                "รับทราบ จัดการอบรมหรือประชุมชี้แจง ติดตามสอดส่องการปฏิบัติ ",
                f"และรายงานผลต่อ{spec.report_to}อย่างน้อยปีละหนึ่งครั้ง",
            ),
        ),
        clause(
            "14",
            p(
                "ให้นายกเทศมนตรีแต่งตั้งคณะกรรมการจริยธรรม มีหน้าที่ควบคุม กำกับ ",
                "ให้คำแนะนำ และวินิจฉัยปัญหาอันเกิดจากการใช้บังคับประมวลจริยธรรมนี้ ",
                spec.committee_note,
            ),
        ),
        clause("15", COMPLAINTS_CLAUSE),
    ]
    discipline = [
        clause(
            "16",
            p(
                "เมื่อได้รับเรื่องร้องเรียนหรือปรากฏข้อเท็จจริงว่ามีการฝ่าฝืนประมวลจริยธรรมนี้ ",
                f"{spec.inquiry} โดยต้องแจ้งข้อกล่าวหาและเปิดโอกาสให้ผู้ถูกกล่าวหาชี้แจง",
                "และแสดงพยานหลักฐาน การตรวจสอบให้แล้วเสร็จภายในสามสิบวัน ",
                "และขยายได้อีกไม่เกินสามสิบวัน",
            ),
        ),
        clause("17", spec.penalty),
        clause("18", spec.review),
    ]
    return [
        chapter("1", "บททั่วไป", general),
        chapter("2", "มาตรฐานทางจริยธรรม", standards),
        chapter("3", "กลไกและระบบการบังคับใช้ประมวลจริยธรรม", enforcement),
        chapter("4", "ขั้นตอนการลงโทษ", discipline),
        chapter("5", "บทเฉพาะกาล", [clause("19", TRANSITIONAL_CLAUSE)]),
    ]


def code_intro(spec: CodeSpec, *, amended: bool = False) -> str:
    paragraphs = [
        p(
            f"โดยที่{ACT} กำหนดให้หน่วยงานของรัฐจัดทำประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
            "ในหน่วยงานนั้น ให้สอดคล้องกับมาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก ",
            f"{MUNICIPALITY}จึงกำหนดประมวลจริยธรรมนี้ไว้เป็นหลักในการประพฤติปฏิบัติตน",
            f"และการปฏิบัติหน้าที่ของ{spec.term} เพื่อประโยชน์สุขของประชาชน",
        ),
        p(f"ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567 {MAYOR_SIGNATURE}"),
    ]
    if amended:
        paragraphs.append(
            p(
                "แก้ไขเพิ่มเติม (ฉบับที่ 2) โดยเพิ่มข้อ 5/1 ว่าด้วยการใช้สื่อสังคมออนไลน์",
                "และการคุ้มครองข้อมูลส่วนบุคคล มีผลใช้บังคับตั้งแต่วันที่ 1 พฤศจิกายน พ.ศ. 2569",
            )
        )
    return "".join(paragraphs)


def guidelines_content(organisation: Organisation) -> dict:
    """The guidelines page: how to report a breach, the complaint channels, the penalties."""
    website = f"https://www.{EMAIL_DOMAIN}/"
    address = f"{organisation.address}\nอำเภอ{organisation.district} จังหวัด{organisation.province}"
    channels = [
        ("โทรศัพท์", f"{organisation.phone} ในวันและเวลาราชการ (จันทร์–ศุกร์ 08.30–16.30 น.)", ""),
        (
            "แบบฟอร์มร้องเรียนออนไลน์บนเว็บไซต์เทศบาล",
            "เมนู “ร้องเรียนการทุจริตและประพฤติมิชอบ” เปิดรับตลอด 24 ชั่วโมง",
            website,
        ),
        (
            "LINE Official Account",
            f"{LINE_ACCOUNT} ส่งข้อความ ภาพถ่าย หรือเอกสารประกอบการร้องเรียนได้",
            f"https://line.me/R/ti/p/{LINE_ACCOUNT}",
        ),
        (
            "ตู้รับเรื่องร้องเรียน",
            f"ณ สำนักงาน{MUNICIPALITY} หน้าห้องสำนักปลัดเทศบาล เปิดตู้ทุกวันทำการ",
            "",
        ),
        (
            "หนังสือถึงนายกเทศมนตรีตำบลพระแท่น",
            f"{address}\nวงเล็บมุมซองว่า “เรื่องร้องเรียนจริยธรรม”",
            "",
        ),
    ]
    return {
        "intro": p(
            f"{MUNICIPALITY}กำหนดแนวทางปฏิบัติตามประมวลจริยธรรม ช่องทางร้องเรียน และบทลงโทษ ",
            "เพื่อให้ประชาชนและบุคลากรทราบวิธีแจ้งเรื่องการฝ่าฝืนจริยธรรมและผลที่ตามมา ",
            "ตามมาตรการที่ 6 กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล",
        ),
        "how_to_report": (
            "<ol>"
            "<li>ระบุชื่อ ตำแหน่ง หรือส่วนราชการของผู้ถูกร้องเรียน พฤติการณ์ที่เห็นว่าฝ่าฝืน"
            "ประมวลจริยธรรม และวัน เวลา สถานที่ที่เกิดเหตุ</li>"
            "<li>แนบพยานหลักฐานเท่าที่มี เช่น ภาพถ่าย เอกสาร หรือชื่อพยานบุคคล</li>"
            "<li>ระบุชื่อ ที่อยู่ และหมายเลขโทรศัพท์ที่ติดต่อกลับได้ "
            "หากไม่ประสงค์เปิดเผยตัวตนร้องเรียนโดยไม่ระบุชื่อได้ "
            "แต่ต้องให้ข้อเท็จจริงเพียงพอที่จะตรวจสอบได้</li>"
            "<li>ส่งเรื่องทางช่องทางใดช่องทางหนึ่งด้านล่าง สำนักปลัดเทศบาลจะลงทะเบียนรับเรื่อง"
            "และแจ้งผู้ร้องเรียนที่ระบุชื่อภายในสามวันทำการ</li>"
            "<li>ผู้มีอำนาจตรวจสอบข้อเท็จจริงให้แล้วเสร็จภายในสามสิบวัน ขยายได้ไม่เกินสามสิบวัน "
            "และเทศบาลแจ้งผลให้ผู้ร้องเรียนทราบภายในสิบห้าวันนับแต่การพิจารณาแล้วเสร็จ</li>"
            "</ol>"
            + p(
                "ข้อมูลของผู้ร้องเรียนและพยานเป็นความลับ เปิดเผยได้เฉพาะผู้มีหน้าที่ตรวจสอบ ",
                "ผู้ร้องเรียนโดยไม่สุจริตหรือเพื่อกลั่นแกล้งผู้อื่นอาจต้องรับผิดตามกฎหมาย",
            )
        ),
        "complaint_channels": [
            {"type": "channel", "value": {"name": name, "detail": detail, "link": link}}
            for name, detail, link in channels
        ],
        "penalties": (
            p(
                "<strong>การฝ่าฝืนที่ไม่ร้ายแรง</strong> เช่น ใช้วาจาไม่สุภาพต่อประชาชน ",
                "ให้บริการล่าช้าโดยไม่มีเหตุอันควร หรือรับของขวัญเกินกว่าที่กำหนด ",
                "พนักงานเทศบาลและลูกจ้างประจำอาจถูกลงโทษภาคทัณฑ์ ตัดเงินเดือน หรือลดขั้นเงินเดือน ",
                "พนักงานจ้างอาจถูกตักเตือนเป็นหนังสือหรือถูกตัดค่าตอบแทนตามสัญญาจ้าง ",
                "ฝ่ายการเมืองอาจถูกคณะกรรมการจริยธรรมว่ากล่าวตักเตือนเป็นหนังสือ",
            )
            + p(
                "<strong>การฝ่าฝืนที่ร้ายแรง</strong> เช่น เรียกรับสินบน ",
                "แสวงหาประโยชน์จากตำแหน่งหน้าที่ หรือมีส่วนได้เสียในสัญญากับเทศบาล ",
                "พนักงานเทศบาลและลูกจ้างประจำอาจถูกลงโทษปลดออกหรือไล่ออก พนักงานจ้างอาจถูกเลิกจ้าง ",
                "ฝ่ายการเมืองถูกรายงานต่อผู้ว่าราชการจังหวัดกาญจนบุรีเพื่อสอบสวน",
                "และอาจถูกสั่งให้พ้นจากตำแหน่งตามพระราชบัญญัติเทศบาล พ.ศ. 2496",
            )
            + p(
                "การดำเนินการทางวินัยเป็นไปตามประกาศ",
                PROVINCIAL_COMMITTEE,
                " เรื่อง มาตรฐานทั่วไปเกี่ยวกับวินัย และการรักษาวินัย และการดำเนินการทางวินัย ",
                "ผู้ถูกกล่าวหาได้รับแจ้งข้อกล่าวหาและมีโอกาสชี้แจงก่อนมีคำสั่ง ",
                "และมีสิทธิอุทธรณ์ภายในสามสิบวันนับแต่วันที่ได้รับแจ้งคำสั่ง",
            )
        ),
    }


def load(*, organisation: Organisation) -> list[str]:
    """Create and publish the ethics section of the organisation's site, if not there already."""
    home = organisation.site.root_page
    created = 0
    index = EthicsIndexPage.objects.child_of(home).first()
    if index is not None and not index.intro:
        # Made bare by add_organisation (ethics/sections.py): the demo writes its introduction.
        index.intro = INDEX_INTRO
        index.save_revision().publish()
    if index is None:
        index = publish_new(
            home,
            EthicsIndexPage(
                title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO, show_in_menus=True
            ),
        )
        created += 1
    for spec in CODES:
        if not _child_exists(index, spec.slug):
            code_publish(index, spec=spec)
            created += 1
    draft = GuidelinesPage.objects.child_of(index).filter(slug=GUIDELINES_SLUG, live=False).first()
    if draft is not None:
        # add_organisation's draft: the demo fills it in and publishes it.
        for name, value in guidelines_content(organisation).items():
            setattr(draft, name, value)
        draft.save_revision().publish()
        created += 1
    elif not _child_exists(index, GUIDELINES_SLUG):
        publish_new(
            index,
            GuidelinesPage(
                title=GUIDELINES_TITLE, slug=GUIDELINES_SLUG, **guidelines_content(organisation)
            ),
        )
        created += 1
    codes = CodeOfEthicsPage.objects.child_of(index).live().count()
    return [f"ประมวลจริยธรรม / Codes of ethics: {codes} (หน้าใหม่ / new pages: {created})"]


def code_publish(index: Page, *, spec: CodeSpec) -> CodeOfEthicsPage:
    """Publish a code; the amended one is published again as version 2."""
    page = publish_new(
        index,
        CodeOfEthicsPage(
            title=spec.title,
            slug=spec.slug,
            legal_basis=spec.legal_basis,
            effective_date=EFFECTIVE_DATE,
            intro=code_intro(spec),
            body=code_body(spec),
            audience_groups=[spec.group.value],
            requires_acknowledgment=True,
            acknowledgment_days=30,
        ),
    )
    if spec is AMENDED_CODE:
        page = CodeOfEthicsPage.objects.get(pk=page.pk)
        page.intro = code_intro(spec, amended=True)
        page.body = code_body(spec, amended=True)
        page.effective_date = AMENDMENT_DATE
        page.change_kind = ChangeKind.NEW_VERSION
        page.change_summary = AMENDMENT_SUMMARY
        page.save_revision().publish()
    return page


def publish_new(parent: Page, page: Page) -> Page:
    """Add a page as a draft and publish it through a revision, as the editor's Publish does."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child_exists(parent: Page, slug: str) -> bool:
    return Page.objects.child_of(parent).filter(slug=slug).exists()
