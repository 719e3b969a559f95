"""Test settings: the same code as production, against whatever DATABASE_URL and REDIS_URL say."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves straight from the apps' and site/'s static folders, so tests need no
# collectstatic; DEBUG stays off, so it has to be told to look there.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The dashboard's update check would reach out to wagtail.org; tests stay on this machine.
WAGTAIL_ENABLE_UPDATE_CHECK = False
ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1", ".example.org"]
# Tasks run in-process in tests even when REDIS_URL is set, so that a test sees their effect and no
# task is left on a shared Redis for some other worker to run; tests/home/test_celery.py starts a
# real worker and sends to it explicitly.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
# Each pytest-xdist process (gw0, gw1, ...) has a test database of its own, so its cache keys must
# be its own too when the cache is a shared Redis: Wagtail caches the sites' root paths, which
# differ between the processes' databases. The prefix also keeps tests off a development server's
# keys. A worker started by the worker tests inherits PYTEST_XDIST_WORKER, so the same prefix; their
# Celery queues are named per process already (tests/worker.py).
CACHES["default"]["KEY_PREFIX"] = "test-" + env.str("PYTEST_XDIST_WORKER", default="main")  # noqa: F405
# Production keeps no task results (nothing reads them); the worker tests read theirs.
CELERY_RESULT_BACKEND = REDIS_URL or None  # noqa: F405
CELERY_TASK_IGNORE_RESULT = False
# Test databases may be emptied of evidence between tests, which the database otherwise refuses
# (config/test_database).
DATABASES["default"]["ENGINE"] = {  # noqa: F405
    "django.db.backends.postgresql": "config.test_database.postgresql",
    "django.db.backends.sqlite3": "config.test_database.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])  # noqa: F405
if DATABASES["default"]["ENGINE"] == "config.test_database.sqlite3":  # noqa: F405
    # Said outright: pytest-django recognises only Django's own SQLite engine as in-memory, and
    # would name each xdist process's database after the file ("test_/…/db.sqlite3_gw0").
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")  # noqa: F405
# The read replica is Django's test mirror of default: reports read through the "replica" alias
# (home.replica) outside a transaction, as they would in production with DATABASE_REPLICA_URL.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
