"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_ACKNOWLEDGMENT_CHAIN_KEYS, env, parse_chain_keys

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Django itself only warns (check --deploy) about a weak key and accepts an empty one until the
# first signed cookie; production refuses both at start.
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters, for example the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
# The chain keys must be given and be real secrets: with the development key (it is in the
# source) or a short one, anyone with the database could recompute the chain after changing it.
ACKNOWLEDGMENT_CHAIN_KEYS = parse_chain_keys(env("ACKNOWLEDGMENT_CHAIN_KEYS", default=""))
if not ACKNOWLEDGMENT_CHAIN_KEYS:
    raise ImproperlyConfigured(
        "ACKNOWLEDGMENT_CHAIN_KEYS must be set: id:secret (the first signs, all listed verify)"
    )
for _key_id, _secret in ACKNOWLEDGMENT_CHAIN_KEYS.items():
    if _secret in parse_chain_keys(DEV_ACKNOWLEDGMENT_CHAIN_KEYS).values() or len(_secret) < 32:
        raise ImproperlyConfigured(
            f"ACKNOWLEDGMENT_CHAIN_KEYS: key {_key_id!r} is the development key or shorter than "
            "32 characters; use e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names, comma-separated")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The sites stay on Wagtail's port 80 behind the HTTPS proxy: links in e-mails say https.
SITE_SCHEME = env("SITE_SCHEME", default="https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
