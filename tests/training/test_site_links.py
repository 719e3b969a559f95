"""Links that leave the site (e-mails, the .ics, links to copy, QR codes, slips) go to the
organisation's own site address, not to the installation's WAGTAILADMIN_BASE_URL.

Two municipalities on one installation, on two host names (one on a port of its own): each
kind of e-mail sent to a person of one of them links to that one's host only.
"""

import datetime
import html
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from tests.factories import DivisionFactory, PersonFactory, UserFactory
from tests.pages import add_code, build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Requirement
from training.briefings.emails import invitation_emails
from training.briefings.models import Briefing
from training.outreach.emails import reminder_email, signed_link_email
from training.outreach.models import ReminderKind, ReminderLog
from training.register import roles
from training.register.models import StaffType
from training.register.selectors import organisation_base_url
from training.register.services import person_invite

pytestmark = pytest.mark.django_db

ADMIN = "https://admin.example.net"
# host name, port, and the address links must start with
SITES = {
    "a": ("a.example.org", 80, "https://a.example.org"),
    "b": ("b.example.org", 8443, "https://b.example.org:8443"),
}


def hosts_in(text: str) -> set[str]:
    return set(re.findall(r"https?://[^/\s\"'<>]+", text))


@pytest.fixture
def towns(settings, committed):
    settings.WAGTAILADMIN_BASE_URL = ADMIN
    settings.SITE_SCHEME = "https"
    towns = {}
    for key, (hostname, port, base) in SITES.items():
        organisation, _home, ethics, _circulars = build_site(
            hostname=hostname, name=f"เทศบาลตำบล {key}"
        )
        organisation.site.port = port
        organisation.site.save()
        division = DivisionFactory(organisation=organisation)
        head = PersonFactory(organisation=organisation, division=division, email=f"head@{key}.test")
        head.user = UserFactory()
        head.save()
        division.head = head
        division.save()
        staff = PersonFactory(
            organisation=organisation,
            division=division,
            email=f"staff@{key}.test",
            staff_type=StaffType.MUNICIPAL_OFFICIAL,
        )
        with committed():
            code = add_code(ethics, groups=("permanent",))
        requirement = Requirement.objects.get(person=staff, version__page=code)
        towns[key] = {
            "organisation": organisation,
            "base": base,
            "head": head,
            "staff": staff,
            "requirement": requirement,
        }
    return towns


def test_the_base_address_is_the_sites_with_the_scheme_setting_and_the_port_only_when_needed(
    towns, settings
):
    for town in towns.values():
        assert organisation_base_url(town["organisation"].pk) == town["base"]
    settings.SITE_SCHEME = "http"
    assert organisation_base_url(towns["a"]["organisation"].pk) == "http://a.example.org"
    # Without an organisation, only the installation's address is left.
    assert organisation_base_url(None) == ADMIN


def test_a_signed_link_email_links_to_its_own_organisations_site(towns):
    for town in towns.values():
        message = signed_link_email(requirement=town["requirement"], publication=None)
        assert f"{town['base']}/ack/" in message.body
        assert hosts_in(message.body) == {town["base"]}


def test_the_reminder_digest_links_to_its_own_organisations_site(towns):
    for key, town in towns.items():
        staff = town["staff"]
        day = town["requirement"].due_date
        # Without a login: the person's own signed link.
        log = ReminderLog.objects.create(
            organisation=town["organisation"], person=staff, kind=ReminderKind.DIGEST, day=day
        )
        message, _count = reminder_email(log)
        assert f"{town['base']}/ack/" in message.body
        assert hosts_in(message.body) == {town["base"]}
        # With a login: the portal.
        staff.user = UserFactory(username=f"staff-{key}")
        staff.save()
        message, _count = reminder_email(log)
        assert f"{town['base']}/portal/" in message.body
        assert hosts_in(message.body) == {town["base"]}


def test_the_escalation_to_a_head_links_to_the_portal_of_their_organisations_site(towns, settings):
    for town in towns.values():
        day = town["requirement"].due_date + datetime.timedelta(
            days=settings.ESCALATE_AFTER_DAYS_OVERDUE + 1
        )
        log = ReminderLog.objects.create(
            organisation=town["organisation"],
            person=town["head"],
            kind=ReminderKind.ESCALATION,
            day=day,
        )
        message, count = reminder_email(log)
        assert count == 1
        assert f"{town['base']}/portal/" in message.body
        assert hosts_in(message.body) == {town["base"]}


def test_an_invitation_links_to_its_own_organisations_site(towns, committed):
    for town in towns.values():
        before = len(mail.outbox)
        with committed():
            person_invite(person=town["staff"], invited_by=None, base_url="http://wrong.test/")
        (message,) = mail.outbox[before:]
        assert f"{town['base']}/accounts/set-password/" in message.body
        assert f"{town['base']}/accounts/login/" in message.body
        assert hosts_in(message.body) == {town["base"]}


def test_a_briefing_invitation_and_its_ics_link_to_its_own_organisations_site(towns):
    starts = timezone.now() + datetime.timedelta(days=3)
    for town in towns.values():
        briefing = Briefing.objects.create(
            organisation=town["organisation"],
            title="ชี้แจงประมวลจริยธรรม",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            leader=town["head"],
        )
        with CaptureQueriesContext(connection) as one:
            (message,) = invitation_emails(briefing=briefing, people=[town["staff"]])
        with CaptureQueriesContext(connection) as many:
            invitation_emails(briefing=briefing, people=[town["staff"]] * 5)
        assert len(many) == len(one)  # the address and the .ics once, not per invitee
        detail = f"{town['base']}/portal/briefings/{briefing.pk}/"
        assert detail in message.body
        assert hosts_in(message.body) == {town["base"]}
        (_name, content, _type) = message.attachments[0]
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        assert detail in str(event["description"])
        host = town["base"].split("//")[1]
        assert str(event["uid"]) == f"briefing-{briefing.pk}@{host}"
        # The leader's check-in QR code, wherever the leader opened the page.
        leader = Client(HTTP_HOST="admin.example.org")
        leader.force_login(town["head"].user)
        code = leader.get(f"/portal/briefings/{briefing.pk}/qr/").json()
        assert code["url"].startswith(f"{town['base']}/check-in/")


def test_the_links_to_copy_and_the_slips_in_the_admin_are_on_the_organisations_site(towns):
    for town in towns.values():
        hr = Client()
        hr.force_login(user_with_role(roles.HR_OFFICER, town["organisation"]))
        version_id = town["requirement"].version_id
        page = hr.get(f"/admin/signoffs/{version_id}/links/").text
        found = re.findall(r'id="signed-link-\d+" value="([^"]+)"', page)
        links = [html.unescape(link) for link in found]
        assert links and all(link.startswith(f"{town['base']}/ack/") for link in links)
        slips = hr.get(f"/admin/signoffs/{version_id}/links/slips.pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(slips.content)).pages)
        assert town["base"].split("//")[1] in text.replace("\n", "")
