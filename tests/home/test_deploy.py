"""Production settings: Django's deployment checklist passes, and missing secrets stop the start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Taken from this process's environment; DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests'
# fixtures, and check --deploy rightly refuses it.
NOT_INHERITED = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "ACKNOWLEDGMENT_CHAIN_KEYS",
}


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with production settings and this environment."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    # A production chain key of its own; the key's own refusals are tested in test_chain_seals.
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ACKNOWLEDGMENT_CHAIN_KEYS=f"k1:{secrets.token_urlsafe(48)}",
        **environ,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["", "insecure-development-key-change-me-in-production"],
    ids=["empty", "development default"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(secret_key):
    result = manage("check", SECRET_KEY=secret_key, ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be a random value of at least 50 characters" in result.stderr


@pytest.mark.parametrize("allowed_hosts", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_allowed_hosts(allowed_hosts):
    environ = {"SECRET_KEY": secrets.token_urlsafe(64)}
    if allowed_hosts is not None:
        environ["ALLOWED_HOSTS"] = allowed_hosts

    result = manage("check", **environ)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_collectstatic_for_production_fingerprints_the_css_and_its_thai_fonts(tmp_path):
    result = manage(
        "collectstatic",
        "--noinput",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        STATIC_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    font = paths["fonts/sarabun-thai-400-normal.woff2"]
    for stylesheet in ("css/site.css", "css/admin.css"):
        css = (tmp_path / paths[stylesheet]).read_text()
        assert Path(font).name in css, f"{stylesheet} does not point at the fingerprinted font"
    assert (tmp_path / f"{paths['css/site.css']}.gz").exists()
