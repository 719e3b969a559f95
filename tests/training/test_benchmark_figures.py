"""The figures benchmark runs end to end and leaves nothing behind (its numbers are for people)."""

import io

import pytest
from django.core.management import call_command

from training.acknowledgment.models import Acknowledgment
from training.register.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_benchmark_prints_its_timings_and_rolls_everything_back():
    out = io.StringIO()
    call_command("benchmark_figures", sizes=[12], repeat=1, stdout=out)
    printed = out.getvalue()
    assert "12 คน / people: 60 requirements" in printed
    assert "year_figures()" in printed and "4 queries" in printed
    assert "version report" in printed and "division head's view" in printed
    assert "dashboard (admin home)" in printed
    assert not Organisation.objects.exists()
    assert not Acknowledgment.objects.exists()
