"""Finding a page's organisation costs the same with 2 sites as with 200: publishing and the
nightly sweep never read Wagtail's list of every site's root path (which Wagtail caches, and
fills again whenever it is read while empty) and run as many queries either way."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from home.sites import full_url_in_site, site_of_page
from home.thai_dates import FiscalYear
from tests.factories import PersonFactory
from tests.pages import add_circular, build_site
from training.acknowledgment.publishing import requirements_sweep
from training.acknowledgment.selectors import organisation_of_page
from training.figures.measures import measure_six
from training.register.models import StaffType

pytestmark = pytest.mark.django_db


def root_paths_cached() -> bool:
    return cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) is not None


def add_sites(count: int) -> None:
    filler = Page.get_first_root_node().add_child(instance=Page(title="filler", slug="filler"))
    Site.objects.bulk_create(
        Site(hostname=f"s{n}.example.net", port=80, root_page=filler) for n in range(count)
    )


def publish(parent, committed, number) -> tuple[Page, int]:
    """A circular published (and fanned out) and the queries its publication took."""
    Site.clear_site_root_paths_cache()
    with CaptureQueriesContext(connection) as queries, committed():
        page = add_circular(parent, title=f"หนังสือเวียน {number}", number=f"ที่ ทด {number}")
    assert not root_paths_cached()
    return page, len(queries.captured_queries)


def sweep() -> int:
    Site.clear_site_root_paths_cache()
    with CaptureQueriesContext(connection) as queries:
        requirements_sweep()
    assert not root_paths_cached()
    return len(queries.captured_queries)


def test_publishing_and_the_sweep_take_as_many_queries_with_200_sites_as_with_2(committed):
    organisation, _home, _ethics, circulars = build_site(hostname="a.example.org")
    PersonFactory.create_batch(3, organisation=organisation, staff_type=StaffType.MUNICIPAL_TEACHER)
    publish(circulars, committed, 1)  # the first one warms what any first one warms
    _second, few_publishing = publish(circulars, committed, 2)
    few_sweeping = sweep()

    add_sites(200)
    assert Site.objects.count() > 200
    assert sweep() == few_sweeping
    third, many_publishing = publish(circulars, committed, 3)
    assert many_publishing == few_publishing
    assert organisation_of_page(third) == organisation
    assert site_of_page(third) == organisation.site


def test_the_measures_report_links_pages_on_the_organisations_site_without_the_list(committed):
    organisation, _home, _ethics, circulars = build_site(hostname="a.example.org")
    PersonFactory.create_batch(2, organisation=organisation)
    page, _queries = publish(circulars, committed, 1)
    add_sites(50)
    Site.clear_site_root_paths_cache()
    six = measure_six(organisation.pk, FiscalYear.of(timezone.localdate()))
    assert not root_paths_cached()
    (document,) = six.documents
    assert document.url.startswith("http://a.example.org/circulars/")
    assert document.url == full_url_in_site(page, organisation.site)
