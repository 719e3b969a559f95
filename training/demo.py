"""The demo municipality: เทศบาลตำบลพระแท่น, modelled on the seed report of fiscal year B.E. 2568.

`python manage.py load_demo` calls `load()`. Everything here is data (the organisation, its
divisions, its people and the demo logins) plus small functions that write it idempotently, keyed
on natural keys: running the command again changes nothing. Names, addresses, phone numbers and
e-mail addresses are invented; positions and the shape of the organisation are real.

Other apps add their own demo content (codes of ethics, circulars) with a module `<app>/demo.py`
that defines `load(*, organisation) -> list[str]`; `load()` runs those after the register, inside
the same transaction, and the lines they return are printed in the summary. Then
`training.demo_history` dates the documents to their publication and writes three fiscal years of
acknowledgments, once, and `training.demo_briefings` each division head's briefings of fiscal years
2569 and 2570.
"""

import datetime
import zlib
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from typing import NamedTuple

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page, Site

from home.models import DigitStyle, HomePage, PublicSiteSettings
from training.demo_briefings import demo_briefings_ensure
from training.demo_history import Move, demo_history_ensure
from training.demo_knowledge import demo_knowledge_ensure
from training.demo_transparency import demo_transparency_ensure
from training.register import roles
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    OrganisationType,
    Person,
    StaffType,
)
from training.tenants import organisation_add

DEMO_PASSWORD = "demo-2568"

# Where `make run` serves the site; the site is also the default one, so any host name reaches it.
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
EMAIL_DOMAIN = "phrathaen.example.org"

# What Wagtail's own initial migration creates at depth 2; replaced only while still untouched.
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"

ORGANISATION = {
    "slug": "phra-thaen",
    "name_th": "เทศบาลตำบลพระแท่น",
    "name_en": "Phra Thaen Subdistrict Municipality",
    "organisation_type": OrganisationType.SUBDISTRICT_MUNICIPALITY,
    "province": "กาญจนบุรี",
    "district": "ท่ามะกา",
    "address": "สำนักงานเทศบาลตำบลพระแท่น\nเลขที่ 99 หมู่ที่ 1 ถนนแสงชูโต ตำบลพระแท่น",
    "phone": "0 3456 1234",
    "email": f"saraban@{EMAIL_DOMAIN}",
    "complaint_channels": "\n".join(
        [
            "โทรศัพท์ 0 3456 1234 ในวันและเวลาราชการ",
            f"แบบฟอร์มร้องเรียนออนไลน์บนเว็บไซต์เทศบาล https://www.{EMAIL_DOMAIN}/",
            "LINE Official Account @phrathaen",
            "ตู้รับเรื่องร้องเรียน ณ สำนักงานเทศบาลตำบลพระแท่น",
            "ส่งหนังสือถึงนายกเทศมนตรีตำบลพระแท่น ตามที่อยู่สำนักงาน",
        ]
    ),
}

HOME_TITLE = ORGANISATION["name_th"]
HOME_SEO_TITLE = "ประมวลจริยธรรมและหนังสือเวียน"
HOME_INTRO = (
    "<p>เว็บไซต์นี้เผยแพร่ประมวลจริยธรรมของฝ่ายการเมือง ฝ่ายบริหาร และฝ่ายข้าราชการประจำ"
    "ของเทศบาลตำบลพระแท่น พร้อมแนวทางปฏิบัติ ช่องทางร้องเรียน บทลงโทษ "
    "และหนังสือเวียนที่แจ้งให้บุคลากรในสังกัดรับทราบ</p>"
    "<p>บุคลากรทุกคนอ่านและกดรับทราบประมวลจริยธรรมได้ทางออนไลน์ หัวหน้าส่วนราชการบันทึกการประชุม"
    "ทำความเข้าใจเรื่องมาตรฐานทางจริยธรรม และผลการรับทราบใช้รายงานมาตรการที่ ๖ "
    "กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล "
    "ตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาล</p>"
)


class DivisionSpec(NamedTuple):
    key: str
    name: str
    name_en: str


OFFICE = DivisionSpec("office", "สำนักปลัดเทศบาล", "Office of the Municipal Clerk")
FINANCE = DivisionSpec("finance", "กองคลัง", "Finance Division")
ENGINEERING = DivisionSpec("engineering", "กองช่าง", "Engineering Division")
EDUCATION = DivisionSpec("education", "กองการศึกษา", "Education Division")
HEALTH = DivisionSpec("health", "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment Division")
DIVISIONS = [OFFICE, FINANCE, ENGINEERING, EDUCATION, HEALTH]


class PersonSpec(NamedTuple):
    """One row of the demo register."""

    staff_type: str
    employee_number: str
    title: str
    first_name: str
    last_name: str
    position: str
    active_from: str


