"""Where a page or a site is on the web, without Wagtail's cached list of every site.

Wagtail finds a page's site (`Page.get_site()`, `url`, `full_url`, `relative_url`) by reading
every site's root path from the cache (`Site.get_site_root_paths`): with thousands of
organisations that is a list of thousands of entries unpickled on every call (457 KB and some
20-70 ms for the 7,888 sites of the country). These helpers ask the database for the page's own
site through the tree paths of its ancestors instead: one indexed query, however many sites
there are. A leaf helper: it imports nothing of the project.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site


def sites_of_page(page: Page) -> QuerySet[Site]:
    """The sites whose root is the page or one of its ancestors, the most specific first (as
    Wagtail orders them: the deepest root, then the default site, then by host name)."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return Site.objects.filter(root_page__path__in=paths).order_by(
        "-root_page__depth", "-is_default_site", "hostname"
    )


def site_of_page(page: Page) -> Site | None:
    """The site a page belongs to, what `page.get_site()` answers: one query."""
    return sites_of_page(page).select_related("root_page").first()


def site_base_url(*, hostname: str, port: int) -> str:
    """A site's address without a trailing slash: `SITE_SCHEME` (https behind the production
    proxy, where sites keep Wagtail's port 80), https for port 443, and the port left out when
    it is 80 or 443."""
    scheme = "https" if port == 443 else settings.SITE_SCHEME
    if port in (80, 443):
        return f"{scheme}://{hostname}"
    return f"{scheme}://{hostname}:{port}"


def url_in_site(page: Page, site: Site | None) -> str:
    """The page's address on `site` (a path from the site's root), or "" when the page is not
    under the site's root: what `page.get_url(request)` gives for a page of the request's site,
    without Wagtail's cached list of every site's root path."""
    if site is None:
        return ""
    root_path = site.root_page.url_path
    if not page.url_path.startswith(root_path):
        return ""
    try:
        url = reverse("wagtail_serve", args=(page.url_path[len(root_path) :],))
    except NoReverseMatch:
        return ""
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and url != "/":
        url = url.rstrip("/")
    return url


def full_url_in_site(page: Page, site: Site | None) -> str:
    """The page's absolute address on `site` (see `site_base_url`), or "" when it is not there."""
    path = url_in_site(page, site)
    if not path:
        return ""
    return site_base_url(hostname=site.hostname, port=site.port) + path
