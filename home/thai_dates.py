"""Dates as Thai government documents write them: Buddhist era, Thai month names, fiscal years.

The Buddhist era (พุทธศักราช, พ.ศ.) is the Christian era plus 543. The government fiscal year
(ปีงบประมาณ) runs from 1 October to 30 September and is named by the B.E. year in which it ends:
fiscal year B.E. 2568 runs from 1 October 2024 to 30 September 2025.

The API, in one place:

- ``buddhist_year(value)``: the B.E. calendar year of a date or datetime;
- ``fiscal_year(value)``: the B.E. fiscal year of a date or datetime, as an int (the key stored and
  passed around);
- ``FiscalYear(be_year)``: one fiscal year as a value, with ``start``, ``end`` (dates, inclusive),
  ``datetime_range()`` (for filtering timestamps), ``contains()``, ``previous()``, ``next()``, and
  ``FiscalYear.of(value)`` for the one containing a date;
- ``format_thai_date(value, style, thai_digits=..., with_time=...)``: a date for people to read;
- ``thai_numerals(value)``: 0-9 replaced by Thai digits ๐-๙, for formal report output;
  ``arabic_numerals(value)`` the other way round, and ``html_with_digits(html, thai=...)`` either
  way for the text of a page (the public site's digit style);
- ``numeric_date(value)``: a date as people type it, day/month/B.E. year: "15/01/2563";
- ``date_parts(text)``: the (year, month, day) typed as d/m/yyyy or yyyy-mm-dd (Thai digits too),
  year as written, whichever era; ``None`` for anything else. Forms (``home.date_fields``) and the
  register import decide what the year means.

A datetime is always converted to the current time zone (Asia/Bangkok unless activated otherwise)
before its date is taken, so 30 September 2024 18:00 UTC, which is 1 October 01:00 in Bangkok,
belongs to fiscal year B.E. 2568. A naive datetime is taken to be local already.

Every word of a formatted date goes through the translation catalogues, with Thai as the source
text, so the active language decides the rendering and the year is always the Buddhist-era year:

- long: "1 ตุลาคม 2567", in English "1 October 2567 B.E.";
- short: "1 ต.ค. 2567", in English "1 Oct 2567";
- with the time: "1 ตุลาคม 2567 เวลา 14:05 น.", in English "1 October 2567 B.E. at 14:05".

English keeps the B.E. year because the documents it describes (the fiscal year, the measure 6
report, the dates an assessor checks) are dated in B.E.; the long form says "B.E." so that an
English reader does not take 2567 for a Christian-era year.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy

BUDDHIST_ERA_OFFSET = 543
# The first month of the fiscal year; the year is named after the calendar year it ends in.
FISCAL_YEAR_START_MONTH = 10
# B.E. 2400 is A.D. 1857: a smaller "B.E. year" is almost certainly a Christian-era year by mistake.
_SMALLEST_PLAUSIBLE_BE_YEAR = 2400

MONTHS = {
    1: pgettext_lazy("month name", "มกราคม"),
    2: pgettext_lazy("month name", "กุมภาพันธ์"),
    3: pgettext_lazy("month name", "มีนาคม"),
    4: pgettext_lazy("month name", "เมษายน"),
    5: pgettext_lazy("month name", "พฤษภาคม"),
    6: pgettext_lazy("month name", "มิถุนายน"),
    7: pgettext_lazy("month name", "กรกฎาคม"),
    8: pgettext_lazy("month name", "สิงหาคม"),
    9: pgettext_lazy("month name", "กันยายน"),
    10: pgettext_lazy("month name", "ตุลาคม"),
    11: pgettext_lazy("month name", "พฤศจิกายน"),
    12: pgettext_lazy("month name", "ธันวาคม"),
}
MONTHS_ABBREVIATED = {
    1: pgettext_lazy("abbreviated month", "ม.ค."),
    2: pgettext_lazy("abbreviated month", "ก.พ."),
    3: pgettext_lazy("abbreviated month", "มี.ค."),
    4: pgettext_lazy("abbreviated month", "เม.ย."),
    5: pgettext_lazy("abbreviated month", "พ.ค."),
    6: pgettext_lazy("abbreviated month", "มิ.ย."),
    7: pgettext_lazy("abbreviated month", "ก.ค."),
    8: pgettext_lazy("abbreviated month", "ส.ค."),
    9: pgettext_lazy("abbreviated month", "ก.ย."),
    10: pgettext_lazy("abbreviated month", "ต.ค."),
    11: pgettext_lazy("abbreviated month", "พ.ย."),
    12: pgettext_lazy("abbreviated month", "ธ.ค."),
}

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# yyyy-mm-dd, which Excel and some CSV files add a midnight time to.
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
# What in a page's HTML is no text to read: tags (their attributes hold links and values), character
# references, and the insides of scripts, styles, text areas and code (hashes, keys).
_NOT_TEXT = re.compile(
    r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<textarea\b.*?</textarea\s*>"
    r"|<code\b.*?</code\s*>"
    r"|<!--.*?-->|<[^>]*>|&#?\w+;)",
    re.DOTALL | re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"(https?://\S+)")


def _local(value: datetime.date) -> datetime.date:
    """A datetime in the current time zone (aware ones converted), or the date unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _local_date(value: datetime.date) -> datetime.date:
    value = _local(value)
    return value.date() if isinstance(value, datetime.datetime) else value