# Short names for the staff types and the longer posts, so that each row fits on a line.
MAYOR = StaffType.MAYOR
DEPUTY = StaffType.DEPUTY_MAYOR
SECRETARY = StaffType.MAYOR_SECRETARY
ADVISER = StaffType.MAYOR_ADVISER
COUNCIL = StaffType.COUNCIL_MEMBER
CLERK = StaffType.MUNICIPAL_CLERK
DEPUTY_CLERK = StaffType.DEPUTY_CLERK
DIRECTOR = StaffType.DIVISION_DIRECTOR
OFFICIAL = StaffType.MUNICIPAL_OFFICIAL
TEACHER = StaffType.MUNICIPAL_TEACHER
EMPLOYEE = StaffType.PERMANENT_EMPLOYEE
MISSION = StaffType.MISSION_CONTRACT
GENERAL = StaffType.GENERAL_CONTRACT
P = PersonSpec

COUNCILLOR = "สมาชิกสภาเทศบาลตำบลพระแท่น"
CLERK_POST = "ปลัดเทศบาล (นักบริหารงานท้องถิ่น ระดับกลาง)"
DEPUTY_CLERK_POST = "รองปลัดเทศบาล (นักบริหารงานท้องถิ่น ระดับต้น)"
DISASTER_OFFICER = "เจ้าพนักงานป้องกันและบรรเทาสาธารณภัยปฏิบัติงาน"
DISASTER_ASSISTANT = "ผู้ช่วยเจ้าพนักงานป้องกันและบรรเทาสาธารณภัย"
HEAD_OFFICE = "หัวหน้าสำนักปลัดเทศบาล (นักบริหารงานทั่วไป ระดับต้น)"
HEAD_FINANCE = "ผู้อำนวยการกองคลัง (นักบริหารงานการคลัง ระดับต้น)"
HEAD_ENGINEERING = "ผู้อำนวยการกองช่าง (นักบริหารงานช่าง ระดับต้น)"
HEAD_EDUCATION = "ผู้อำนวยการกองการศึกษา (นักบริหารงานการศึกษา ระดับต้น)"
HEAD_HEALTH = "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม (นักบริหารงานสาธารณสุขและสิ่งแวดล้อม ระดับต้น)"

