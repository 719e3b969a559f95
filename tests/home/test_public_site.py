"""The public site's small things: the favicon, the footer's contact links, the site's digit style,
and the in-memory broker that needs no host."""

import logging

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from kombu import Connection

from home.models import DigitStyle, PublicSiteSettings
from home.thai_dates import html_with_digits
from tests.factories import OrganisationFactory
from tests.home.test_celery import base_settings
from tests.pages import build_site

pytestmark = pytest.mark.django_db

HOST = "phrathaen.example.org"


def test_favicon_is_served_at_the_root_of_the_site(client):
    response = client.get("/favicon.ico", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_footer_makes_the_complaint_phone_and_web_address_links(client):
    organisation, home, _ethics, _circulars = build_site(hostname=HOST)
    organisation.complaint_channels = (
        "โทรศัพท์ 0 3456 1234 ในวันและเวลาราชการ\n"
        "แบบฟอร์มร้องเรียนออนไลน์ https://www.phrathaen.go.th/complaint/\n"
        "ตู้รับเรื่องร้องเรียน ณ สำนักงาน"
    )
    organisation.save()

    html = client.get(home.url, HTTP_HOST=HOST).text
    footer = html[html.index("<footer") :]

    assert 'โทรศัพท์ <a href="tel:034561234">0 3456 1234</a> ในวันและเวลาราชการ' in footer
    assert (
        '<a href="https://www.phrathaen.go.th/complaint/">https://www.phrathaen.go.th/complaint/</a>'
        in footer
    )
    assert "<li>ตู้รับเรื่องร้องเรียน ณ สำนักงาน</li>" in footer


def test_thai_digit_style_keeps_links_working(client):
    organisation, home, _ethics, _circulars = build_site(hostname=HOST)
    organisation.complaint_channels = "โทร 0 3456 1234 หรือ https://www.phrathaen.go.th/2568/"
    organisation.save()
    PublicSiteSettings.objects.create(site=organisation.site, digit_style=DigitStyle.THAI)

    html = client.get(home.url, HTTP_HOST=HOST).text
    footer = html[html.index("<footer") :]

    assert '<a href="tel:034561234">๐ ๓๔๕๖ ๑๒๓๔</a>' in footer
    assert (
        '<a href="https://www.phrathaen.go.th/2568/">https://www.phrathaen.go.th/2568/</a>'
        in footer
    )


def test_html_with_digits_changes_only_the_text_a_reader_sees():
    html = (
        '<a href="/circulars/2568-w123/" data-n="12">ที่ กจ ๕๒๙๐๑/ว 123 &#39;15&#39;</a>'
        "<script>var x = 10;</script><textarea>99</textarea>"
    )
    assert html_with_digits(html, thai=True) == (
        '<a href="/circulars/2568-w123/" data-n="12">ที่ กจ ๕๒๙๐๑/ว ๑๒๓ &#39;๑๕&#39;</a>'
        "<script>var x = 10;</script><textarea>99</textarea>"
    )
    assert html_with_digits(html, thai=False) == (
        '<a href="/circulars/2568-w123/" data-n="12">ที่ กจ 52901/ว 123 &#39;15&#39;</a>'
        "<script>var x = 10;</script><textarea>99</textarea>"
    )


def test_html_with_digits_keeps_code_such_as_a_seal_hash_as_written():
    html = '<td>507</td><td><code class="hash">537bf34c8f53</code></td>'

    assert html_with_digits(html, thai=True) == (
        '<td>๕๐๗</td><td><code class="hash">537bf34c8f53</code></td>'
    )


def test_digitstyle_tag_applies_the_sites_setting_only_when_asked():
    organisation = OrganisationFactory()
    PublicSiteSettings.objects.create(site=organisation.site, digit_style=DigitStyle.THAI)
    request = RequestFactory().get("/", HTTP_HOST=organisation.site.hostname)
    request.META["SERVER_PORT"] = organisation.site.port
    template = Template(
        "{% load public_site %}{% digitstyle on %}15 มกราคม 2568{% enddigitstyle %}"
    )

    assert template.render(Context({"request": request, "on": True})) == "๑๕ มกราคม ๒๕๖๘"
    assert template.render(Context({"request": request, "on": False})) == "15 มกราคม 2568"


def test_without_redis_the_broker_needs_no_host(monkeypatch, caplog):
    broker_url = base_settings(monkeypatch, REDIS_URL="")["CELERY_BROKER_URL"]
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(broker_url).info()
    assert broker_url.startswith("memory://")
    assert "No hostname was supplied" not in caplog.text
