"""Building the page tree of an organisation's site for tests."""

import datetime

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from circulars.models import CircularIndexPage, CircularPage, Visibility
from ethics.models import CodeOfEthicsPage, EthicsIndexPage, GuidelinesPage
from home.models import HomePage
from tests.factories import OrganisationFactory, SiteFactory

SAMPLE_CHAPTERS = [
    {
        "type": "chapter",
        "value": {
            "number": "1",
            "title": "มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก",
            "clauses": [
                {
                    "number": "1",
                    "text": "<p>เจ้าหน้าที่ต้องยึดมั่นในความซื่อสัตย์สุจริตและรับผิดชอบต่อหน้าที่</p>",
                },
                {
                    "number": "1/1",
                    "text": "<p>ยึดถือประโยชน์ของประเทศชาติเหนือกว่าประโยชน์ส่วนตน</p>",
                },
            ],
        },
    }
]


def build_site(*, hostname=None, name="เทศบาลตำบลพระแท่น"):
    """A home page on its own Site with an organisation, an ethics section and a circular index."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=f"home-{Page.objects.count()}"))
    site_kwargs = {"root_page": home}
    if hostname:
        site_kwargs["hostname"] = hostname
    site = SiteFactory(**site_kwargs)
    organisation = OrganisationFactory(site=site, name_th=name)
    ethics = home.add_child(instance=EthicsIndexPage(title="ประมวลจริยธรรม", slug="ethics"))
    circulars = home.add_child(instance=CircularIndexPage(title="หนังสือเวียน", slug="circulars"))
    return organisation, home, ethics, circulars


def code_of_ethics(*, title="ประมวลจริยธรรมของพนักงานเทศบาล", groups=("permanent",), live=False):
    """An unsaved code of ethics (for `add_code`, or for tests.factories.document_page)."""
    return CodeOfEthicsPage(
        title=title,
        effective_date=datetime.date(2024, 10, 1),
        body=SAMPLE_CHAPTERS,
        audience_groups=list(groups),
        live=live,
    )


def add_code(parent, *, title="ประมวลจริยธรรมของพนักงานเทศบาล", groups=("permanent",), publish=True):
    page = parent.add_child(instance=code_of_ethics(title=title, groups=groups))
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def circular_page(
    *,
    title="แจ้งเวียนประมวลจริยธรรมให้บุคลากรในสังกัดรับทราบ",
    visibility=Visibility.PUBLIC,
    date=datetime.date(2025, 1, 15),
    number="ที่ กจ ๕๒๙๐๑/ว ๑๒๓",
    body="<p>ด้วยเทศบาลได้ประกาศใช้ประมวลจริยธรรม จึงขอให้บุคลากรทุกคนถือปฏิบัติโดยเคร่งครัด</p>",
    live=False,
):
    """An unsaved circular (for `add_circular`, or for tests.factories.document_page)."""
    return CircularPage(
        title=title,
        circular_number=number,
        date=date,
        body=body,
        visibility=visibility,
        live=live,
    )


def add_circular(parent, *, publish=True, **fields):
    page = parent.add_child(instance=circular_page(**fields))
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def add_guidelines(parent, *, title="แนวทางปฏิบัติและช่องทางร้องเรียนการฝ่าฝืนจริยธรรม", publish=True):
    page = parent.add_child(
        instance=GuidelinesPage(
            title=title,
            intro="<p>แนวทางสำหรับประชาชนและบุคลากร</p>",
            how_to_report="<p>ยื่นเรื่องต่อสำนักปลัดเทศบาลพร้อมหลักฐาน</p>",
            complaint_channels=[
                {
                    "type": "channel",
                    "value": {
                        "name": "ตู้รับเรื่องร้องเรียน",
                        "detail": "หน้าสำนักงานเทศบาล",
                        "link": "",
                    },
                }
            ],
            penalties="<p>ผู้ฝ่าฝืนถูกดำเนินการทางวินัยตามควรแก่กรณี</p>",
            live=False,
        )
    )
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


# --- Admin form data: what the Wagtail page editor posts for each page type -------------------


def list_block(items):
    """ListBlock form data (count, then value/deleted/order per child), for nested_form_data."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index)}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def code_form_data(
    *,
    title="ประมวลจริยธรรมของพนักงานเทศบาล",
    clauses=(("1", "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"), ("5/1", "<p>ไม่รับของขวัญ</p>")),
    groups=("permanent",),
    change_kind="",
    change_summary=None,
    signed_original=None,
):
    """The edit form of a code of ethics as the admin posts it; audience as checkbox values.

    A new version comes with a summary of what changed, as an editor must write one, unless
    `change_summary` says otherwise."""
    if change_summary is None:
        change_summary = "ปรับปรุงถ้อยคำตามมติที่ประชุม" if change_kind == "new" else ""
    clause_features = ["bold", "italic", "ol", "ul", "link"]
    data = nested_form_data(
        {
            "title": title,
            "slug": "code-of-ethics",
            "legal_basis": "พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562",
            "effective_date": "01/10/2567",
            "intro": rich_text("<p>อารัมภบทของประมวลจริยธรรม</p>"),
            "body": streamfield(
                [
                    (
                        "chapter",
                        {
                            "number": "1",
                            "title": "มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก",
                            "clauses": list_block(
                                [
                                    {
                                        "number": number,
                                        "text": rich_text(text, features=clause_features),
                                    }
                                    for number, text in clauses
                                ]
                            ),
                        },
                    )
                ]
            ),
            "signed_original": str(signed_original.pk) if signed_original else "",
            "requires_acknowledgment": "on",
            "acknowledgment_days": "30",
            "change_kind": change_kind,
            "change_summary": change_summary,
        }
    )
    data["audience_groups"] = list(groups)
    return data
