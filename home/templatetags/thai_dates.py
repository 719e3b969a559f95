"""Template filters for Buddhist-era dates, fiscal years and Thai digits: {% load thai_dates %}.

    {{ ack.acknowledged_at|thai_date }}             1 ตุลาคม 2567
    {{ ack.acknowledged_at|thai_date:"time" }}      1 ตุลาคม 2567 เวลา 14:05 น.
    {{ circular.date|thai_date_short }}             1 ต.ค. 2567
    {{ circular.date|thai_date|thai_digits }}       ๑ ตุลาคม ๒๕๖๗
    {{ circular.date|fiscal_year }}                 2568

Like Django's own ``date`` filter, a value that is not a date renders as an empty string, so an
empty optional field shows nothing rather than breaking the page.
"""

import datetime

from django import template

from home import thai_dates

register = template.Library()


def _format(value, style: str, arg: str) -> str:
    if not isinstance(value, datetime.date):
        return ""
    with_time = arg == "time" and isinstance(value, datetime.datetime)
    return thai_dates.format_thai_date(value, style, with_time=with_time)


@register.filter
def thai_date(value, arg: str = "") -> str:
    """The long form, 1 ตุลาคม 2567; with the argument "time", a datetime's local time too."""
    return _format(value, "long", arg)


@register.filter
def thai_date_short(value, arg: str = "") -> str:
    """The short form, 1 ต.ค. 2567; with the argument "time", a datetime's local time too."""
    return _format(value, "short", arg)


@register.filter(is_safe=True)
def thai_digits(value) -> str:
    """The value with its digits written as Thai digits (๐-๙), as formal documents use."""
    if value is None:
        return ""
    return thai_dates.thai_numerals(value)


@register.filter
def fiscal_year(value) -> int | str:
    """The Buddhist-era fiscal year of a date or datetime (1 October 2024 gives 2568)."""
    if not isinstance(value, datetime.date):
        return ""
    return thai_dates.fiscal_year(value)
