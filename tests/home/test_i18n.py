"""Thai first, English through the language switcher."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def choose_language(client, language: str, next_url: str = LOGIN):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_an_anonymous_visitor_gets_thai(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="th">' in html
    assert "<h1>เข้าสู่ระบบ" in html
    assert '<span lang="en" class="subtitle">Log in</span>' in html, "English beside the Thai"
    assert 'name="language" value="en"' in html, "the switcher offers English"


def test_an_english_browser_still_gets_thai_until_the_visitor_chooses(client):
    """Accept-Language is ignored: staff phones set to English still open the Thai site."""
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in response.content.decode()
    assert response["Content-Language"] == "th"


def test_the_switcher_changes_the_page_to_english_and_back(client):
    response = choose_language(client, "en")
    assert response.status_code == 302
    assert response["Location"] == LOGIN

    html = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html, "no English subtitle beside English"
    assert "Username" in html and "Password" in html
    assert "เข้าสู่ระบบ" not in html
    assert 'name="language" value="th"' in html, "the switcher offers Thai back"

    choose_language(client, "th")
    html = client.get(LOGIN).content.decode()
    assert '<html lang="th">' in html
    assert "<h1>เข้าสู่ระบบ" in html


def test_an_unknown_language_is_refused_and_the_page_stays_thai(client):
    choose_language(client, "fr")
    html = client.get(LOGIN).content.decode()
    assert '<html lang="th">' in html

    client.cookies["django_language"] = "de"
    assert '<html lang="th">' in client.get(LOGIN).content.decode()


def test_the_switcher_does_not_redirect_to_another_site(client):
    response = choose_language(client, "en", next_url="https://evil.example.com/")
    assert response["Location"] == "/"
