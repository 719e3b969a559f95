"""Paper sign-offs recorded by HR for many people at once, and the printed sign-off sheet."""

import datetime
import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader
from wagtail.documents import get_document_model

from home.thai_dates import numeric_date
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from tests.pages import add_code, build_site
from tests.training.register_helpers import user_with_role
from tests.training.test_admin_register import admin_menu
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel, Requirement
from training.acknowledgment.publishing import requirements_assign_for_people
from training.register import roles
from training.register.models import RegisterLogEntry
from training.register.roles import SCAN_COLLECTION

pytestmark = pytest.mark.django_db

HOST = "phrathaen.example.org"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setting(committed):
    organisation, _home, ethics, _circulars = build_site(hostname=HOST)
    division = DivisionFactory(organisation=organisation, name="สำนักปลัดเทศบาล")
    people = [
        PersonFactory(
            organisation=organisation,
            employee_number=f"P-{n}",
            first_name=name,
            last_name="ใจงาม",
            position="นักวิเคราะห์นโยบายและแผนชำนาญการ",
            division=division,
        )
        for n, name in enumerate(["สมหญิง", "ประเสริฐ", "วิไลวรรณ"], start=1)
    ]
    with committed():
        code = add_code(ethics)
    version = code.current_version
    hr_user = user_with_role(roles.HR_OFFICER, organisation, employee_number="HR-1")
    hr = Client()
    hr.force_login(hr_user)
    return {
        "organisation": organisation,
        "ethics": ethics,
        "people": people,
        "division": division,
        "code": code,
        "version": version,
        "hr_user": hr_user,
        "hr": hr,
        "url": f"/admin/signoffs/{version.pk}/paper/",
    }


def requirement_of(person, version) -> Requirement:
    return Requirement.objects.get(person=person, version=version)


