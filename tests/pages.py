"""Building the page tree of an organisation's site for tests."""

import datetime

from wagtail.models import Page

from circulars.models import CircularIndexPage, CircularPage, Visibility
from ethics.models import CodeOfEthicsPage, EthicsIndexPage
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


def add_code(parent, *, title="ประมวลจริยธรรมของพนักงานเทศบาล", groups=("permanent",), publish=True):
    page = parent.add_child(
        instance=CodeOfEthicsPage(
            title=title,
            effective_date=datetime.date(2024, 10, 1),
            body=SAMPLE_CHAPTERS,
            audience_groups=list(groups),
            live=False,
        )
    )
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def add_circular(
    parent,
    *,
    title="แจ้งเวียนประมวลจริยธรรมให้บุคลากรในสังกัดรับทราบ",
    visibility=Visibility.PUBLIC,
    date=datetime.date(2025, 1, 15),
    number="ที่ กจ ๕๒๙๐๑/ว ๑๒๓",
    body="<p>ด้วยเทศบาลได้ประกาศใช้ประมวลจริยธรรม จึงขอให้บุคลากรทุกคนถือปฏิบัติโดยเคร่งครัด</p>",
    publish=True,
):
    page = parent.add_child(
        instance=CircularPage(
            title=title,
            circular_number=number,
            date=date,
            body=body,
            visibility=visibility,
            live=False,
        )
    )
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page
