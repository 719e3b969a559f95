"""The circulars section every organisation's site starts with (`manage.py add_organisation`)."""

from wagtail.models import Page

from circulars.models import CircularIndexPage

INDEX_SLUG = "circulars"
INDEX_TITLE = "หนังสือเวียน"


def ensure(*, home: Page) -> int:
    """The circular index under the home page (published), if missing; returns pages created."""
    if CircularIndexPage.objects.child_of(home).exists():
        return 0
    index = home.add_child(
        instance=CircularIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, show_in_menus=True)
    )
    index.save_revision().publish()
    return 1
