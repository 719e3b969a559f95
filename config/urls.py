import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.views import health, search

urlpatterns = [
    path("health/", health, name="health"),
    path("search/", search, name="search"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail's view gives the sitemap the request, so each Site lists its own pages.
    path("sitemap.xml", sitemap),
    path("", include("training.urls")),
]


def media_urlpatterns():
    """Uploads served as plain files in development, except documents: those go through
    /documents/, which asks who may have them (scanned sign-off sheets are evidence)."""
    from django.views.static import serve

    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [
        re_path(
            rf"^{prefix}(?!documents/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]


if settings.DEBUG:
    urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
