"""The translation catalogues are complete, translated and compiled.

Thai is the source language; locale/en holds the English translation and locale/th the identity
catalogue. `make messages` extracts, updates and compiles them (it needs GNU gettext); the .mo
files are committed because the site must run where gettext cannot be installed.
"""

import os
import re
import shutil
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
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


# --- Thai admin pages: no English left where the product's users work ---------------------------

OVERRIDES = Path(settings.BASE_DIR) / "locale_overrides" / "th" / "LC_MESSAGES"
ADMIN_ROLES = ["hr", "editor", "approver"]
# The admin areas the product adds or its users work in; Wagtail's own admin beyond them (images,
# site history, page-type usage) is left to Wagtail's catalogue.
PRODUCT_AREAS = re.compile(
    r"^/admin/(|register/.*|acknowledgments/.*|signoffs/.*|measures-report/.*|ita-evidence/.*"
    r"|reports/workflow.*|account/|pages/\d+/(edit/)?|pages/add/.*)$"
)
NOT_VISITED = re.compile(
    r"(logout|delete|unpublish|revert|lock|copy|move|export|download|sheet|pdf|xlsx|csv|bulk"
    r"|preview|invite)",
    re.IGNORECASE,
)
HEX = re.compile(r"^[0-9a-f]+$")
LINKS = re.compile(r'href="(/admin/[^"#]*)"|"url":\s*"(\\?/admin[^"#]*)"')


@pytest.fixture(scope="module")
def demo_in_moderation(django_db_setup, django_db_blocker):
    """The demo, with one circular and one guideline waiting for the approver (so the moderation
    screens show), in a transaction rolled back after the module's tests."""
    from django.db import transaction
    from wagtail.models import Page

    from training import demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        editor = get_user_model().objects.get(username="editor")
        for model in ("circularpage", "guidelinespage"):
            page = Page.objects.filter(content_type__model=model).first().specific
            page.save_revision(user=editor)
            page.get_workflow().start(page, editor)
        yield
        transaction.set_rollback(True)


def content_words() -> set[str]:
    """English in what people typed (page titles, the organisation, evidence of the browser
    used): content, not the interface."""
    from wagtail.models import Page

    from training.acknowledgment.models import Acknowledgment
    from training.figures.report_models import MeasuresReport
    from training.register.models import Organisation

    texts = [*Page.objects.values_list("title", flat=True)]
    texts += Acknowledgment.objects.values_list("user_agent", flat=True)
    for row in [*Organisation.objects.all(), *MeasuresReport.objects.all()]:
        texts += [str(value) for value in row.__dict__.values() if isinstance(value, (str, list))]
    return {word for text in texts for word in re.findall(r"[A-Za-z][A-Za-z'’]+", text or "")}


def page_editors() -> list[str]:
    """The edit view of one page of every type, and the add view of every type editors add."""
    from wagtail.models import Page

    urls, seen = [], set()
    for page in Page.objects.filter(depth__gt=1).specific():
        if type(page) not in seen:
            seen.add(type(page))
            urls.append(f"/admin/pages/{page.pk}/edit/")
            urls.append(f"/admin/pages/{page.pk}/")
            for subtype in page.specific_class.allowed_subpage_models():
                meta = subtype._meta
                urls.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{page.pk}/")
    return urls


def english_in_admin(client, start: list[str], allowed: set[str]) -> dict[str, set[str]]:
    """Visit the product's admin pages reachable from `start` (one of each URL shape) and
    return the English words found on each."""
    from tests.home.visible_text import english_words

    found, queue, seen, shapes = {}, list(start), set(), set()
    while queue:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if url in seen or shape in shapes:
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        words = {w for w in english_words(html, allowed) if not HEX.match(w)}
        if words:
            found[url] = words
        for match in LINKS.finditer(html):
            link = unescape(match.group(1) or match.group(2).replace("\\/", "/"))
            path = link.split("?")[0]
            if PRODUCT_AREAS.match(path) and not NOT_VISITED.search(link) and link not in seen:
                queue.append(link)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", ADMIN_ROLES)
