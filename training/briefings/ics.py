"""A briefing as an iCalendar (.ics) file, to add to a phone's calendar, in Bangkok time."""

import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from training.briefings.models import Briefing
from training.register.selectors import organisation_base_url


def briefing_ics(briefing: Briefing, *, base_url: str | None = None) -> bytes:
    """One VEVENT with its times in the site's time zone (Asia/Bangkok) and that zone's
    VTIMEZONE, so that calendars show the local time whatever the phone's zone."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Ethics tracker//Briefings//TH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    if base_url is None:
        base_url = organisation_base_url(briefing.organisation_id)
    host = base_url.split("//")[-1] or "localhost"
    event.add("uid", f"briefing-{briefing.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", briefing.starts_at.astimezone(zone))
    event.add("dtend", briefing.ends_at.astimezone(zone))
    event.add("summary", briefing.title)
    location = briefing.place or briefing.online_url
    if location:
        event.add("location", location)
    if briefing.online_url:
        event.add("url", briefing.online_url)
    description = [briefing.agenda] if briefing.agenda else []
    description.append(f"{base_url}{reverse('briefing_detail', args=[briefing.pk])}")
    event.add("description", "\n\n".join(description))
    event.add("organizer", f"MAILTO:{briefing.organisation.email or 'noreply@' + host}")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
