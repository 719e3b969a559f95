"""The transparency page every organisation's site starts with (`manage.py add_organisation`):
measure 6's figures for the public and the national assessor, aggregates only."""

from wagtail.models import Page

from training.figures.pages import TransparencyPage

TRANSPARENCY_SLUG = "transparency"
TRANSPARENCY_TITLE = "เปิดเผยข้อมูลการรับทราบประมวลจริยธรรม"
TRANSPARENCY_INTRO = (
    "<p>ตัวเลขการรับทราบประมวลจริยธรรมของบุคลากรของหน่วยงาน รายปีงบประมาณ "
    "แสดงเฉพาะตัวเลขรวม ไม่แสดงชื่อบุคคล</p>"
)


def ensure(*, home: Page) -> int:
    """The transparency page under the home page (published), if missing; returns pages
    created."""
    if TransparencyPage.objects.child_of(home).exists():
        return 0
    page = home.add_child(
        instance=TransparencyPage(
            title=TRANSPARENCY_TITLE, slug=TRANSPARENCY_SLUG, intro=TRANSPARENCY_INTRO
        )
    )
    page.save_revision().publish()
    return 1
