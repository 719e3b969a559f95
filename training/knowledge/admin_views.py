"""Quizzes in the Wagtail admin: HR and editors write them for their organisation, with their
questions and choices inline."""

from django.utils.translation import gettext_lazy as _

from training.acknowledgment.selectors import organisation_of_page
from training.briefings.models import Briefing
from training.register.admin_views import OrganisationScopedForm

NO_QUESTIONS = _("แบบทดสอบต้องมีคำถามอย่างน้อยหนึ่งข้อ")
TOO_FEW_CHOICES = _("คำถามแต่ละข้อต้องมีตัวเลือกอย่างน้อยสองตัวเลือก")
ONE_RIGHT_ANSWER = _("คำถามแต่ละข้อต้องมีคำตอบที่ถูกหนึ่งตัวเลือกพอดี")
PAGE_OF_ANOTHER_ORGANISATION = _("เอกสารนี้เป็นของหน่วยงานอื่น")


def _kept(forms):
    return [f for f in forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class QuizForm(OrganisationScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "briefing" in self.fields:
            self.fields["briefing"].queryset = Briefing.objects.filter(**self.organisation_filter())

    def clean(self):
        cleaned = super().clean()
        page, organisation = cleaned.get("page"), cleaned.get("organisation")
        if page is not None and organisation is not None:
            owner = organisation_of_page(page)
            if owner is not None and owner.pk != organisation.pk:
                self.add_error("page", PAGE_OF_ANOTHER_ORGANISATION)
        return cleaned

    def is_valid(self):
        """Besides each field: at least one question, each with two or more choices of which
        exactly one is right."""
        if not super().is_valid():
            return False
        questions = _kept(self.formsets["questions"].forms)
        if not questions:
            self.add_error(None, NO_QUESTIONS)
            return False
        valid = True
        for question_form in questions:
            choices = _kept(question_form.formsets["choices"].forms)
            if len(choices) < 2:
                question_form.add_error(None, TOO_FEW_CHOICES)
                self.add_error(None, TOO_FEW_CHOICES)
                valid = False
            elif sum(1 for c in choices if c.cleaned_data.get("is_correct")) != 1:
                question_form.add_error(None, ONE_RIGHT_ANSWER)
                self.add_error(None, ONE_RIGHT_ANSWER)
                valid = False
        return valid