# fmt: off
# The political side belongs to no division. Terms follow the local elections of 28 March 2021
# and 11 May 2025: the mayor and most councillors were re-elected, four councillors are new.
POLITICAL = [
    P(MAYOR, "P-01", "นาย", "ประเสริฐ", "ศรีสุข", "นายกเทศมนตรีตำบลพระแท่น", "2021-04-23"),
    P(DEPUTY, "P-02", "นาย", "สมศักดิ์", "ทองคำ", "รองนายกเทศมนตรีตำบลพระแท่น", "2021-05-03"),
    P(DEPUTY, "P-03", "นาง", "วันเพ็ญ", "บุญมา", "รองนายกเทศมนตรีตำบลพระแท่น", "2025-06-09"),
    P(SECRETARY, "P-04", "นาย", "ชาตรี", "พึ่งบุญ", "เลขานุการนายกเทศมนตรี", "2025-06-09"),
    P(ADVISER, "P-05", "นาย", "บุญเลิศ", "จันทร์หอม", "ที่ปรึกษานายกเทศมนตรี", "2025-06-09"),
    P(COUNCIL, "P-06", "นาย", "สุรพล", "เพชรรัตน์", "ประธานสภาเทศบาลตำบลพระแท่น", "2021-04-23"),
    P(COUNCIL, "P-07", "นาง", "ปราณี", "ศรีวงศ์", "รองประธานสภาเทศบาลตำบลพระแท่น", "2021-04-23"),
    P(COUNCIL, "P-08", "นาย", "ณรงค์", "มีสุข", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-09", "นาย", "ประยูร", "รักษาศรี", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-10", "นาง", "ละเอียด", "อินทร์แก้ว", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-11", "นาย", "ทองสุข", "แก้วประเสริฐ", COUNCILLOR, "2025-05-29"),
    P(COUNCIL, "P-12", "นาย", "อำนาจ", "สายทอง", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-13", "นาย", "สมพงษ์", "นาคสวัสดิ์", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-14", "นาง", "มาลัย", "ปานทอง", COUNCILLOR, "2021-04-23"),
    P(COUNCIL, "P-15", "นาย", "บุญมี", "พรหมมา", COUNCILLOR, "2025-05-29"),
    P(COUNCIL, "P-16", "นาย", "ไพโรจน์", "ทองดี", COUNCILLOR, "2025-05-29"),
    P(COUNCIL, "P-17", "นางสาว", "ชลธิชา", "สมบูรณ์ชัย", COUNCILLOR, "2025-05-29"),
    P(COUNCIL, "P-18", "นาย", "มานพ", "เรืองศรี", COUNCILLOR, "2021-04-23"),
]

# The municipal clerk and deputy clerk oversee every division and belong to none.
CLERKS = [
    P(CLERK, "X-01", "นาย", "วิชัย", "สุขสวัสดิ์", CLERK_POST, "2018-11-01"),
    P(DEPUTY_CLERK, "X-02", "นาง", "กาญจนา", "วงศ์สวัสดิ์", DEPUTY_CLERK_POST, "2020-03-16"),
]

OFFICE_PEOPLE = [
    P(DIRECTOR, "X-03", "นางสาว", "ศิริพร", "ชัยมงคล", HEAD_OFFICE, "2019-07-01"),
    P(OFFICIAL, "M-01", "นางสาว", "สุนิสา", "อ่อนศรี", "นักทรัพยากรบุคคลปฏิบัติการ", "2019-12-02"),
    P(OFFICIAL, "M-02", "นาย", "เกรียงไกร", "พุ่มพวง", "นักวิเคราะห์นโยบายและแผนชำนาญการ", "2013-06-03"),
    P(OFFICIAL, "M-03", "นาง", "นิตยา", "กลิ่นหอม", "นักจัดการงานทั่วไปชำนาญการ", "2011-08-01"),
    P(OFFICIAL, "M-04", "นาย", "พิทักษ์", "ดำรงค์ศักดิ์", "นิติกรปฏิบัติการ", "2020-11-16"),
    P(OFFICIAL, "M-05", "นางสาว", "อัญชลี", "มั่นคง", "นักวิชาการตรวจสอบภายในปฏิบัติการ", "2021-07-01"),
    P(OFFICIAL, "M-06", "นางสาว", "ปิยะนุช", "เนียมหอม", "นักประชาสัมพันธ์ปฏิบัติการ", "2022-04-01"),
    P(OFFICIAL, "M-07", "นาง", "อรุณี", "ทองประเสริฐ", "เจ้าพนักงานธุรการชำนาญงาน", "2010-02-01"),
    P(OFFICIAL, "M-08", "นาย", "ชัยวัฒน์", "วัฒนา", DISASTER_OFFICER, "2018-05-01"),
    P(OFFICIAL, "M-09", "นางสาว", "ทิพวรรณ", "อยู่เย็น", "นักพัฒนาชุมชนปฏิบัติการ", "2023-01-16"),
    P(EMPLOYEE, "L-01", "นาย", "สมบัติ", "ประเสริฐสุข", "พนักงานขับรถยนต์", "2004-10-01"),
    P(MISSION, "C-01", "นางสาว", "กนกวรรณ", "คงสมบูรณ์", "ผู้ช่วยเจ้าพนักงานธุรการ", "2020-10-01"),
    P(MISSION, "C-02", "นาย", "วีระพงษ์", "ศรีทอง", DISASTER_ASSISTANT, "2019-10-01"),
    P(MISSION, "C-03", "นาย", "เอกชัย", "แจ่มใส", "พนักงานขับรถยนต์", "2021-10-01"),
    P(MISSION, "C-04", "นางสาว", "ธนพร", "บัวทอง", "ผู้ช่วยนักประชาสัมพันธ์", "2024-10-01"),
    P(MISSION, "C-15", "นาย", "ธีรพงษ์", "ใจมั่น", "พนักงานขับรถยนต์", "2026-11-02"),
    P(GENERAL, "G-01", "นาย", "สุชาติ", "สุวรรณรัตน์", "พนักงานดับเพลิง", "2017-10-02"),
    P(GENERAL, "G-02", "นาง", "ลัดดา", "กองแก้ว", "นักการภารโรง", "2015-10-01"),
]

FINANCE_PEOPLE = [
    P(DIRECTOR, "X-04", "นาง", "พรทิพย์", "บุญประเสริฐ", HEAD_FINANCE, "2016-10-03"),
    P(OFFICIAL, "M-10", "นาง", "จิราพร", "ธรรมรักษ์", "นักวิชาการเงินและบัญชีชำนาญการ", "2012-09-03"),
    P(OFFICIAL, "M-11", "นางสาว", "ศศิธร", "บุญยืน", "นักวิชาการคลังปฏิบัติการ", "2021-12-01"),
    P(OFFICIAL, "M-12", "นาย", "ณัฐวุฒิ", "รุ่งเรือง", "นักวิชาการพัสดุปฏิบัติการ", "2019-06-03"),
    P(OFFICIAL, "M-13", "นางสาว", "ปวีณา", "ชื่นชม", "นักวิชาการพัสดุปฏิบัติการ", "2025-03-03"),
    P(OFFICIAL, "M-14", "นาง", "อรวรรณ", "สายบุญ", "เจ้าพนักงานการเงินและบัญชีชำนาญงาน", "2009-11-02"),
    P(OFFICIAL, "M-15", "นาย", "ศุภชัย", "ทรัพย์มาก", "เจ้าพนักงานจัดเก็บรายได้ปฏิบัติงาน", "2020-08-17"),
    P(OFFICIAL, "M-16", "นางสาว", "รุ่งนภา", "จำปาทอง", "เจ้าพนักงานพัสดุปฏิบัติงาน", "2022-11-01"),
    P(OFFICIAL, "M-21", "นางสาว", "ณัฐธิดา", "ยิ้มแย้ม", "เจ้าพนักงานธุรการปฏิบัติงาน", "2023-05-15"),
    P(MISSION, "C-05", "นางสาว", "สุภาพร", "ลิ้มสกุล", "ผู้ช่วยเจ้าพนักงานการเงินและบัญชี", "2021-10-01"),
    P(MISSION, "C-06", "นาง", "เพ็ญศรี", "ภู่ระหงษ์", "ผู้ช่วยเจ้าพนักงานจัดเก็บรายได้", "2018-10-01"),
    P(MISSION, "C-07", "นางสาว", "พัชรี", "แย้มสรวล", "ผู้ช่วยเจ้าพนักงานพัสดุ", "2023-10-02"),
    P(GENERAL, "G-03", "นาย", "ประสิทธิ์", "นิ่มนวล", "คนงานทั่วไป", "2016-10-03"),
]

ENGINEERING_PEOPLE = [
    P(DIRECTOR, "X-05", "นาย", "ธนากร", "สิทธิโชค", HEAD_ENGINEERING, "2021-02-01"),
    P(OFFICIAL, "M-17", "นาย", "กิตติพงษ์", "จันทร์แก้ว", "วิศวกรโยธาปฏิบัติการ", "2022-06-01"),
    P(OFFICIAL, "M-18", "นาย", "อุดม", "ศักดิ์ดี", "นายช่างโยธาชำนาญงาน", "2008-04-01"),
    P(OFFICIAL, "M-19", "นาย", "พงศกร", "มณีวงษ์", "นายช่างโยธาปฏิบัติงาน", "2020-02-03"),
    P(OFFICIAL, "M-20", "นาย", "วิโรจน์", "เกิดผล", "นายช่างไฟฟ้าปฏิบัติงาน", "2019-09-02"),
    P(EMPLOYEE, "L-02", "นาย", "สายัณห์", "พูลสวัสดิ์", "พนักงานขับเครื่องจักรกลขนาดเบา", "2002-06-03"),
    P(MISSION, "C-08", "นาย", "นพดล", "สุดใจ", "ผู้ช่วยนายช่างโยธา", "2020-10-01"),
    P(MISSION, "C-09", "นาย", "ชูชาติ", "ทองมา", "ผู้ช่วยนายช่างไฟฟ้า", "2022-10-03"),
    P(GENERAL, "G-04", "นาย", "เฉลิม", "อุ่นเรือน", "คนงานทั่วไป", "2018-10-01"),
    P(GENERAL, "G-05", "นาย", "สมชาย", "เทียนทอง", "คนงานทั่วไป", "2021-10-01"),
    P(GENERAL, "G-06", "นาย", "ปิยะพงษ์", "หอมจันทร์", "คนงานทั่วไป", "2025-10-01"),
]

EDUCATION_PEOPLE = [
    P(DIRECTOR, "X-06", "นาง", "รัชนี", "เจริญผล", HEAD_EDUCATION, "2017-05-15"),
    P(OFFICIAL, "M-22", "นาง", "สุกัญญา", "คำแก้ว", "นักวิชาการศึกษาชำนาญการ", "2014-03-03"),
    P(OFFICIAL, "M-23", "นางสาว", "ขวัญใจ", "ปัญญาดี", "เจ้าพนักงานธุรการปฏิบัติงาน", "2024-02-01"),
    P(TEACHER, "T-01", "นาง", "วิไลวรรณ", "แก่นจันทร์", "ครู วิทยฐานะครูชำนาญการพิเศษ", "2007-05-16"),
    P(TEACHER, "T-02", "นาง", "ยุพิน", "สีดา", "ครู วิทยฐานะครูชำนาญการ", "2011-05-16"),
    P(TEACHER, "T-03", "นาง", "มยุรี", "บุญเรือง", "ครู วิทยฐานะครูชำนาญการ", "2013-05-16"),
    P(TEACHER, "T-04", "นางสาว", "ดวงใจ", "ผ่องใส", "ครู", "2022-05-16"),
    P(TEACHER, "T-05", "นางสาว", "นันทนา", "อินทรวงศ์", "ครูผู้ช่วย", "2024-05-16"),
    P(MISSION, "C-10", "นาง", "กัลยา", "ศรีเมือง", "ผู้ดูแลเด็ก (ทักษะ)", "2015-10-01"),
    P(MISSION, "C-11", "นางสาว", "อุไรวรรณ", "เพ็งสวัสดิ์", "ผู้ดูแลเด็ก (ทักษะ)", "2019-10-01"),
    P(MISSION, "C-12", "นาง", "สมใจ", "วงษ์ทอง", "ผู้ช่วยเจ้าพนักงานธุรการ", "2022-10-03"),
    P(GENERAL, "G-07", "นาง", "บุษบา", "พรมสุข", "ผู้ดูแลเด็ก (ทั่วไป)", "2023-10-02"),
    P(GENERAL, "G-08", "นาย", "สุเมธ", "ศรีสวัสดิ์", "นักการภารโรง", "2016-10-03"),
]

HEALTH_PEOPLE = [
    P(DIRECTOR, "X-07", "นาย", "อนุชา", "ศรีประเสริฐ", HEAD_HEALTH, "2022-09-01"),
    P(OFFICIAL, "M-24", "นางสาว", "รัตนา", "กาญจนวงศ์", "นักวิชาการสาธารณสุขชำนาญการ", "2015-01-05"),
    P(OFFICIAL, "M-25", "นาย", "ธีรวัฒน์", "สุขประเสริฐ", "นักวิชาการสุขาภิบาลปฏิบัติการ", "2021-03-01"),
    P(OFFICIAL, "M-26", "นางสาว", "จันทร์เพ็ญ", "แสงอรุณ", "เจ้าพนักงานสาธารณสุขปฏิบัติงาน", "2020-07-01"),
    P(OFFICIAL, "M-27", "นางสาว", "สายสุนีย์", "ขำวิลัย", "เจ้าพนักงานธุรการปฏิบัติงาน", "2023-08-01"),
    P(EMPLOYEE, "L-03", "นาย", "จักรพันธ์", "โพธิ์ทอง", "พนักงานขับรถยนต์", "2005-08-01"),
    P(MISSION, "C-13", "นาง", "ลำดวน", "มีชัย", "ผู้ช่วยเจ้าพนักงานสาธารณสุข", "2019-10-01"),
    P(MISSION, "C-14", "นาย", "วรวุฒิ", "แสงทอง", "พนักงานขับรถยนต์", "2020-10-01"),
    P(GENERAL, "G-09", "นาย", "บุญส่ง", "ใจดี", "คนงานประจำรถขยะ", "2017-10-02"),
    P(GENERAL, "G-10", "นาย", "ประพันธ์", "ศรีจันทร์", "คนงานประจำรถขยะ", "2019-10-01"),
    P(GENERAL, "G-11", "นาย", "อดิศักดิ์", "ทองสุก", "คนงานประจำรถขยะ", "2024-10-01"),
    P(GENERAL, "G-12", "นาง", "สมพร", "เกตุแก้ว", "คนงานทั่วไป", "2014-10-01"),
]

# Mostly councillors and general workers, who have no official e-mail address.
NO_EMAIL = {
    "P-05", "P-08", "P-09", "P-10", "P-12", "P-13", "P-15", "P-18", "L-02",
    "G-01", "G-02", "G-03", "G-04", "G-05", "G-06", "G-07", "G-08", "G-09", "G-10", "G-11", "G-12",
}
# fmt: on

# Each division's director (DIRECTOR) is its head.
PEOPLE_BY_DIVISION = {
    OFFICE: OFFICE_PEOPLE,
    FINANCE: FINANCE_PEOPLE,
    ENGINEERING: ENGINEERING_PEOPLE,
    EDUCATION: EDUCATION_PEOPLE,
    HEALTH: HEALTH_PEOPLE,
}

# People who left, with their last day in post; they drop out of the figures after it.
LEFT = {
    "P-12": "2025-03-27",  # a councillor whose term ended, not re-elected in May 2025
    "M-12": "2025-01-31",  # transferred to another local organisation; M-13 took the post
    "G-05": "2025-09-30",  # a yearly contract not renewed after fiscal year 2568; G-06 followed
    "C-03": "2026-10-16",  # resigned in FY 2570 before circular 242 fell due; C-15 followed
}

# People who moved division: the division they were in before, and the day they moved. Their
# register row is in the division they are in now.
MOVED = {
    "M-21": (ENGINEERING, "2026-10-01"),  # กองช่าง to กองคลัง at the start of fiscal year 2570
}


class LoginSpec(NamedTuple):
    """A demo login: its role group (none for the superuser) and its register entry."""

    username: str
    role: str | None
    employee_number: str | None
    superuser: bool = False


LOGINS = [
    LoginSpec("admin", None, None, superuser=True),
    LoginSpec("hr", roles.HR_OFFICER, "M-01"),  # นักทรัพยากรบุคคล, สำนักปลัดเทศบาล
    LoginSpec("editor", roles.EDITOR, "M-06"),  # นักประชาสัมพันธ์, สำนักปลัดเทศบาล
    LoginSpec("approver", roles.APPROVER, "X-02"),  # รองปลัดเทศบาล
    LoginSpec("head", roles.DIVISION_HEAD, "X-04"),  # ผู้อำนวยการกองคลัง
    LoginSpec("staff", roles.EMPLOYEE, "M-10"),  # นักวิชาการเงินและบัญชี, กองคลัง
]


# The second, smaller demo tenant: a subdistrict administrative organisation (อบต.) on its own host
# name, so that the demo shows two organisations that see nothing of each other. Browsers resolve
# every *.localhost name to this machine, so `make run` serves it with no hosts file:
# http://nong-bua.localhost:8000/.
SECOND_EMAIL_DOMAIN = "nongbua.example.org"
SECOND_ORGANISATION = {
    "slug": "nong-bua",
    "name_th": "องค์การบริหารส่วนตำบลหนองบัว",
    "name_en": "Nong Bua Subdistrict Administrative Organisation",
    "organisation_type": OrganisationType.SUBDISTRICT_ADMINISTRATION,
    "province": "กาญจนบุรี",
    "district": "เมืองกาญจนบุรี",
}
SECOND_HOSTNAME = "nong-bua.localhost"
SECOND_OFFICE = DivisionSpec("office", "สำนักปลัด", "Office of the Permanent Secretary")
SECOND_FINANCE = DivisionSpec("finance", "กองคลัง", "Finance Division")
SECOND_DIVISIONS = [SECOND_OFFICE, SECOND_FINANCE]
SECOND_POLITICAL = [
    P(MAYOR, "NB-P01", "นาย", "บุญมา", "ทองดี", "นายกองค์การบริหารส่วนตำบลหนองบัว", "2023-06-01"),
    P(DEPUTY, "NB-P02", "นาง", "สายสุนีย์", "ใจงาม", "รองนายกองค์การบริหารส่วนตำบล", "2023-06-01"),
    P(COUNCIL, "NB-P03", "นาย", "ประเสริฐ", "นาคสุข", "สมาชิกสภาองค์การบริหารส่วนตำบล", "2023-06-01"),
]
SECOND_PEOPLE_BY_DIVISION = {
    SECOND_OFFICE: [
        P(CLERK, "NB-X01", "นาย", "วีระ", "ศรีสวัสดิ์", "ปลัดองค์การบริหารส่วนตำบล", "2019-10-01"),
        P(DIRECTOR, "NB-X02", "นาง", "จันทร์เพ็ญ", "มีสุข", "หัวหน้าสำนักปลัด", "2020-04-01"),
        P(OFFICIAL, "NB-M01", "นางสาว", "พิมพ์ชนก", "แก้วมณี", "นักทรัพยากรบุคคล", "2021-01-04"),
        P(OFFICIAL, "NB-M02", "นาย", "ธนพล", "อินทร์แก้ว", "นักประชาสัมพันธ์", "2022-02-01"),
        P(MISSION, "NB-M03", "นาง", "ลำดวน", "บุญเรือง", "ผู้ช่วยเจ้าพนักงานธุรการ", "2022-05-16"),
    ],
    SECOND_FINANCE: [
        P(DIRECTOR, "NB-X03", "นาย", "สมศักดิ์", "พรหมมา", "ผู้อำนวยการกองคลัง", "2018-10-01"),
        P(OFFICIAL, "NB-M04", "นางสาว", "กนกวรรณ", "สุขใจ", "นักวิชาการเงินและบัญชี", "2021-07-01"),
        P(GENERAL, "NB-M05", "นาย", "ชาตรี", "คงมั่น", "คนงานทั่วไป", "2023-03-01"),
        P(MISSION, "NB-M06", "นาง", "อรุณี", "ทองคำ", "ผู้ช่วยเจ้าพนักงานจัดเก็บรายได้", "2024-01-02"),
    ],
}
SECOND_LOGINS = [
    LoginSpec("hr2", roles.HR_OFFICER, "NB-M01"),  # นักทรัพยากรบุคคล, สำนักปลัด
    LoginSpec("editor2", roles.EDITOR, "NB-M02"),  # นักประชาสัมพันธ์, สำนักปลัด
    LoginSpec("approver2", roles.APPROVER, "NB-X01"),  # ปลัดองค์การบริหารส่วนตำบล
]


# Who records paper sign-off sheets in the demo history (the "hr" login), and whose to-do list is
# left as the content made it, so that trying the portal as "staff" has everything to do.
HR_EMPLOYEE_NUMBER = "M-01"
PORTAL_TRIAL_EMPLOYEE_NUMBER = "M-10"


@dataclass
class Tally:
    """Rows created and updated, per model label ("training.Person")."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)


@dataclass
class DemoResult:
    """What `load()` did, for the command's summary."""

    organisation: Organisation
    site: Site
    tally: Tally
    logins: list[tuple[LoginSpec, Person | None]]
    app_lines: list[str]
    second: "SecondResult | None" = None


@dataclass
class SecondResult:
    """What `load()` did for the second demo organisation."""

    organisation: Organisation
    site: Site
    logins: list[tuple[LoginSpec, Person | None]]


def all_people() -> list[tuple[DivisionSpec | None, PersonSpec]]:
    """Every row of the demo register with the division it belongs to (None for no division)."""
    rows = [(None, spec) for spec in POLITICAL + CLERKS]
    rows += [(division, spec) for division, specs in PEOPLE_BY_DIVISION.items() for spec in specs]
    return rows


def load() -> DemoResult:
    """Build the demo municipality, or bring an existing one back to the demo data."""
    tally = Tally()
    with transaction.atomic():
        organisation = demo_organisation_ensure(tally=tally)
        site = organisation.site
        demo_public_settings_ensure(site=site, tally=tally)
        divisions = demo_divisions_ensure(organisation=organisation, tally=tally)
        people = demo_people_ensure(organisation=organisation, divisions=divisions, tally=tally)
        demo_division_heads_ensure(divisions=divisions, people=people, tally=tally)
        logins = demo_logins_ensure(organisation=organisation, people=people, tally=tally)
        second = demo_second_organisation_ensure(tally=tally)
        app_lines = demo_apps_load(organisation=organisation)
        app_lines += demo_history_ensure(
            organisation=organisation,
            recorder_id=people[HR_EMPLOYEE_NUMBER].user_id,
            moves={
                people[number].pk: Move(divisions[old.key], datetime.date.fromisoformat(day))
                for number, (old, day) in MOVED.items()
            },
            untouched_person_ids=frozenset({people[PORTAL_TRIAL_EMPLOYEE_NUMBER].pk}),
        )
        app_lines += demo_briefings_ensure(
            organisation=organisation, recorder_id=people[HR_EMPLOYEE_NUMBER].user_id
        )
        app_lines += demo_transparency_ensure(organisation=organisation)
        app_lines += demo_knowledge_ensure(organisation=organisation)
    return DemoResult(
        organisation=organisation,
        site=site,
        tally=tally,
        logins=logins,
        app_lines=app_lines,
        second=second,
    )


def demo_organisation_ensure(*, tally: Tally) -> Organisation:
    """The demo municipality, made a tenant by `add_organisation`'s service on the default site.

    On a fresh database Wagtail's default site (localhost:80) is replaced: its welcome page is
    deleted if nobody has touched it, and the municipality's site becomes the default one, so any
    host name that no other site has reaches it.
    """
    organisation = Organisation.objects.filter(slug=ORGANISATION["slug"]).first()
    if organisation is None:
        _wagtail_default_site_release()
        hostname, port = SITE_HOSTNAME, SITE_PORT
        if Site.objects.filter(hostname=hostname, port=port).exists():
            hostname, port = f"{ORGANISATION['slug']}.localhost", SITE_PORT
        added = organisation_add(
            **{key: ORGANISATION[key] for key in TENANT_FIELDS},
            hostname=hostname,
            port=port,
            is_default_site=True,
        )
        tally.created[Organisation._meta.label] += 1
        organisation = added.organisation
    else:
        roles.sync_organisation(organisation)
    values = {key: value for key, value in ORGANISATION.items() if key != "slug"}
    organisation = _sync(Organisation, instance=organisation, values=values, tally=tally)
    home = organisation.site.root_page.specific
    wanted = {"title": HOME_TITLE, "seo_title": HOME_SEO_TITLE, "intro": HOME_INTRO}
    if isinstance(home, HomePage) and any(getattr(home, k) != v for k, v in wanted.items()):
        # Through a revision, so that the admin's editor opens what the site shows.
        for name, value in wanted.items():
            setattr(home, name, value)
        home.save_revision().publish()
        tally.updated[HomePage._meta.label] += 1
    return organisation


# What `organisation_add` takes of an organisation's details; the demo sets the rest itself.
TENANT_FIELDS = ["slug", "name_th", "name_en", "organisation_type", "province", "district"]


def _wagtail_default_site_release() -> None:
    """Take Wagtail's starter site away (and its welcome page, if nobody has touched it)."""
    site = Site.objects.filter(is_default_site=True, organisation__isnull=True).first()
    if site is None:
        return
    previous_root = site.root_page
    site.delete()
    _delete_if_untouched_welcome_page(previous_root)


def demo_public_settings_ensure(*, site: Site, tally: Tally) -> PublicSiteSettings:
    """The demo writes its public pages in Thai digits, as the municipality's letters are."""
    return _sync(
        PublicSiteSettings,
        lookup={"site": site},
        values={"digit_style": DigitStyle.THAI},
        tally=tally,
    )


def _delete_if_untouched_welcome_page(page: Page) -> None:
    untouched = (
        page.depth == 2
        and page.specific_class is Page
        and page.title == WAGTAIL_WELCOME_TITLE
        and page.numchild == 0
        and page.latest_revision_id is None
        and not Site.objects.filter(root_page=page).exists()
    )
    if untouched:
        page.delete()


def demo_divisions_ensure(
    *, organisation: Organisation, tally: Tally, specs: list[DivisionSpec] = DIVISIONS
) -> dict[str, Division]:
    """The divisions (the municipality's five unless told), keyed by `DivisionSpec.key`."""
    return {
        spec.key: _sync(
            Division,
            lookup={"organisation": organisation, "name": spec.name},
            values={"name_en": spec.name_en},
            tally=tally,
        )
        for spec in specs
    }


def demo_people_ensure(
    *,
    organisation: Organisation,
    divisions: dict[str, Division],
    tally: Tally,
    rows: list[tuple[DivisionSpec | None, PersonSpec]] | None = None,
    email_domain: str = EMAIL_DOMAIN,
) -> dict[str, Person]:
    """Every person of the demo register (the municipality's unless told), by employee number."""
    people = {}
    for division_spec, spec in all_people() if rows is None else rows:
        values = {
            "title": spec.title,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "position": spec.position,
            "personnel_group": GROUP_OF_STAFF_TYPE[spec.staff_type],
            "staff_type": spec.staff_type,
            "division": divisions[division_spec.key] if division_spec else None,
            "email": "" if spec.employee_number in NO_EMAIL else _email(spec, email_domain),
            "phone": _phone(spec),
            "active_from": datetime.date.fromisoformat(spec.active_from),
            "active_until": (
                datetime.date.fromisoformat(LEFT[spec.employee_number])
                if spec.employee_number in LEFT
                else None
            ),
        }
        people[spec.employee_number] = _sync(
            Person,
            lookup={"organisation": organisation, "employee_number": spec.employee_number},
            values=values,
            tally=tally,
        )
    return people


def _email(spec: PersonSpec, domain: str = EMAIL_DOMAIN) -> str:
    return f"{spec.employee_number.lower()}@{domain}"


def _phone(spec: PersonSpec) -> str:
    """An invented mobile number, the same on every run."""
    number = zlib.crc32(spec.employee_number.encode()) % 10**8
    digits = f"0{'689'[number % 3]}{number:08d}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def demo_division_heads_ensure(
    *,
    divisions: dict[str, Division],
    people: dict[str, Person],
    tally: Tally,
    people_by_division: dict[DivisionSpec, list[PersonSpec]] = PEOPLE_BY_DIVISION,
) -> None:
    """Each division's director heads it."""
    for spec, specs in people_by_division.items():
        director = next(person for person in specs if person.staff_type == DIRECTOR)
        _sync(
            Division,
            instance=divisions[spec.key],
            values={"head": people[director.employee_number]},
            tally=tally,
        )


