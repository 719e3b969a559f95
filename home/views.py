from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.views.decorators.cache import never_cache
from wagtail.models import Page, Site

from config.celery_app import app as celery_app
from home.tasks import HEARTBEAT_CACHE_KEY
from home.thai_search import marked_excerpt, segment_query
from training.pages import is_staff_of_site


def _database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as error:  # a health check reports every failure, it never raises
        return {"ok": False, "error": str(error)}


def _broker_status() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "redis", "last_heartbeat": cache.get(HEARTBEAT_CACHE_KEY)}
    except Exception as error:  # a health check reports every failure, it never raises
        return {"ok": False, "mode": "redis", "error": str(error)}


@never_cache
def health(request):
    """Database and broker status for load balancers and monitoring; 503 when either is down."""
    database = _database_status()
    broker = _broker_status()
    ok = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": database, "broker": broker},
        status=200 if ok else 503,
    )


# Longer queries are cut to this many characters; the search form does not allow more.
MAX_QUERY_LENGTH = 200


def search_result(page, query: str) -> dict:
    """What a search result shows: the page, its type, its date and where the query was found."""
    summary = getattr(page, "search_summary_text", None)
    if summary is not None:
        text = summary()
    else:
        text = strip_tags(getattr(page, "intro", "") or "") or page.search_description
    return {
        "page": page,
        "kind": page._meta.verbose_name,
        "date": getattr(page, "search_date", None) or page.last_published_at,
        "excerpt": marked_excerpt(text, query) if text.strip() else "",
    }


def search(request):
    """Site search: public pages for everyone, internal ones too for staff of this organisation."""
    query = request.GET.get("q", "").strip()
    query_truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH].strip()
    results = []
    site = Site.find_for_request(request)
    terms = segment_query(query)
    if terms and site is not None:
        pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
        if not is_staff_of_site(request):
            pages = pages.public()
        results = [
            search_result(page, query)
            for page in pages.specific().search(terms, operator="and")[:50]
        ]
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "query_truncated": query_truncated,
            "max_query_length": MAX_QUERY_LENGTH,
            # The search page is public: it writes digits in the site's digit style.
            "public_page": True,
        },
    )
