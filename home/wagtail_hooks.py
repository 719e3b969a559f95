"""Admin-wide look: the site's Thai web font in the Wagtail admin, and B.E. dates in filters."""

import django_filters
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.active_filters import DateFromToRangeFilterAdapter, register_filter_adapter_class

from home.thai_dates import format_thai_date


class BuddhistEraDateRangeFilterAdapter(DateFromToRangeFilterAdapter):
    """A date range filter in force reads "1 พ.ย. 2569 - 30 พ.ย. 2569", on the listing and in the
    summary rows of its exports, not in the Christian era."""

    def format_value(self, value):
        return self.empty_value_label if value is None else format_thai_date(value, "short")


register_filter_adapter_class(
    django_filters.DateFromToRangeFilter, adapter_class=BuddhistEraDateRangeFilterAdapter
)


@hooks.register("insert_global_admin_css")
def thai_admin_font():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
