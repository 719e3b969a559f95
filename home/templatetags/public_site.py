"""Tags of the public site: {% load public_site %}.

{% digitstyle page public_page %}…{% enddigitstyle %}
    every digit inside in the site's digit style (PublicSiteSettings), when any value is true
    (or always, given none)
{{ channel|contact_links }}                 phone numbers as tel: links, web addresses as links
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from home.models import DigitStyle, PublicSiteSettings
from home.thai_dates import html_with_digits

register = template.Library()

# A Thai phone number: 0 and eight or nine more digits, spaced or hyphenated (0 3456 1234,
# 02-123-4567, 089 123 4567); a web address with its scheme.
_CONTACT = re.compile(r"(https?://[^\s<>\"]+|(?<!\d)0(?:[ -]?\d){8,9}(?!\d))")


class DigitStyleNode(template.Node):
    def __init__(self, nodelist, conditions):
        self.nodelist = nodelist
        self.conditions = conditions

    def applies(self, context) -> bool:
        if not self.conditions:
            return True
        return any(c.resolve(context, ignore_failures=True) for c in self.conditions)

    def render(self, context):
        html = self.nodelist.render(context)
        request = context.get("request")
        if request is None or not self.applies(context):
            return html
        style = PublicSiteSettings.for_request(request).digit_style
        return mark_safe(html_with_digits(html, thai=style == DigitStyle.THAI))


@register.tag
def digitstyle(parser, token):
    """{% digitstyle [value ...] %}…{% enddigitstyle %}: one digit style for the text inside."""
    conditions = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("enddigitstyle",))
    parser.delete_first_token()
    return DigitStyleNode(nodelist, conditions)


def _link(match: re.Match) -> str:
    text = match.group(0)
    if text.startswith("http"):
        return format_html('<a href="{}">{}</a>', text, text)
    return format_html('<a href="tel:{}">{}</a>', re.sub(r"\D", "", text), text)


@register.filter(is_safe=True)
def contact_links(value) -> str:
    """A line of contact text with its phone numbers and web addresses made into links."""
    parts = _CONTACT.split(str(value))
    return mark_safe(
        "".join(
            _link(_CONTACT.match(part)) if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )
