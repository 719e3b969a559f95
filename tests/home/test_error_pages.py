import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_the_sites_own_thai_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="th">' in response.text
    assert "ไม่พบหน้าที่ต้องการ" in response.text
    assert 'class="site-header"' in response.text


def test_an_administrator_without_a_register_entry_is_sent_to_the_admin(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
