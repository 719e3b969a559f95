"""The ethics section every organisation's site starts with (`manage.py add_organisation`).

Found by training.tenants as `<app>/sections.py`, the same way the demo finds `<app>/demo.py`, so
that training does not import the content apps.
"""

from wagtail.models import Page

from ethics.models import EthicsIndexPage, GuidelinesPage

INDEX_SLUG = "ethics"
INDEX_TITLE = "ประมวลจริยธรรม"
GUIDELINES_SLUG = "guidelines"
GUIDELINES_TITLE = "แนวทางปฏิบัติ ช่องทางร้องเรียน และบทลงโทษ"
# A draft for the editors to complete; not live until an approver publishes it.
GUIDELINES_DRAFT = "<p>(ร่าง) โปรดระบุขั้นตอนการแจ้งเรื่องการฝ่าฝืนจริยธรรม</p>"
PENALTIES_DRAFT = "<p>(ร่าง) โปรดระบุบทลงโทษตามประมวลจริยธรรม</p>"


def ensure(*, home: Page) -> int:
    """The code-of-ethics index under the home page (published) and a draft guidelines page under
    it, if missing; returns how many pages were created."""
    created = 0
    index = EthicsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=EthicsIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, show_in_menus=True)
        )
        index.save_revision().publish()
        created += 1
    if not GuidelinesPage.objects.child_of(index).exists():
        guidelines = index.add_child(
            instance=GuidelinesPage(
                title=GUIDELINES_TITLE,
                slug=GUIDELINES_SLUG,
                how_to_report=GUIDELINES_DRAFT,
                penalties=PENALTIES_DRAFT,
                live=False,
            )
        )
        guidelines.save_revision()
        created += 1
    return created
