"""The admin's history of the register stays within each organisation."""

import pytest
from django.test import Client
from wagtail.log_actions import log

from tests.factories import OrganisationFactory, PersonFactory
from tests.training.register_helpers import user_with_role
from training.register.models import RegisterLogEntry
from training.register.roles import HR_OFFICER

pytestmark = pytest.mark.django_db


def test_site_history_shows_hr_only_their_own_organisations_people():
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    hr = user_with_role(HR_OFFICER, organisation=ours)
    mine = PersonFactory(organisation=ours, first_name="ชื่อของเรา")
    other = PersonFactory(organisation=theirs, first_name="ชื่อหน่วยงานอื่น")
    log(mine, "wagtail.edit", user=hr)
    log(other, "wagtail.edit")

    assert RegisterLogEntry.objects.get(object_id=str(other.pk)).organisation == theirs
    client = Client()
    client.force_login(hr)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "ชื่อของเรา" in response.text
    assert "ชื่อหน่วยงานอื่น" not in response.text