def christian_year(be_year: int) -> int:
    """The Christian-era year of a B.E. year: 2569 is 2026."""
    return be_year - BUDDHIST_ERA_OFFSET


def buddhist_year(value: datetime.date) -> int:
    """The Buddhist-era calendar year of a date or datetime: 29 February 2024 is in B.E. 2567."""
    return _local_date(value).year + BUDDHIST_ERA_OFFSET


def fiscal_year(value: datetime.date) -> int:
    """The B.E. fiscal year of a date or datetime: 1 October 2024 to 30 September 2025 is 2568."""
    day = _local_date(value)
    ends_next_calendar_year = day.month >= FISCAL_YEAR_START_MONTH
    return day.year + BUDDHIST_ERA_OFFSET + (1 if ends_next_calendar_year else 0)


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A Thai government fiscal year, named by its B.E. year: 2568 is 1 Oct 2024 to 30 Sep 2025."""

    be_year: int

    def __post_init__(self):
        if not isinstance(self.be_year, int) or isinstance(self.be_year, bool):
            raise TypeError(f"A fiscal year is an int B.E. year, not {self.be_year!r}.")
        if self.be_year < _SMALLEST_PLAUSIBLE_BE_YEAR:
            raise ValueError(
                f"{self.be_year} looks like a Christian-era year; "
                f"fiscal years are named in the Buddhist era (A.D. + {BUDDHIST_ERA_OFFSET})."
            )

    def __str__(self):
        return gettext("ปีงบประมาณ พ.ศ. %(year)s") % {"year": self.be_year}

    @classmethod
    def of(cls, value: datetime.date) -> "FiscalYear":
        """The fiscal year that a date or datetime falls in."""
        return cls(fiscal_year(value))

    @property
    def start(self) -> datetime.date:
        """1 October of the year before, the first day of the fiscal year."""
        return datetime.date(self.be_year - BUDDHIST_ERA_OFFSET - 1, FISCAL_YEAR_START_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        """30 September, the last day of the fiscal year (inclusive)."""
        return datetime.date(self.be_year - BUDDHIST_ERA_OFFSET, FISCAL_YEAR_START_MONTH - 1, 30)

    def datetime_range(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Midnight starting 1 October and midnight ending 30 September, in the current time zone.

        Half-open, for timestamps: ``acknowledged_at__gte=first, acknowledged_at__lt=after`` keeps
        an index on the column usable, where an ``__date`` lookup would not.
        """
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        after = datetime.datetime.combine(self.next().start, datetime.time.min, tzinfo=zone)
        return first, after

    def contains(self, value: datetime.date) -> bool:
        """Whether a date, or a datetime in local time, falls within this fiscal year."""
        return fiscal_year(value) == self.be_year

    def previous(self) -> "FiscalYear":
        return FiscalYear(self.be_year - 1)

    def next(self) -> "FiscalYear":
        return FiscalYear(self.be_year + 1)


