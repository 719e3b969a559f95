"""Counts read as English counts: "1 person", "2 people" (Thai has one form for both).

These need locale/en to hold the plural entries listed in /tmp/po/pairs-words.json.
"""

from types import SimpleNamespace

from django.utils import translation

from training.figures.report_views import acknowledged_text, progress_text


def version(count: int, audience: int | None = None) -> SimpleNamespace:
    progress = SimpleNamespace(assigned=count, acknowledged=count, rate=1.0)
    return SimpleNamespace(audience_size=audience, progress=progress)


def test_one_assigned_person_is_one_person_in_english():
    with translation.override("en"):
        assert progress_text(version(1)) == "Assigned to 1 person"
        assert progress_text(version(2)) == "Assigned to 2 people"
        assert acknowledged_text(version(1)).startswith("1 person (")


def test_thai_has_one_form():
    with translation.override("th"):
        assert progress_text(version(1)) == "มอบหมายแล้ว 1 คน"
        assert progress_text(version(2)) == "มอบหมายแล้ว 2 คน"