def test_admin_pages_in_thai_show_no_english(client, demo_in_moderation, username):
    """HR, the editor and the approver, in Thai, on every admin page of the product they reach
    (dashboard, register, import, reports, sign-offs, page editors, moderation): no English word
    outside names, formats and what people typed. Wagtail's and Django's gaps are filled in
    locale_overrides/; the product's own strings are Thai msgids."""
    assert client.login(username=username, password="demo-2568")
    client.cookies["django_language"] = "th"

    # Wagtail writes the dashboard's hidden search button as value="Search", untranslatable.
    allowed = content_words() | {"Search"}
    found = english_in_admin(client, ["/admin/", *page_editors()], allowed)

    assert not found, "English left in Thai admin pages (translate it in locale_overrides/): " + (
        "; ".join(f"{url}: {sorted(words)}" for url, words in sorted(found.items()))
    )


def test_the_overrides_fill_wagtails_and_djangos_thai_gaps():
    from django.utils import translation

    with translation.override("th"):
        assert (
            translation.ngettext("There is %(counter)s match", "There are %(counter)s matches", 11)
            % {"counter": 11}
            == "พบ 11 รายการ"
        )
        assert translation.gettext("Cancel workflow ") == "ยกเลิกการส่งอนุมัติ"
        approve = translation.gettext("Approve with comment")
        assert translation.gettext("%(label)s and Publish") % {"label": approve} == (
            "อนุมัติพร้อมความเห็นและเผยแพร่"
        )
        assert translation.gettext("Site") == "เว็บไซต์"
        assert translation.gettext("Publish") == "เผยแพร่"


def test_the_page_editor_says_in_thai_why_a_page_was_not_saved_and_that_it_was():
    from django.utils import translation

    with translation.override("th"):
        assert translation.gettext("The page could not be created due to validation errors.") == (
            "ยังสร้างหน้าไม่ได้ เพราะมีช่องที่ต้องแก้ไข"
        )
        assert translation.gettext(
            "There are validation errors, click save to highlight them."
        ) == ("มีช่องที่ต้องแก้ไข กดบันทึกเพื่อดูว่าช่องใด")
        created = translation.gettext("Page '%(page_title)s' created.")
        assert created % {"page_title": "ประกาศ"} == "สร้างหน้า 'ประกาศ' แล้ว"
        assert translation.gettext("Pages") == "หน้าเว็บ"
        assert translation.gettext("No locked pages found.") == "ไม่มีหน้าที่ถูกล็อก"


@pytest.mark.django_db
def test_the_admin_scripts_speak_thai_too(client):
    """Wagtail's script strings (djangojs) left in English: the rich text placeholder editors
    see on every circular, and what a screen reader says of the menu's badge."""
    client.force_login(get_user_model().objects.create_superuser("script-reader", "", "pw"))
    client.cookies["django_language"] = "th"

    catalogue = client.get("/admin/jsi18n/").content.decode("unicode_escape")

    assert "พิมพ์ข้อความ หรือพิมพ์ ‘/’ เพื่อแทรกหัวข้อ รายการ หรือรูปภาพ" in catalogue
    assert "(มีรายการใหม่ %(number)s รายการในเมนูนี้)" in catalogue


def test_no_override_keeps_a_typo_or_english_of_wagtails_thai():
    po = polib.pofile(str(OVERRIDES / "django.po"))
    texts = [text for entry in po for text in translations(entry)]
    assert not [text for text in texts if "เว็บไซด์" in text or "คุฯ" in text]
    words = [re.sub(r"%\(\w+\)[sd]", "", text) for text in texts]
    assert not [text for text in words if re.search(r"\bworkflow\b", text, re.IGNORECASE)]


def test_the_overrides_keep_their_placeholders_and_are_compiled():
    po = polib.pofile(str(OVERRIDES / "django.po"))
    wrong = [
        e.msgid
        for e in po
        for text in translations(e)
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
    ]
    assert not wrong, f"placeholders differ: {wrong}"
    mo = {key(e): translations(e) for e in polib.mofile(str(OVERRIDES / "django.mo"))}
    mo.pop((None, ""), None)
    assert mo == {key(e): translations(e) for e in po.translated_entries()}, "run msgfmt"


@pytest.mark.django_db
def test_the_password_rules_speak_thai_with_the_field_named_in_thai():
    """Not "The password is too similar to the ที่อยู่อีเมล"."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.utils import translation

    user = get_user_model()(username="hr-7", email="sunisa.onsri@example.org")
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        password_validation.validate_password(
            "sunisa.onsri@example.org!",
            user,
            [password_validation.UserAttributeSimilarityValidator()],
        )
    for message in refused.value.messages:
        assert not re.search(r"[A-Za-z]{3,}", message), message
    assert "รหัสผ่านคล้ายกับอีเมลมากเกินไป" in refused.value.messages
