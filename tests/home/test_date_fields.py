"""Dates typed in the Buddhist era: the form field, its input, the range filter, and where they
are used (every DateField of the Wagtail admin, the paper sign-off date, the admin filters)."""

import datetime

import pytest
import time_machine
from django import forms
from django.db import models
from wagtail.admin.forms.models import formfield_for_dbfield

from circulars.models import CircularPage
from home.date_fields import (
    BuddhistDateField,
    BuddhistDateFromToRangeFilter,
    BuddhistDateInput,
)
from training.figures.report_views import AcknowledgmentFilterSet
from training.outreach.reminder_admin import ReminderLogFilterSet

# 2 December 2026 is 2 ธันวาคม 2569: plausible B.E. years are 2469 to 2669.
TODAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def errors_of(value, field=None) -> list[str]:
    field = field or BuddhistDateField()
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(value)
    return raised.value.messages


@pytest.mark.parametrize(
    "typed",
    ["30/11/2569", "30-11-2569", "30.11.2569", "2569-11-30", "๓๐/๑๑/๒๕๖๙", " 30/11/2569 "],
)
def test_a_buddhist_era_date_is_read_as_the_christian_era_date_it_names(typed):
    assert BuddhistDateField().clean(typed) == datetime.date(2026, 11, 30)


def test_a_date_with_one_digit_day_and_month_is_read():
    assert BuddhistDateField().clean("1/2/2568") == datetime.date(2025, 2, 1)


@pytest.mark.parametrize(
    ("typed", "year", "meant"), [("2026-11-30", 2026, 2569), ("1/1/2020", 2020, 2563)]
)
def test_a_christian_era_year_is_refused_naming_the_buddhist_era_year_meant(typed, year, meant):
    assert errors_of(typed) == [f"ปี {year} เป็น ค.ศ. หมายถึง พ.ศ. {meant} หรือไม่"]


@pytest.mark.parametrize("typed", ["30/11/3112", "01/01/2468", "01/01/2670", "01/01/1800"])
def test_a_year_more_than_a_hundred_years_from_this_one_is_refused(typed):
    assert errors_of(typed) == [f"ปี พ.ศ. {typed[-4:]} ไม่น่าจะถูกต้อง กรอกปี พ.ศ. ระหว่าง 2469 ถึง 2669"]


def test_the_edges_of_the_plausible_years_are_accepted():
    assert BuddhistDateField().clean("01/01/2469") == datetime.date(1926, 1, 1)
    assert BuddhistDateField().clean("31/12/2669") == datetime.date(2126, 12, 31)


@pytest.mark.parametrize("typed", ["31/04/2569", "29/02/2569", "00/01/2569", "15/13/2569"])
def test_a_day_that_is_not_in_the_calendar_is_refused(typed):
    assert errors_of(typed) == [f"ไม่มีวันที่ {typed} ในปฏิทิน"]


def test_29_february_of_a_leap_year_is_accepted():
    assert BuddhistDateField().clean("29/02/2567") == datetime.date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["พรุ่งนี้", "30/11", "30112569", "2569/11"])
def test_text_that_is_not_a_date_is_refused_with_the_expected_shape(typed):
    assert errors_of(typed) == ["กรอกวันที่เป็น วว/ดด/ปปปป ปี พ.ศ. เช่น 30/11/2569"]


def test_blank_is_refused_only_when_required():
    with pytest.raises(forms.ValidationError) as raised:
        BuddhistDateField().clean("")
    assert raised.value.code == "required"
    assert BuddhistDateField(required=False).clean("") is None


def test_a_date_is_shown_back_in_the_buddhist_era_and_what_was_typed_as_typed():
    widget = BuddhistDateInput()
    html = widget.render("date", datetime.date(2026, 11, 30))
    assert 'value="30/11/2569"' in html
    assert 'type="text"' in html
    assert 'value="2026-11-30"' in widget.render("date", "2026-11-30")


def test_the_field_says_the_year_is_buddhist_era_before_any_help_of_its_own():
    assert str(BuddhistDateField().help_text) == "วว/ดด/ปปปป (พ.ศ.)"
    field = BuddhistDateField(help_text="วันที่ออกหนังสือ")
    assert str(field.help_text) == "วว/ดด/ปปปป (พ.ศ.) วันที่ออกหนังสือ"


def test_every_model_date_field_in_the_wagtail_admin_is_typed_in_buddhist_era():
    form_field = formfield_for_dbfield(CircularPage._meta.get_field("date"))
    assert isinstance(form_field, BuddhistDateField)
    assert isinstance(form_field.widget, BuddhistDateInput)
    assert str(form_field.label) == "ลงวันที่"


def test_a_date_time_keeps_wagtails_own_picker():
    form_field = formfield_for_dbfield(models.DateTimeField(name="go_live_at"))
    assert not isinstance(form_field, BuddhistDateField)
    assert isinstance(form_field, forms.DateTimeField)


def test_the_page_editor_form_of_a_circular_reads_and_shows_buddhist_era():
    form_class = CircularPage.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["date"], BuddhistDateField)
    assert not isinstance(form_class.base_fields["go_live_at"], BuddhistDateField)


# --- Date range filters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filterset", "name"),
    [(ReminderLogFilterSet, "day"), (AcknowledgmentFilterSet, "acknowledged_at")],
)
def test_the_admin_date_range_filters_are_typed_in_buddhist_era(filterset, name):
    assert isinstance(filterset.base_filters[name], BuddhistDateFromToRangeFilter)


def test_a_range_typed_in_buddhist_era_filters_the_christian_era_days(db):
    filterset = ReminderLogFilterSet(data={"day_from": "01/01/2568", "day_to": "31/01/2568"})
    assert filterset.is_valid(), filterset.errors
    period = filterset.form.cleaned_data["day"]
    assert (period.start.date(), period.stop.date()) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 1, 31),
    )


def test_a_range_typed_in_the_christian_era_is_refused_with_the_year_meant(db):
    filterset = ReminderLogFilterSet(data={"day_from": "01/01/2025", "day_to": ""})
    assert not filterset.is_valid()
    assert "ปี 2025 เป็น ค.ศ. หมายถึง พ.ศ. 2568 หรือไม่" in str(filterset.errors)


def test_the_range_inputs_show_buddhist_era_and_say_which_end_is_which():
    widget = ReminderLogFilterSet.base_filters["day"].field.widget
    html = widget.render("day", slice(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)))
    assert 'value="01/01/2568"' in html and 'value="31/01/2568"' in html
    assert "ตั้งแต่ วว/ดด/ปปปป" in html and "ถึง วว/ดด/ปปปป" in html