def thai_numerals(value: object) -> str:
    """The text of a value with the digits 0-9 written as Thai digits ๐-๙; other text, and web
    addresses in it (which would no longer lead anywhere), unchanged."""
    parts = _WEB_ADDRESS.split(str(value))
    return "".join(
        part if index % 2 else part.translate(_TO_THAI_DIGITS) for index, part in enumerate(parts)
    )


def numeric_date(value: datetime.date) -> str:
    """A date (or a datetime's local date) as Thai users type it: "15/01/2563", B.E. year."""
    day = _local_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year + BUDDHIST_ERA_OFFSET}"


def date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of "15/01/2563", "15-1-2020", "2563-01-15" or "๑๕/๐๑/๒๕๖๓".

    The year is returned as written: which era it is, and whether the day exists, is for the
    caller to decide. ``None`` when the text is not a date in one of these shapes.
    """
    text = str(text).strip().translate(_FROM_THAI_DIGITS)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    return year, month, day


def arabic_numerals(value: object) -> str:
    """The text of a value with Thai digits ๐-๙ written as 0-9."""
    return str(value).translate(_FROM_THAI_DIGITS)


def html_with_digits(html: str, *, thai: bool) -> str:
    """A page's HTML with every digit a reader sees in one style, Thai (๑) or Arabic (1).

    Only text is changed: tags and their attributes (so links, tel: numbers and form values keep
    working), character references, scripts, styles, web addresses written out and <code> (a hash
    or a key is copied and compared as written; the monospace font has no Thai digits) stay as
    they are.
    """
    convert = thai_numerals if thai else arabic_numerals
    parts = _NOT_TEXT.split(html)
    return "".join(part if index % 2 else convert(part) for index, part in enumerate(parts))


def format_thai_date(
    value: datetime.date,
    style: str = "long",
    *,
    thai_digits: bool = False,
    with_time: bool = False,
) -> str:
    """A date or datetime for people to read, with the Buddhist-era year.

    ``style`` is "long" (1 ตุลาคม 2567) or "short" (1 ต.ค. 2567). ``with_time`` adds the local time
    of a datetime (1 ตุลาคม 2567 เวลา 14:05 น.); a plain date has no time, so asking for one is an
    error. ``thai_digits`` writes every digit in Thai (๑ ตุลาคม ๒๕๖๗). The active language picks
    the words: in English the same date reads "1 October 2567 B.E." (see the module docstring).
    """
    if style not in ("long", "short"):
        raise ValueError(f'style must be "long" or "short", not {style!r}.')
    if with_time and not isinstance(value, datetime.datetime):
        raise TypeError("with_time needs a datetime; a date has no time of day.")
    local = _local(value)
    if style == "long":
        pattern = pgettext("long date: day, month name, B.E. year", "%(day)s %(month)s %(year)s")
        month = MONTHS[local.month]
    else:
        pattern = pgettext(
            "short date: day, month abbreviation, B.E. year", "%(day)s %(month)s %(year)s"
        )
        month = MONTHS_ABBREVIATED[local.month]
    text = pattern % {"day": local.day, "month": month, "year": local.year + BUDDHIST_ERA_OFFSET}
    if with_time:
        text = pgettext("date with time of day", "%(date)s เวลา %(time)s น.") % {
            "date": text,
            "time": f"{local.hour:02d}:{local.minute:02d}",
        }
    return thai_numerals(text) if thai_digits else text