def scan(name="sheet.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(setting, **overrides) -> dict:
    data = {
        "signed_on": numeric_date(timezone.localdate() - datetime.timedelta(days=1)),
        "note": "",
        "record": "1",
    }
    data.update(overrides)
    return data


def confirm_url(setting) -> str:
    return f"/admin/signoffs/{setting['version'].pk}/paper/confirm/"


def review(setting, data, client=None):
    """Step one: the form, answered by the review page that asks HR to confirm."""
    response = (client or setting["hr"]).post(setting["url"], data)
    assert response.status_code == 200
    assert "token" in response.context, response.text
    return response


def record(setting, data, client=None, follow=False):
    """Both steps: the form, then the confirmation of what the review page showed."""
    token = review(setting, data, client).context["token"]
    return (client or setting["hr"]).post(confirm_url(setting), {"token": token}, follow=follow)


def csv_list(*numbers, heading="เลขประจำตัว") -> SimpleUploadedFile:
    text = "\n".join([heading, *numbers]) + "\n"
    return SimpleUploadedFile("list.csv", text.encode("utf-8"), content_type="text/csv")


def test_paper_for_several_people_records_them_all_with_the_scan(setting):
    first, second, third = setting["people"]
    version = setting["version"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = record(
        setting,
        form(
            setting,
            requirement=[requirement_of(first, version).pk, requirement_of(second, version).pk],
            scan=scan(),
            note="ประชุมประจำเดือน",
        ),
    )

    assert response.status_code == 302
    acknowledgments = Acknowledgment.objects.order_by("person__employee_number")
    assert [a.person for a in acknowledgments] == [first, second]
    for acknowledgment in acknowledgments:
        assert acknowledgment.channel == AcknowledgmentChannel.PAPER
        assert acknowledgment.recorded_by == setting["hr_user"]
        assert acknowledgment.note == "ประชุมประจำเดือน"
        local = timezone.localtime(acknowledgment.acknowledged_at)
        assert local.date() == yesterday and local.hour == 12
    scans = {a.paper_scan for a in acknowledgments}
    assert len(scans) == 1
    document = scans.pop()
    assert document.collection.get_parent().name == SCAN_COLLECTION
    assert document.file.name.endswith(".pdf") and "sheet" not in document.file.name
    assert document.uploaded_by_user == setting["hr_user"]
    assert requirement_of(third, version).fulfilled_at is None
    # The list now shows only the person still to sign.
    page = setting["hr"].get(setting["url"])
    assert "วิไลวรรณ" in page.text and "สมหญิง" not in page.text


def test_a_list_of_employee_numbers_records_those_people(setting):
    first, _second, third = setting["people"]
    response = record(setting, form(setting, people_list=csv_list("P-1", "P-3"), scan=scan()))
    assert response.status_code == 302
    assert set(Acknowledgment.objects.values_list("person", flat=True)) == {first.pk, third.pk}


def test_an_xlsx_list_can_only_tick_people_before_recording(setting):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["รายชื่อผู้เข้าประชุม"])
    sheet.append(["ลำดับ", "เลขประจำตัว", "ชื่อ"])
    sheet.append([1, "P-2", "ประเสริฐ"])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("list.xlsx", data.getvalue())

    response = setting["hr"].post(
        setting["url"], form(setting, people_list=upload, apply_list="1", record="")
    )

    assert response.status_code == 200
    assert "ติ๊กบุคลากรตามรายชื่อในไฟล์แล้ว 1 คน" in response.text
    second = requirement_of(setting["people"][1], setting["version"])
    assert f'value="{second.pk}" id="paper-{second.pk}" checked' in response.text
    assert not Acknowledgment.objects.exists()


def test_an_invalid_row_in_a_list_records_nothing_and_names_the_row(setting):
    outsider = PersonFactory(organisation=OrganisationFactory(), employee_number="X-1")
    response = setting["hr"].post(
        setting["url"],
        form(
            setting, people_list=csv_list("P-1", "NOBODY-9", outsider.employee_number), scan=scan()
        ),
    )
    assert response.status_code == 200
    assert "แถวที่ 3" in response.text and "NOBODY-9" in response.text
    # Someone of another organisation is nobody in this register.
    assert "แถวที่ 4" in response.text
    assert not Acknowledgment.objects.exists()
    assert not get_document_model().objects.exists()


def test_someone_outside_the_audience_in_a_list_is_named(setting):
    PersonFactory(
        organisation=setting["organisation"], employee_number="POL-1", staff_type="council_member"
    )
    response = setting["hr"].post(
        setting["url"], form(setting, people_list=csv_list("POL-1"), scan=scan())
    )
    assert "แถวที่ 2" in response.text
    assert "ไม่อยู่ในกลุ่มที่ต้องรับทราบ" in response.text
    assert not Acknowledgment.objects.exists()


def test_a_future_date_is_refused(setting):
    first = setting["people"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = setting["hr"].post(
        setting["url"],
        form(
            setting,
            signed_on=numeric_date(tomorrow),
            requirement=[requirement_of(first, setting["version"]).pk],
            scan=scan(),
        ),
    )
    assert response.status_code == 200
    assert "ต้องไม่เป็นวันในอนาคต" in response.text
    assert not Acknowledgment.objects.exists()


def test_a_date_before_the_version_existed_is_refused(setting):
    first = setting["people"][0]
    response = setting["hr"].post(
        setting["url"],
        form(
            setting,
            signed_on="01/01/2563",
            requirement=[requirement_of(first, setting["version"]).pk],
            scan=scan(),
        ),
    )
    assert "วันที่ลงนามต้องไม่ก่อนวันที่ 1 ตุลาคม 2567" in response.text
    assert not Acknowledgment.objects.exists()


def test_the_scan_is_required_and_must_be_pdf_or_an_image(setting):
    chosen = [requirement_of(setting["people"][0], setting["version"]).pk]
    missing = setting["hr"].post(setting["url"], form(setting, requirement=chosen))
    assert "โปรดแนบใบลงนามที่สแกน" in missing.text
    wrong = setting["hr"].post(
        setting["url"],
        form(setting, requirement=chosen, scan=SimpleUploadedFile("sheet.docx", b"PK..")),
    )
    assert "PDF, JPG หรือ PNG" in wrong.text
    image = record(
        setting,
        form(setting, requirement=chosen, scan=SimpleUploadedFile("sheet.JPG", b"\xff\xd8\xff")),
    )
    assert image.status_code == 302
    assert Acknowledgment.objects.count() == 1


def test_nobody_chosen_is_refused(setting):
    response = setting["hr"].post(setting["url"], form(setting, scan=scan()))
    assert "โปรดเลือกบุคลากรที่ลงนามอย่างน้อยหนึ่งคน" in response.text


def test_someone_not_yet_in_post_on_the_day_signed_stops_the_whole_record(setting):
    first, second, _third = setting["people"]
    second.active_from = timezone.localdate()
    second.save()
    version = setting["version"]
    response = setting["hr"].post(
        setting["url"],
        form(
            setting,
            requirement=[requirement_of(first, version).pk, requirement_of(second, version).pk],
            scan=scan(),
        ),
    )
    assert response.status_code == 200
    assert "ประเสริฐ" in response.text and "ไม่ได้ปฏิบัติงานในวันที่ลงนาม" in response.text
    assert not Acknowledgment.objects.exists()
    assert not get_document_model().objects.exists()


def test_people_already_acknowledged_are_counted_not_recorded_again(setting):
    first, second, _third = setting["people"]
    version = setting["version"]
    chosen = [requirement_of(first, version).pk]
    record(setting, form(setting, requirement=chosen, scan=scan()))
    response = record(
        setting,
        form(setting, requirement=[*chosen, requirement_of(second, version).pk], scan=scan()),
        follow=True,
    )
    assert "1 คนได้รับทราบไว้ก่อนแล้ว" in response.text
    assert Acknowledgment.objects.count() == 2


def test_hr_of_another_organisation_cannot_record_paper_for_this_one(setting):
    stranger = user_with_role(roles.HR_OFFICER, OrganisationFactory(), employee_number="HR-9")
    client = Client()
    client.force_login(stranger)
    chosen = [requirement_of(setting["people"][0], setting["version"]).pk]
    assert client.get(setting["url"]).status_code == 404
    assert (
        client.post(setting["url"], form(setting, requirement=chosen, scan=scan())).status_code
        == 404
    )
    assert client.get(f"/admin/signoffs/{setting['version'].pk}/sheet.pdf").status_code == 404
    assert "ประมวลจริยธรรมของพนักงานเทศบาล" not in client.get("/admin/signoffs/").text
    assert not Acknowledgment.objects.exists()


def test_the_index_offers_each_current_version_with_its_outstanding_count(setting):
    response = setting["hr"].get("/admin/signoffs/")
    assert response.status_code == 200
    assert "ประมวลจริยธรรมของพนักงานเทศบาล" in response.text
    assert response.context["versions"][0].outstanding == 3
    chosen = setting["hr"].get("/admin/signoffs/paper/", {"version": setting["version"].pk})
    assert chosen["Location"] == setting["url"]


def test_the_paper_page_queries_do_not_grow_with_the_audience(
    setting, committed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        setting["hr"].get(setting["url"])
    more = [
        PersonFactory(organisation=setting["organisation"], division=setting["division"])
        for _ in range(30)
    ]
    requirements_assign_for_people(person_ids=[person.pk for person in more])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = setting["hr"].get(setting["url"])
    assert response.text.count('name="requirement"') == 33


# --- The sign-off sheet -----------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text layer, NFKC-normalised: the sheet writes ำ as the two glyphs it is drawn with."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_the_sign_off_sheet_is_a_thai_pdf_listing_the_audience_with_the_text_hash(setting):
    response = setting["hr"].get(f"/admin/signoffs/{setting['version'].pk}/sheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for person in setting["people"]:
        assert person.first_name in text
    assert "ใบลงนามรับทราบ" in text
    assert nfkc(setting["organisation"].name_th) in text
    assert "ลายมือชื่อ" in text
    assert "ฉบับที่ ๑" in text and "๑ ตุลาคม ๒๕๖๗" in text
    publication = setting["version"].publications.get()
    assert publication.text_sha256[:16] in text
    assert "หน้า ๑/๑" in text


def test_the_sheet_lists_those_still_to_sign_unless_everyone_is_asked_for(setting):
    first = setting["people"][0]
    record(
        setting,
        form(setting, requirement=[requirement_of(first, setting["version"]).pk], scan=scan()),
    )
    url = f"/admin/signoffs/{setting['version'].pk}/sheet.pdf"
    assert first.first_name not in pdf_text(setting["hr"].get(url).content)
    everyone = pdf_text(setting["hr"].get(url, {"all": "1"}).content)
    assert first.first_name in everyone and "รับทราบแล้ว" in everyone


def test_a_long_sheet_runs_over_pages_numbered_in_thai(setting):
    more = [
        PersonFactory(organisation=setting["organisation"], division=setting["division"])
        for _ in range(40)
    ]
    requirements_assign_for_people(person_ids=[person.pk for person in more])
    data = setting["hr"].get(f"/admin/signoffs/{setting['version'].pk}/sheet.pdf").content
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 3
    total = str(pages).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert f"หน้า ๑/{total}" in nfkc(reader.pages[0].extract_text())
    assert "๔๓" in pdf_text(data)  # the 43rd row's number


def test_hr_finds_the_sign_offs_in_the_admin_menu_and_an_editor_does_not(setting):
    assert "ลิงก์และใบลงนามรับทราบ" in admin_menu(setting["hr"].get("/admin/"))
    editor = Client()
    editor.force_login(user_with_role(roles.EDITOR, setting["organisation"]))
    assert "ลิงก์และใบลงนามรับทราบ" not in admin_menu(editor.get("/admin/"))


def test_the_scanned_sheet_is_only_for_hr(setting):
    first = setting["people"][0]
    record(
        setting,
        form(setting, requirement=[requirement_of(first, setting["version"]).pk], scan=scan()),
    )
    document = Acknowledgment.objects.get().paper_scan
    assert setting["hr"].get(document.url).status_code == 200
    assert Client().get(document.url).status_code != 200
    colleague = Client()
    colleague.force_login(user_with_role(roles.EMPLOYEE, setting["organisation"]))
    assert colleague.get(document.url).status_code != 200


def test_recording_paper_leaves_an_entry_in_the_organisations_history(setting):
    first, second, _third = setting["people"]
    version = setting["version"]
    record(
        setting,
        form(
            setting,
            requirement=[requirement_of(first, version).pk, requirement_of(second, version).pk],
            scan=scan(),
        ),
    )
    scan_id = Acknowledgment.objects.values_list("paper_scan", flat=True).first()

    entry = RegisterLogEntry.objects.get(action="training.paper_signoff")
    assert entry.object_id == str(setting["organisation"].pk)
    assert entry.user == setting["hr_user"]
    assert entry.data["version"] == version.pk
    assert entry.data["count"] == 2 and entry.data["scan"] == scan_id
    assert f"“{version.page.title}” ฉบับที่ {version.number} 2 คน" in entry.message


def test_a_refused_record_leaves_no_history(setting):
    second = setting["people"][1]
    second.active_from = timezone.localdate()
    second.save()
    response = setting["hr"].post(
        setting["url"],
        form(setting, requirement=[requirement_of(second, setting["version"]).pk], scan=scan()),
    )
    assert escape("ประเสริฐ ใจงาม (P-2) ไม่ได้ปฏิบัติงานในวันที่ลงนาม") in response.text
    assert not RegisterLogEntry.objects.filter(action="training.paper_signoff").exists()


# --- The document at the top, the error summary, the confirmation ----------------------------


def test_the_paper_page_names_the_document_and_version_above_the_list(setting):
    text = setting["hr"].get(setting["url"]).text
    header = text.index('id="signoff-document-title"')
    assert text.index(escape(setting["version"].page.title), header) < text.index(
        'name="requirement"'
    )
    assert "ฉบับที่ 1 · มีผลตั้งแต่วันที่ 1 ตุลาคม 2567" in text[header:]


def test_errors_are_summed_up_above_the_list_each_linked_to_its_row_or_field(setting):
    first, second, _third = setting["people"]
    second.active_from = timezone.localdate()
    second.save()
    version = setting["version"]
    chosen = [requirement_of(first, version).pk, requirement_of(second, version).pk]

    response = setting["hr"].post(setting["url"], form(setting, requirement=chosen, scan=scan()))

    text = response.text
    summary = text.index('id="error-summary"')
    assert summary < text.index('name="requirement"')
    failing = requirement_of(second, version).pk
    assert f'<a href="#paper-{failing}">' in text[summary:]
    assert f'id="paper-{failing}"' in text and "signoff-failing" in text
    # A field's error links to the field.
    missing = setting["hr"].post(setting["url"], form(setting, requirement=chosen[:1])).text
    summary = missing.index('id="error-summary"')
    assert '<a href="#id_scan">' in missing[summary:]
    assert 'id="id_scan"' in missing


def test_recording_shows_who_will_be_recorded_and_the_scan_before_anything_is_written(setting):
    first, second, _third = setting["people"]
    version = setting["version"]
    chosen = [requirement_of(first, version).pk]

    response = review(setting, form(setting, requirement=chosen, scan=scan()))

    assert not Acknowledgment.objects.exists()
    assert not get_document_model().objects.exists()
    text = response.text
    assert "ยืนยันบันทึกการลงนาม" in text and "สมหญิง" in text and "ประเสริฐ" not in text
    assert "sheet.pdf" in text
    scan_url = response.context["scan_url"]
    shown = setting["hr"].get(scan_url)
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PDF_BYTES
    # The scan waiting for confirmation is for the officer who sent it only.
    other = Client()
    other.force_login(
        user_with_role(roles.HR_OFFICER, setting["organisation"], employee_number="HR-2")
    )
    assert other.get(scan_url).status_code == 404
    assert other.post(confirm_url(setting), {"token": response.context["token"]}).status_code == 404
    assert not Acknowledgment.objects.exists()


def test_a_confirmation_sent_twice_records_each_person_once_with_one_scan(setting):
    first, second, _third = setting["people"]
    version = setting["version"]
    chosen = [requirement_of(first, version).pk, requirement_of(second, version).pk]
    token = review(setting, form(setting, requirement=chosen, scan=scan())).context["token"]

    first_answer = setting["hr"].post(confirm_url(setting), {"token": token})
    again = setting["hr"].post(confirm_url(setting), {"token": token}, follow=True)

    assert first_answer.status_code == 302
    assert Acknowledgment.objects.count() == 2
    assert get_document_model().objects.count() == 1
    assert RegisterLogEntry.objects.filter(action="training.paper_signoff").count() == 1
    assert "จึงไม่บันทึกซ้ำ" in again.text


def test_a_forged_confirmation_is_refused(setting):
    assert setting["hr"].post(confirm_url(setting), {"token": "forged"}).status_code == 404
    assert not Acknowledgment.objects.exists()


def test_scans_never_confirmed_are_swept_after_a_day(setting, settings, tmp_path):
    import os

    from django.core.files.storage import default_storage

    from training.outreach.services import PENDING_SCANS, pending_scan_store
    from training.outreach.tasks import sweep_pending_scans

    settings.MEDIA_ROOT = tmp_path
    old, fresh = pending_scan_store(scan()), pending_scan_store(scan())
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(f"{PENDING_SCANS}/{old}"), (two_days_ago, two_days_ago))

    assert sweep_pending_scans() == 1
    assert not default_storage.exists(f"{PENDING_SCANS}/{old}")
    assert default_storage.exists(f"{PENDING_SCANS}/{fresh}")
    assert sweep_pending_scans() == 0


# --- Sheets per division, and room for the date --------------------------------------------------


def test_a_sheet_can_be_printed_for_one_division(setting):
    other = DivisionFactory(organisation=setting["organisation"], name="กองคลัง")
    PersonFactory(organisation=setting["organisation"], division=other, first_name="มานพ")
    requirements_assign_for_people(person_ids=list(other.people.values_list("pk", flat=True)))
    url = f"/admin/signoffs/{setting['version'].pk}/sheet.pdf"

    page = setting["hr"].get(setting["url"]).text
    assert f'{url}?division={other.pk}"' in page
    text = pdf_text(setting["hr"].get(url, {"division": other.pk}).content)
    assert "มานพ" in text and "สมหญิง" not in text
    assert nfkc("กองคลัง") in text
    stranger = DivisionFactory(organisation=OrganisationFactory())
    assert setting["hr"].get(url, {"division": stranger.pk}).status_code == 404


def test_the_sheet_leaves_room_to_write_a_date_by_hand(setting):
    from training.outreach.paper_sheet import CELL_PADDING, SheetPDF, columns

    sheet_columns = columns()
    assert sum(c.width for c in sheet_columns) == 180  # A4 less the two 15 mm margins
    date = sheet_columns[-1]
    assert date.heading == "วันที่"
    # A date as people write it, at about the size of handwriting (14 pt), must fit the box.
    pdf = SheetPDF()
    pdf.use_font(14)
    assert pdf.width_of("๓๐ พ.ย. ๒๕๖๙") + 2 * CELL_PADDING <= date.width
    assert pdf.width_of("30/11/2569") + 2 * CELL_PADDING <= date.width
