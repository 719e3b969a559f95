"""The translation catalogues are complete, translated and compiled.

Thai is the source language; locale/en holds the English translation and locale/th the identity
catalogue. `make messages` extracts, updates and compiles them (it needs GNU gettext); the .mo
files are committed because the site must run where gettext cannot be installed.
"""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["en", "th"]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    untranslated = [e.msgid for e in po if not all(translations(e))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language} (check, then remove the fuzzy flag): {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = [
        e.msgid
        for e in catalogue(language)
        for text in translations(e)
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(e.msgid))
    ]
    assert not wrong, f"placeholders differ in {language}: {wrong}"


def test_the_thai_catalogue_is_its_own_source():
    changed = [e.msgid for e in catalogue("th") if e.msgstr and e.msgstr != e.msgid]
    assert not changed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    """The committed .mo says what the .po says: nobody edited a translation and forgot to compile.

    Compared by content, not by file dates, which a git checkout does not keep.
    """
    directory = LOCALE / language / "LC_MESSAGES"
    assert (directory / "django.mo").exists(), "run `make messages` to compile the catalogue"
    po_file = polib.pofile(str(directory / "django.po"))
    po = {key(e): translations(e) for e in po_file.translated_entries()}
    mo = {key(e): translations(e) for e in polib.mofile(str(directory / "django.mo"))}
    mo.pop((None, ""), None)  # the header
    assert mo == po, "the .mo is out of date: run `make messages`"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_translatable_string_in_the_code_is_in_the_english_catalogue(
    tmp_path, monkeypatch, settings
):
    """Extract the strings afresh, in a copy of the sources, and look each one up."""
    base = Path(settings.BASE_DIR)
    skip = {"var", "tests", "locale", "node_modules"}
    for directory, subdirectories, files in os.walk(base):
        subdirectories[:] = [d for d in subdirectories if d not in skip and not d.startswith(".")]
        for name in files:
            if Path(name).suffix in {".py", ".html", ".txt"}:
                source = Path(directory) / name
                target = tmp_path / source.relative_to(base)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["en"], verbosity=0)

    extracted = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    known = {key(e) for e in catalogue("en")}
    missing = [e.msgid for e in extracted if key(e) not in known]
    assert not missing, f"not in locale/en yet, run `make messages` and translate: {missing}"
