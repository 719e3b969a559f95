"""Buddhist-era dates, fiscal years and Thai digits, in Python and in templates."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from home.thai_dates import (
    FiscalYear,
    buddhist_year,
    christian_year,
    date_parts,
    fiscal_year,
    format_thai_date,
    numeric_date,
    thai_numerals,
)

UTC = datetime.UTC
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def render(source: str, **context) -> str:
    return Template("{% load thai_dates %}" + source).render(Context(context))


# --- Years --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 9, 30), 2567),
        (datetime.date(2024, 10, 1), 2568),
        (datetime.date(2024, 12, 31), 2568),
        (datetime.date(2025, 1, 1), 2568),
        (datetime.date(2025, 9, 30), 2568),
        (datetime.date(2025, 10, 1), 2569),
        (datetime.date(2024, 2, 29), 2567),
    ],
)
def test_fiscal_year_changes_on_1_october_and_not_on_1_january(day, expected):
    assert fiscal_year(day) == expected


def test_calendar_year_changes_on_1_january():
    assert buddhist_year(datetime.date(2024, 12, 31)) == 2567
    assert buddhist_year(datetime.date(2025, 1, 1)) == 2568
    assert buddhist_year(datetime.date(2024, 2, 29)) == 2567


def test_a_datetime_counts_in_bangkok_time_not_utc():
    """18:00 UTC on 30 September is already 01:00 on 1 October in Bangkok: the next fiscal year."""
    evening_utc = datetime.datetime(2024, 9, 30, 18, 0, tzinfo=UTC)
    assert fiscal_year(evening_utc) == 2568
    assert FiscalYear(2568).contains(evening_utc)
    assert format_thai_date(evening_utc, with_time=True) == "1 ตุลาคม 2567 เวลา 01:00 น."

    just_before_midnight_bangkok = datetime.datetime(2024, 9, 30, 16, 59, tzinfo=UTC)
    assert fiscal_year(just_before_midnight_bangkok) == 2567
    assert format_thai_date(just_before_midnight_bangkok, with_time=True) == (
        "30 กันยายน 2567 เวลา 23:59 น."
    )


def test_new_year_in_utc_is_already_new_year_in_bangkok():
    assert buddhist_year(datetime.datetime(2024, 12, 31, 17, 0, tzinfo=UTC)) == 2568
    assert buddhist_year(datetime.datetime(2024, 12, 31, 16, 59, tzinfo=UTC)) == 2567


def test_a_naive_datetime_is_taken_as_local_time():
    assert fiscal_year(datetime.datetime(2024, 9, 30, 23, 59)) == 2567
    assert fiscal_year(datetime.datetime(2024, 10, 1, 0, 0)) == 2568


def test_the_active_time_zone_decides_the_day():
    moment = datetime.datetime(2024, 9, 30, 18, 0, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert fiscal_year(moment) == 2567


# --- FiscalYear ----------------------------------------------------------------------------------


def test_fiscal_year_2568_runs_from_1_october_2024_to_30_september_2025():
    year = FiscalYear(2568)
    assert (year.start, year.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
    assert year.contains(datetime.date(2024, 10, 1))
    assert year.contains(datetime.date(2025, 9, 30))
    assert not year.contains(datetime.date(2024, 9, 30))
    assert not year.contains(datetime.date(2025, 10, 1))


def test_a_fiscal_year_with_29_february_still_ends_on_30_september():
    year = FiscalYear.of(datetime.date(2024, 2, 29))
    assert year == FiscalYear(2567)
    assert (year.start, year.end) == (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    assert (year.end - year.start).days + 1 == 366


def test_fiscal_years_follow_one_another_without_gap():
    year = FiscalYear(2568)
    assert year.previous() == FiscalYear(2567)
    assert year.next() == FiscalYear(2569)
    assert year.previous().end + datetime.timedelta(days=1) == year.start
    assert year.end + datetime.timedelta(days=1) == year.next().start
    assert sorted([FiscalYear(2569), FiscalYear(2567)]) == [FiscalYear(2567), FiscalYear(2569)]


def test_the_datetime_range_runs_from_bangkok_midnight_to_bangkok_midnight():
    first, after = FiscalYear(2568).datetime_range()
    assert first == datetime.datetime(2024, 9, 30, 17, 0, tzinfo=UTC)
    assert after == datetime.datetime(2025, 9, 30, 17, 0, tzinfo=UTC)
    assert FiscalYear(2568).next().datetime_range()[0] == after


def test_fiscal_year_of_a_datetime_uses_local_time():
    assert FiscalYear.of(datetime.datetime(2025, 9, 30, 17, 0, tzinfo=UTC)) == FiscalYear(2569)


def test_a_christian_era_year_is_refused():
    with pytest.raises(ValueError, match="Christian-era"):
        FiscalYear(2025)
    with pytest.raises(TypeError):
        FiscalYear("2568")


def test_fiscal_year_reads_in_thai_and_english():
    with translation.override("th"):
        assert str(FiscalYear(2568)) == "ปีงบประมาณ พ.ศ. 2568"
    with translation.override("en"):
        assert str(FiscalYear(2568)) == "Fiscal year 2568 B.E."


# --- Formatting ----------------------------------------------------------------------------------


def test_long_and_short_thai_dates():
    day = datetime.date(2024, 10, 1)
    assert format_thai_date(day) == "1 ตุลาคม 2567"
    assert format_thai_date(day, "short") == "1 ต.ค. 2567"
    assert format_thai_date(day, thai_digits=True) == "๑ ตุลาคม ๒๕๖๗"


def test_29_february_is_29_kumphaphan_2567():
    day = datetime.date(2024, 2, 29)
    assert format_thai_date(day) == "29 กุมภาพันธ์ 2567"
    assert format_thai_date(day, "short", thai_digits=True) == "๒๙ ก.พ. ๒๕๖๗"


THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


def test_every_thai_month_name_and_abbreviation():
    firsts = [datetime.date(2025, month, 1) for month in range(1, 13)]
    assert [format_thai_date(d).split()[1] for d in firsts] == THAI_MONTHS
    assert [format_thai_date(d, "short").split()[1] for d in firsts] == THAI_MONTHS_SHORT


def test_a_datetime_with_its_time_of_day():
    moment = datetime.datetime(2024, 10, 1, 14, 5, tzinfo=BANGKOK)
    assert format_thai_date(moment, with_time=True) == "1 ตุลาคม 2567 เวลา 14:05 น."
    assert format_thai_date(moment, "short", with_time=True, thai_digits=True) == (
        "๑ ต.ค. ๒๕๖๗ เวลา ๑๔:๐๕ น."
    )
    assert format_thai_date(moment) == "1 ตุลาคม 2567"


def test_a_plain_date_has_no_time_and_styles_are_checked():
    with pytest.raises(TypeError):
        format_thai_date(datetime.date(2024, 10, 1), with_time=True)
    with pytest.raises(ValueError):
        format_thai_date(datetime.date(2024, 10, 1), "medium")


def test_english_keeps_the_buddhist_era_year():
    moment = datetime.datetime(2024, 10, 1, 14, 5, tzinfo=BANGKOK)
    with translation.override("en"):
        assert format_thai_date(moment) == "1 October 2567 B.E."
        assert format_thai_date(moment, "short") == "1 Oct 2567"
        assert format_thai_date(moment, with_time=True) == "1 October 2567 B.E. at 14:05"
        assert format_thai_date(datetime.date(2024, 2, 29), "short") == "29 Feb 2567"


def test_thai_numerals_change_only_digits():
    assert thai_numerals("ที่ กจ 52901/ว 123 (2568)") == "ที่ กจ ๕๒๙๐๑/ว ๑๒๓ (๒๕๖๘)"
    assert thai_numerals(1234567890) == "๑๒๓๔๕๖๗๘๙๐"


def test_thai_numerals_leave_web_addresses_as_they_are_so_they_still_lead_somewhere():
    text = "ฉบับที่ 2 http://127.0.0.1:8000/circulars/circular-2569-001/ เผยแพร่ 2569"
    assert thai_numerals(text) == (
        "ฉบับที่ ๒ http://127.0.0.1:8000/circulars/circular-2569-001/ เผยแพร่ ๒๕๖๙"
    )
    assert thai_numerals("no digits") == "no digits"


# --- Template filters ----------------------------------------------------------------------------


def test_template_filters_render_thai_dates():
    day = datetime.date(2024, 10, 1)
    moment = datetime.datetime(2024, 9, 30, 18, 0, tzinfo=UTC)
    assert render("{{ d|thai_date }}", d=day) == "1 ตุลาคม 2567"
    assert render("{{ d|thai_date_short }}", d=day) == "1 ต.ค. 2567"
    assert render("{{ d|thai_date|thai_digits }}", d=day) == "๑ ตุลาคม ๒๕๖๗"
    assert render('{{ m|thai_date:"time" }}', m=moment) == "1 ตุลาคม 2567 เวลา 01:00 น."
    assert render('{{ m|thai_date_short:"time" }}', m=moment) == "1 ต.ค. 2567 เวลา 01:00 น."
    assert render("{{ d|fiscal_year }} {{ m|fiscal_year }}", d=day, m=moment) == "2568 2568"
    assert render("{{ d|fiscal_year|thai_digits }}", d=datetime.date(2025, 9, 30)) == "๒๕๖๘"


def test_template_filters_leave_empty_values_empty():
    assert render(
        '[{{ d|thai_date }}|{{ d|thai_date_short:"time" }}|{{ d|fiscal_year }}]', d=None
    ) == ("[||]")
    assert render("[{{ d|thai_digits }}]", d=None) == "[]"
    assert render("[{{ d|thai_date }}]", d="not a date") == "[]"
    assert render('{{ d|thai_date:"time" }}', d=datetime.date(2024, 10, 1)) == "1 ตุลาคม 2567"


def test_thai_digits_keeps_escaping():
    assert render("{{ s|thai_digits }}", s="<b>5</b>") == "&lt;b&gt;๕&lt;/b&gt;"


def test_template_filters_follow_the_active_language():
    with translation.override("en"):
        assert render("{{ d|thai_date }}", d=datetime.date(2024, 10, 1)) == "1 October 2567 B.E."
        assert render("{{ d|thai_date_short }}", d=datetime.date(2024, 10, 1)) == "1 Oct 2567"


# --- Dates as people type them ------------------------------------------------------------------


def test_a_date_is_typed_day_month_and_buddhist_era_year():
    assert numeric_date(datetime.date(2020, 1, 15)) == "15/01/2563"
    # A datetime gives its Bangkok date: 17:00 UTC on 31 December is 1 January there.
    assert numeric_date(datetime.datetime(2024, 12, 31, 17, 0, tzinfo=UTC)) == "01/01/2568"
    assert christian_year(2569) == 2026


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("15/01/2563", (2563, 1, 15)),
        ("15-1-2020", (2020, 1, 15)),
        ("15.01.2563", (2563, 1, 15)),
        ("2563-01-15", (2563, 1, 15)),
        ("2020-01-15 00:00:00", (2020, 1, 15)),
        ("๑๕/๐๑/๒๕๖๓", (2563, 1, 15)),
        ("31/02/2563", (2563, 2, 31)),  # whether the day exists is for the caller to say
        ("15/01/63", None),
        ("มกราคม 2563", None),
        ("", None),
    ],
)
def test_the_parts_of_a_typed_date_are_read_with_the_year_as_written(text, parts):
    assert date_parts(text) == parts
