import pytest
from django.test import Client

from circulars.models import Visibility
from tests.pages import add_circular, build_site
from training.acknowledgment.models import ChangeKind

pytestmark = pytest.mark.django_db


def test_an_earlier_internal_version_stays_internal_after_the_circular_is_made_public():
    _org, _home, _ethics, circulars = build_site(hostname="one.example.org")
    circular = add_circular(
        circulars, visibility=Visibility.INTERNAL, body="<p>ข้อความภายในฉบับแรกเท่านั้น</p>"
    )
    draft = circular.get_latest_revision_as_object()
    draft.visibility = Visibility.PUBLIC
    draft.body = "<p>ข้อความสาธารณะฉบับใหม่</p>"
    draft.change_kind = ChangeKind.NEW_VERSION
    draft.save_revision().publish()
    circular.refresh_from_db()

    anonymous = Client(HTTP_HOST="one.example.org")
    assert anonymous.get(circular.url).status_code == 200
    old = anonymous.get(circular.url + "version/1/")
    assert old.status_code == 302 and "/accounts/login/" in old["Location"]
    assert anonymous.get(circular.url + "version/2/").status_code == 200