def demo_logins_ensure(
    *,
    organisation: Organisation,
    people: dict[str, Person],
    tally: Tally,
    specs: list[LoginSpec] = LOGINS,
    email_domain: str = EMAIL_DOMAIN,
) -> list[tuple[LoginSpec, Person | None]]:
    """The demo logins, each in its organisation's role group and linked to its register entry.

    The password is set only when a login is created, so a password changed since is kept.
    """
    User = get_user_model()
    logins = []
    for spec in specs:
        person = people[spec.employee_number] if spec.employee_number else None
        values = {
            "first_name": person.first_name if person else "",
            "last_name": person.last_name if person else "",
            "email": person.email if person else f"{spec.username}@{email_domain}",
            "is_staff": spec.superuser,
            "is_superuser": spec.superuser,
            "is_active": True,
        }
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(spec.username, password=DEMO_PASSWORD, **values)
            tally.created[User._meta.label] += 1
        else:
            _sync(User, instance=user, values=values, tally=tally)
        if spec.role:
            group = roles.role_group(organisation, spec.role)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        if person is not None:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            _sync(Person, instance=person, values={"user": user}, tally=tally)
        logins.append((spec, person))
    return logins


def demo_second_organisation_ensure(*, tally: Tally) -> SecondResult:
    """The second demo tenant: a dozen people of an อบต. on its own host name, with its own HR,
    editor and approver logins, and the sections `add_organisation` starts every site with."""
    organisation = Organisation.objects.filter(slug=SECOND_ORGANISATION["slug"]).first()
    if organisation is None:
        hostname = SECOND_HOSTNAME
        if Site.objects.filter(hostname=hostname, port=SITE_PORT).exists():
            hostname = f"{SECOND_ORGANISATION['slug']}-demo.localhost"
        organisation = organisation_add(
            **SECOND_ORGANISATION, hostname=hostname, port=SITE_PORT
        ).organisation
        tally.created[Organisation._meta.label] += 1
    else:
        roles.sync_organisation(organisation)
    divisions = demo_divisions_ensure(
        organisation=organisation, tally=tally, specs=SECOND_DIVISIONS
    )
    rows = [(None, spec) for spec in SECOND_POLITICAL] + [
        (division, spec) for division, specs in SECOND_PEOPLE_BY_DIVISION.items() for spec in specs
    ]
    people = demo_people_ensure(
        organisation=organisation,
        divisions=divisions,
        tally=tally,
        rows=rows,
        email_domain=SECOND_EMAIL_DOMAIN,
    )
    demo_division_heads_ensure(
        divisions=divisions,
        people=people,
        tally=tally,
        people_by_division=SECOND_PEOPLE_BY_DIVISION,
    )
    logins = demo_logins_ensure(
        organisation=organisation,
        people=people,
        tally=tally,
        specs=SECOND_LOGINS,
        email_domain=SECOND_EMAIL_DOMAIN,
    )
    return SecondResult(organisation=organisation, site=organisation.site, logins=logins)


def demo_apps_load(*, organisation: Organisation) -> list[str]:
    """Run the `demo.load(organisation=...)` of every other installed app that has one."""
    lines = []
    for app_config in apps.get_app_configs():
        if app_config.name == __package__ or not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        lines.extend(module.load(organisation=organisation) or [])
    return lines


def _sync(
    model: type[models.Model],
    *,
    values: dict,
    tally: Tally,
    lookup: dict | None = None,
    instance: models.Model | None = None,
) -> models.Model:
    """Create the row, or save only the fields whose values differ: a rerun writes nothing."""
    if instance is None and lookup:
        instance = model.objects.filter(**lookup).first()
    label = model._meta.label
    if instance is None:
        tally.created[label] += 1
        return model.objects.create(**(lookup or {}), **values)
    changed = []
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            current, wanted = getattr(instance, model_field.attname), value.pk if value else None
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            setattr(instance, name, value)
            changed.append(name)
    if changed:
        instance.save(update_fields=changed)
        tally.updated[label] += 1
    return instance
