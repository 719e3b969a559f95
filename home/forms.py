"""The page editor's base form: a slug made from the page when the editor leaves it empty, and an
error message that names the fields that stop the page from being saved."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from home.thai_dates import arabic_numerals, buddhist_year

# Django's slug validator refuses Thai vowel and tone marks, and dropping them mangles the words
# (แจ้งเวียน becomes แจงเวยน): slugs are ASCII, made from the page's kind, number and year.
_ASCII_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


class SlugFromPageForm(WagtailAdminPageForm):
    """Edit form of our page types: an empty (or Thai) slug is made from the page itself.

    A page type says how through ``slug_base(data)`` (a classmethod given the cleaned data), or
    through ``slug_kind`` (English words) and ``slug_date_field`` (whose B.E. year follows them:
    ``code-of-ethics-2567``; today's year without a date field, none with ``slug_with_year =
    False``, as for the one index of a section). Among siblings a taken slug gets -2, -3 and so on.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if "slug" not in self.fields:
            return
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "เว้นว่างไว้ได้ ระบบจะตั้งให้จากประเภท เลขที่ และปี พ.ศ. ของหน้า (ตัวอักษรอังกฤษ ตัวเลข และขีดเท่านั้น)"
        )
        if self.is_bound:
            name = self.add_prefix("slug")
            posted = (self.data.get(name) or "").strip()
            if posted and not _ASCII_SLUG.match(posted) and re.search(r"[\u0E00-\u0E7F]", posted):
                # A slug the title sync made from a Thai title: never valid, so made anew.
                self.data = self.data.copy()
                self.data[name] = ""

    def slug_base(self, data: dict) -> str:
        model = self._meta.model
        if hasattr(model, "slug_base"):
            return model.slug_base(data)
        kind = getattr(model, "slug_kind", model._meta.model_name)
        if not getattr(model, "slug_with_year", True):
            return kind
        day = data.get(getattr(model, "slug_date_field", ""))
        if not isinstance(day, datetime.date):
            day = timezone.localdate()
        return f"{kind}-{buddhist_year(day)}"

    def unique_slug(self, base: str) -> str:
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        candidate, suffix = base, 1
        while not self.instance._slug_is_available(candidate, parent, self.instance):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def clean(self):
        slug_left_empty = "slug" in self.fields and "slug" not in self._errors
        if slug_left_empty and not self.cleaned_data.get("slug"):
            base = arabic_numerals(self.slug_base(self.cleaned_data)).lower()
            self.cleaned_data["slug"] = self.unique_slug(base)
        return super().clean()

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors or self.non_field_errors():
            return
        labels = [
            str(self.fields[name].label or name) for name in self._errors if name in self.fields
        ]
        if labels:
            # Wagtail lists every field's error in its message only when the form has an error
            # of its own; without one the editor read "validation errors" and had to hunt.
            self.add_error(
                None,
                _("ยังบันทึกไม่ได้ โปรดแก้ไขช่อง: %(fields)s") % {"fields": ", ".join(labels)},
            )
