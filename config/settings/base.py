"""Settings shared by every environment, read from the environment with embedded defaults.

With nothing set, the site runs on SQLite with Celery tasks executed in-process, so that a
newcomer needs nothing but Python. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS (see README.md).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me-in-production")
# ".localhost": every *.localhost name reaches this machine, which is how the demo's second
# organisation has a host name of its own with no hosts file (http://nong-bua.localhost:8000/).
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "training",
    "ethics",
    "circulars",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
                "training.context_processors.organisation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A kept connection that PostgreSQL closed meanwhile (a restart, a failover) is noticed and replaced
# before a request's first query, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica (PostgreSQL streaming replication) that reports and aggregate views read from
# (home.replica); unset, everything uses default.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["home.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/portal/"
# Invitation links for new logins stay valid for this many seconds (7 days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=7 * 24 * 3600)

# --- Language and time: Thai first, English beside it ----------------------------------------

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
# The project's catalogue first, then locale_overrides/: Thai for the gaps and typos of
# Wagtail's and Django's own Thai catalogues (an earlier directory wins; both win over the apps').
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Bangkok")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("th", "ไทย")]

# --- Static and media -------------------------------------------------------------------------

STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
# Files browsers ask for at the root of the site (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = SITE_DIR / "root"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ethics-tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache: shared through Redis when there is one (the worker's heartbeat reaches /health/) -----

REDIS_URL = env("REDIS_URL", default="")
# With Redis down the site still answers: the cache then behaves as an empty one (home/cache.py).
CACHES = {
    "default": (
        {"BACKEND": "home.cache.DegradingRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Celery -----------------------------------------------------------------------------------

# The in-memory transport needs no host, but kombu logs "No hostname was supplied" without one.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Nothing reads a task's result, and a Redis result backend made every send wait about 20 s for it
# while Redis was down.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker, tasks run in-process so that the embedded setup needs nothing installed.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits for Redis to come back however long it is down (Celery's default gives up after
# 100 tries, about 50 minutes, and the worker exits).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Handing a task to the broker must never hold a request: a connection found broken (Redis was
# restarted) is made again once, at once; then the caller logs the failure (home/queueing.py) and
# the recovery sweep below makes up the fan-outs that were not sent.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A task that a worker took and did not finish (its process killed) goes back to the queue after
# the visibility timeout (Kombu's default is an hour), at the next scan for such tasks (Kombu scans
# about every 100 s): within about 12 minutes. It must stay longer than any task runs and any
# retry's countdown, or a second worker starts the same task while the first still holds it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60),
    # Seconds: a Redis that accepts connections but does not answer holds a send no longer.
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    # Kombu's own connection retries, which otherwise go on for the whole connection timeout.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Minutes between recovery sweeps: versions published while the broker was down are fanned out, and
# live pages that need acknowledgment but have no version for their live revision get one.
REQUIREMENTS_RECOVERY_MINUTES = env.int("REQUIREMENTS_RECOVERY_MINUTES", default=5)
CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {
        "task": "home.tasks.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
    # Crontabs are read in CELERY_TIMEZONE, i.e. 08:00 in Asia/Bangkok.
    "acknowledgment-reminders": {
        "task": "training.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # People whose start date arrived today get the current documents before the reminders go.
    "requirements-sweep": {
        "task": "training.tasks.sweep_requirements",
        "schedule": crontab(hour=1, minute=30),
    },
    # Each organisation's chain head sealed (log, auditor's e-mail, transparency page) at 00:30.
    "acknowledgment-chain-seals": {
        "task": "training.tasks.seal_acknowledgment_chains",
        "schedule": crontab(hour=0, minute=30),
    },
    # Scanned sheets uploaded for a paper sign-off that HR never confirmed, after a day.
    "pending-scans-sweep": {
        "task": "training.tasks.sweep_pending_scans",
        "schedule": crontab(hour=2, minute=15),
    },
    "requirements-recovery": {
        "task": "training.tasks.recover_requirements",
        "schedule": timedelta(minutes=REQUIREMENTS_RECOVERY_MINUTES),
        # A tick not run before the next one is due is dropped, not stacked up behind an outage.
        "options": {"expires": REQUIREMENTS_RECOVERY_MINUTES * 60 - 30},
    },
}

# --- Acknowledgment tracking -----------------------------------------------------------------

# Days a new joiner (or someone who moves into an audience) has to acknowledge current documents.
NEW_JOINER_ACKNOWLEDGMENT_DAYS = env.int("NEW_JOINER_ACKNOWLEDGMENT_DAYS", default=30)
# The keys of the acknowledgment chain and its daily seals, "id:secret,id2:secret2": the first signs
# new records, every one listed verifies. They live in the environment, never in the database, so
# that someone who can write the database cannot forge a record; to rotate, put a new key first
# and keep the old ones listed for as long as records signed with them are kept (README).
DEV_ACKNOWLEDGMENT_CHAIN_KEYS = "dev:insecure-development-chain-key-change-me-in-production"


def parse_chain_keys(value: str) -> dict[str, str]:
    """{key id: secret} in the order given (the first signs); ids are unique and not empty."""
    keys = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        key_id, _sep, secret = item.partition(":")
        if not key_id or not secret or key_id in keys:
            raise ValueError("ACKNOWLEDGMENT_CHAIN_KEYS: expected unique id:secret pairs")
        keys[key_id] = secret
    return keys


ACKNOWLEDGMENT_CHAIN_KEYS = parse_chain_keys(
    env("ACKNOWLEDGMENT_CHAIN_KEYS", default=DEV_ACKNOWLEDGMENT_CHAIN_KEYS)
)
# Days a signed acknowledgment link (for people without a login) stays valid after it is sent.
SIGNED_LINK_MAX_AGE_DAYS = env.int("SIGNED_LINK_MAX_AGE_DAYS", default=14)
# Reminders: a digest this many days before an item is due (a list), on the due date, and then
# every REMINDER_OVERDUE_EVERY_DAYS days while it is overdue; from ESCALATE_AFTER_DAYS_OVERDUE days
# overdue, the person's division head is told too, on the same rhythm.
REMINDER_DAYS_BEFORE_DUE = env.list("REMINDER_DAYS_BEFORE_DUE", cast=int, default=[3])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
ESCALATE_AFTER_DAYS_OVERDUE = env.int("ESCALATE_AFTER_DAYS_OVERDUE", default=14)

# --- Wagtail ----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = _("ระบบติดตามจริยธรรม")
# The admin's address; links in e-mails, QR codes and slips use the organisation's own site
# (its host name and port, with SITE_SCHEME) and fall back to this only without a site.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The scheme of the organisations' sites in links: a site keeps Wagtail's port 80 behind an HTTPS
# proxy, so the port cannot say it (production: https).
SITE_SCHEME = env("SITE_SCHEME", default="http")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "png", "jpg", "jpeg", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every document goes out through Wagtail's view, which asks who may have it (a scanned sign-off
# sheet only to its organisation's HR); MEDIA_ROOT/documents/ is never served as plain files.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_PASSWORD_RESET_ENABLED = True
# The admin must not call outside services: offices are often on closed or slow networks.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Wagtail runs its own index updates as django_tasks and logs each one at INFO.
    # fontTools logs every font subset fpdf2 makes for a PDF at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
