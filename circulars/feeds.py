"""An RSS feed of a circular index's public circulars: a public artefact, so never internal ones."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

from home.thai_dates import format_thai_date

FEED_LENGTH = 50
# Thai has no spaces between words, so excerpts are cut by characters, not by words.
EXCERPT_CHARS = 300


class CircularFeed(Feed):
    """The newest public circulars of one index, with Thai titles and Buddhist-era dates.

    Built per request (see `CircularIndexPage.feed`), so that links can be resolved for the site
    being served. Who asks makes no difference: staff read internal circulars on the site itself.
    """

    language = "th"

    def __init__(self, *, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index) -> str:
        return index.title

    def link(self, index) -> str:
        return index.get_url(self.request)

    def description(self, index) -> str:
        return strip_tags(index.intro) or gettext("หนังสือเวียนที่เผยแพร่ต่อสาธารณะ")

    def items(self, index):
        return index.public_circulars()[:FEED_LENGTH]

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        return item.get_url(self.request)

    def item_description(self, item) -> str:
        heading = gettext("%(number)s ลงวันที่ %(date)s เรียน %(addressee)s") % {
            "number": item.circular_number,
            "date": format_thai_date(item.date),
            "addressee": item.addressee,
        }
        # HTML, as feed readers render it: plain text with blank lines ran paragraphs together.
        excerpt = Truncator(expand_db_html(item.body)).chars(EXCERPT_CHARS, html=True)
        return format_html("<p>{}</p>{}", heading, mark_safe(excerpt))

    def item_pubdate(self, item) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item) -> datetime.datetime | None:
        return item.last_published_at
