"""Date inputs in the Buddhist era: what a Thai user types (30/11/2569) is what is stored.

A Thai user types the year in B.E. A plain ``DateField`` reads "2569-11-30" as the year 2569 of
the Christian era and stores it, so a circular dated 30 November 2569 reads "30 พฤศจิกายน 3112"
everywhere after. Every date a person types goes through ``BuddhistDateField``:

- it accepts dd/mm/yyyy (also with - or .) and yyyy-mm-dd, Thai digits too, the year in B.E.;
- it shows a date back in B.E. (15/01/2563), in a plain text input with the hint
  "วว/ดด/ปปปป (พ.ศ.)" (Wagtail's date picker writes Christian-era years, so it is not used);
- it refuses a Christian-era year and names the B.E. year probably meant, a year more than
  ``PLAUSIBLE_YEARS`` from this year, and a day that does not exist (31/04/2569).

``home.apps`` makes it the form field of every model ``DateField`` in the Wagtail admin (pages,
snippets and model viewsets); ``BuddhistDateFromToRangeFilter`` is the same for the admin's
date range filters. ``BuddhistDateTimeField`` is a B.E. date beside a time, for the date-times
people type (a briefing's start and end); a page's go-live time keeps Wagtail's own picker, which
its scheduling dialog needs.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField, RangeField
from wagtail.admin.filters import DateRangePickerWidget

from home.thai_dates import (
    BUDDHIST_ERA_OFFSET,
    buddhist_year,
    christian_year,
    date_parts,
    numeric_date,
)

# A B.E. year further than this from the current one is taken to be a typing mistake.
PLAUSIBLE_YEARS = 100
FORMAT_HINT = _("วว/ดด/ปปปป (พ.ศ.)")


class BuddhistDateInput(forms.TextInput):
    """A text input that shows a date as 15/01/2563 and what was typed as it was typed."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("วว/ดด/ปปปป"), "autocomplete": "off", "size": 12}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return numeric_date(value)
        return super().format_value(value)


class BuddhistDateField(forms.DateField):
    """A date typed with its year in the Buddhist era; see the module docstring for the rules."""

    widget = BuddhistDateInput
    default_error_messages = {
        "invalid": _("กรอกวันที่เป็น วว/ดด/ปปปป ปี พ.ศ. เช่น 30/11/2569"),
        "christian_era": _("ปี %(year)s เป็น ค.ศ. หมายถึง พ.ศ. %(be_year)s หรือไม่"),
        "implausible": _("ปี พ.ศ. %(year)s ไม่น่าจะถูกต้อง กรอกปี พ.ศ. ระหว่าง %(first)s ถึง %(last)s"),
        "no_such_day": _("ไม่มีวันที่ %(value)s ในปฏิทิน"),
    }

    def __init__(self, *, help_text="", **kwargs):
        # The hint comes first and stays whatever the model field's own help says.
        help_text = format_lazy("{} {}", FORMAT_HINT, help_text) if help_text else FORMAT_HINT
        kwargs.pop("input_formats", None)
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        parts = date_parts(text)
        if parts is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = parts
        this_year = buddhist_year(timezone.localdate())
        first, last = this_year - PLAUSIBLE_YEARS, this_year + PLAUSIBLE_YEARS
        if christian_year(first) <= year <= christian_year(last):
            raise forms.ValidationError(
                self.error_messages["christian_era"],
                code="christian_era",
                params={"year": year, "be_year": year + BUDDHIST_ERA_OFFSET},
            )
        if not first <= year <= last:
            raise forms.ValidationError(
                self.error_messages["implausible"],
                code="implausible",
                params={"year": year, "first": first, "last": last},
            )
        try:
            return datetime.date(christian_year(year), month, day)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["no_such_day"], code="no_such_day", params={"value": text}
            ) from None


class BuddhistDateTimeWidget(forms.MultiWidget):
    """A B.E. date input beside the browser's time input (a time has no era)."""

    def __init__(self, attrs=None):
        super().__init__(
            (
                BuddhistDateInput(attrs={"aria-label": _("วันที่ (วว/ดด/ปปปป พ.ศ.)")}),
                forms.TimeInput(
                    attrs={"type": "time", "aria-label": _("เวลา (ชช:นน)")}, format="%H:%M"
                ),
            ),
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        return [None, None]


class BuddhistDateTimeField(forms.MultiValueField):
    """A moment typed as a B.E. date and a time, in the site's time zone (Bangkok)."""

    widget = BuddhistDateTimeWidget
    default_error_messages = {
        "incomplete": _("กรอกทั้งวันที่และเวลา"),
    }

    def __init__(self, *, help_text="", **kwargs):
        help_text = format_lazy("{} {}", FORMAT_HINT, help_text) if help_text else FORMAT_HINT
        super().__init__(
            fields=(
                BuddhistDateField(),
                forms.TimeField(error_messages={"invalid": _("กรอกเวลาเป็น ชช:นน เช่น 09:30")}),
            ),
            help_text=help_text,
            require_all_fields=False,
            **kwargs,
        )
        # Each box is named with the field's label ("เริ่ม: วันที่ ..."), so a start and an end
        # on one form do not read alike to a screen reader.
        if self.label:
            for box in self.widget.widgets:
                box.attrs["aria-label"] = format_lazy("{}: {}", self.label, box.attrs["aria-label"])

    def compress(self, data_list):
        if not data_list or all(value in self.empty_values for value in data_list):
            return None
        day, time = (list(data_list) + [None, None])[:2]
        if day in self.empty_values or time in self.empty_values:
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return timezone.make_aware(
            datetime.datetime.combine(day, time), timezone.get_current_timezone()
        )


class BuddhistDateRangeWidget(DateRangePickerWidget):
    """Wagtail's from/to pair with B.E. text inputs instead of its Christian-era date pickers."""

    def __init__(self, attrs=None):
        widgets = (
            BuddhistDateInput(attrs={"placeholder": _("ตั้งแต่ วว/ดด/ปปปป")}),
            BuddhistDateInput(attrs={"placeholder": _("ถึง วว/ดด/ปปปป")}),
        )
        # SuffixedMultiWidget's own __init__, skipping the parent's AdminDateInput pair.
        super(DateRangePickerWidget, self).__init__(widgets, attrs)


class BuddhistDateRangeField(DateRangeField):
    """django-filter's date range, each end a BuddhistDateField."""

    widget = BuddhistDateRangeWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", FORMAT_HINT)
        # RangeField's own __init__ with our two fields (DateRangeField's would build plain ones).
        RangeField.__init__(self, (BuddhistDateField(), BuddhistDateField()), *args, **kwargs)


class BuddhistDateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    """An admin list filter on a date range, typed in B.E."""

    field_class = BuddhistDateRangeField
