from wagtail.models import Page, Site


def navigation(request):
    """The site's top-level menu: live, public pages under the site root marked 'show in menus'."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": []}
    pages = (
        Page.objects.child_of(site.root_page).live().public().in_menu().specific(defer=True)
        if site.root_page_id
        else Page.objects.none()
    )
    return {"nav_pages": pages}
