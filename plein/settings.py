"""Plein's settings: one file, every knob read from the environment, SQLite built in."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PLEIN_DATA_DIR", BASE_DIR.parent / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("PLEIN_DEBUG", default=False)
# Development conveniences (a known secret key, the e-mail outbox page); never in production.
PLEIN_DEV = env_bool("PLEIN_DEV")
# Development runs (make run, tests) get a throwaway key; a production deployment must set one.
_DEV_SECRET = "plein-development-only-not-secret"
SECRET_KEY = env_str("PLEIN_SECRET_KEY", _DEV_SECRET if DEBUG or env_bool("PLEIN_DEV") else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "PLEIN_SECRET_KEY is not set. Set it to a long random value (see README, "
        "'Production'); for development, set PLEIN_DEV=1."
    )
# Fernet keys for personal data at rest, newest first (plein.core.crypto); development derives one.
PLEIN_ENCRYPTION_KEYS = env_list("PLEIN_ENCRYPTION_KEYS")
PLEIN_ENCRYPTION_DEVELOPMENT_KEY = DEBUG or env_bool("PLEIN_DEV")
if not (PLEIN_ENCRYPTION_KEYS or PLEIN_ENCRYPTION_DEVELOPMENT_KEY):
    raise ImproperlyConfigured(
        "PLEIN_ENCRYPTION_KEYS is not set. Generate a key with `plein generate-encryption-key` "
        "(see README, 'Production'); for development, set PLEIN_DEV=1."
    )
ALLOWED_HOSTS = env_list("PLEIN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PLEIN_CSRF_TRUSTED_ORIGINS")
# Scripts asking for JSON get a JSON answer with a Dutch message; pages get the HTML page.
CSRF_FAILURE_VIEW = "plein.core.errors.csrf_failure"
SITE_URL = env_str("PLEIN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "plein.core",
    "plein.accounts",
    "plein.socialmap",
    "plein.questions",
    "plein.reports",
    "plein.referrals",
    "plein.schedule",
    "plein.cooperation",
    "plein.appointments",
    "plein.activities",
    "plein.api",
    "plein.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plein.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plein.core.middleware.SecurityHeadersMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plein.urls"
WSGI_APPLICATION = "plein.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project templates first: the admin's base_site adds Plein's admin stylesheet.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plein.navigation.nav_items",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'plein.sqlite3'}"),
        # Keep database connections open between requests (a new PostgreSQL connection costs
        # more than a whole registration); health checks drop broken ones.
        conn_max_age=env_int("PLEIN_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Tests use a file too (not shared-cache memory, whose table locks ignore the timeout), so
    # that concurrency tests see SQLite behave as it does in production.
    # One file per process, so that test runs side by side do not share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-plein-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's model backend, loading the user's library with the user; Django's database sessions.
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login for a user and address that failed too often.
    "axes.backends.AxesStandaloneBackend",
    "plein.accounts.backends.UserBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address (as plein.core.clients sees it), that pair waits AXES_COOLOFF_TIME, on
# /account/inloggen/ and /admin/login/ alike. Administrators and coordinators can unlock.
AXES_FAILURE_LIMIT = env_int("PLEIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("PLEIN_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "plein.core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "plein.accounts.views.locked_out"
AXES_VERBOSE = False
# Only failed attempts are kept (for the lock); successful logins are not logged with an address.
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"  # plein.navigation.start: Vandaag or Overzicht
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "plein.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way of writing dates on every page: "3 december 2026" (plein/core/formats).
FORMAT_MODULE_PATH = ["plein.core.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("PLEIN_DEV")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Development serves static files straight from the apps; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("PLEIN_DEV")

EMAIL_BACKEND = env_str(
    "PLEIN_EMAIL_BACKEND",
    "plein.core.outbox.OutboxBackend"
    if DEBUG or env_bool("PLEIN_DEV")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("PLEIN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PLEIN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PLEIN_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("PLEIN_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("PLEIN_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("PLEIN_FROM_EMAIL", "Plein <noreply@plein.invalid>")
# Development: where OutboxBackend keeps e-mails, listed at /ontwikkeling/e-mails/.
PLEIN_OUTBOX_DIR = env_str("PLEIN_OUTBOX_DIR", str(DATA_DIR / "outbox"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PLEIN_SECURE_COOKIES", not (DEBUG or env_bool("PLEIN_DEV")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("PLEIN_SESSION_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS: browsers keep to https for a year once they saw it (production behind TLS; off in
# development, where runserver speaks http).
SECURE_HSTS_SECONDS = env_int(
    "PLEIN_HSTS_SECONDS", 0 if (DEBUG or env_bool("PLEIN_DEV")) else 365 * 24 * 3600
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PLEIN_HSTS_INCLUDE_SUBDOMAINS", False)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {"hsds": env_str("PLEIN_API_THROTTLE", "120/min")},
    "EXCEPTION_HANDLER": "plein.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plein API",
    "DESCRIPTION": "Open Referral HSDS 3.0 read API of Plein's sociale kaart.",
    "VERSION": "3.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The HSDS 3.0 object schemas the responses refer to (plein/api/data/hsds-3.0, CC BY-SA 4.0).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "plein.api.hsds_schemas.hsds_components_add",
    ],
}

# Covering indexes (INCLUDE) exist on PostgreSQL only; SQLite builds them without the extra
# columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# A table in the database (`plein createcachetable`), so that every worker process shares it:
# the desk's cached options are dropped everywhere when a coordinator changes a list.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "plein_cache",
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
    # Per worker process; keyed by the library's configuration version (questions.options_cache).
    "desk_options": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "plein-desk-options",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    # Per worker process: what a display screen shows, per branch or room and minute
    # (schedule.screens), so 800 screens polling each minute cost one reading per place.
    "screens": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "plein-screens",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("PLEIN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Days after which a service's assured_date counts as stale in the freshness overview.
PLEIN_FRESHNESS_DAYS = env_int("PLEIN_FRESHNESS_DAYS", 183)
# Hours that a signed "klopt nog" link in a reminder e-mail stays valid.
PLEIN_CONFIRM_LINK_HOURS = env_int("PLEIN_CONFIRM_LINK_HOURS", 14 * 24)
# Referrals: how long a partner's acknowledgement link works, how long a second factor lasts.
PLEIN_ACK_LINK_HOURS = env_int("PLEIN_ACK_LINK_HOURS", 7 * 24)
PLEIN_TOTP_SESSION_HOURS = env_int("PLEIN_TOTP_SESSION_HOURS", 8)
# Bevrijdingsdag (5 May) as a day off for working-day timers: "lustrum", "yearly" or "no".
PLEIN_LIBERATION_DAY = env_str("PLEIN_LIBERATION_DAY", "lustrum")
# On: registrations commit without waiting for the disk on PostgreSQL, faster but a server crash
# can lose the last moment's entries (see questions/services/registration.py). Off by default.
PLEIN_REGISTRATION_ASYNC_COMMIT = env_bool("PLEIN_REGISTRATION_ASYNC_COMMIT", False)
# Public forms (plein.core.guard): submissions one client (a keyed hash of its address) may send
# of each kind of form in an hour; each kind counts on its own. See docs/security.md.
PLEIN_PUBLIC_FORM_LIMITS = {
    "callback": env_int("PLEIN_LIMIT_CALLBACK_PER_HOUR", 3),
    "activity_signup": env_int("PLEIN_LIMIT_ACTIVITY_SIGNUP_PER_HOUR", 5),
    "appointment_booking": env_int("PLEIN_LIMIT_APPOINTMENT_BOOKING_PER_HOUR", 3),
}
# Reverse proxies in front of Plein that append to X-Forwarded-For (0: use REMOTE_ADDR).
PLEIN_TRUSTED_PROXY_COUNT = env_int("PLEIN_TRUSTED_PROXY_COUNT", 0)

# HSDS import limits: characters per field, rows per table, megabytes unpacked, JSON nesting.
PLEIN_IMPORT_MAX_FIELD = env_int("PLEIN_IMPORT_MAX_FIELD", 65_536)
PLEIN_IMPORT_MAX_ROWS = env_int("PLEIN_IMPORT_MAX_ROWS", 1_000_000)
PLEIN_IMPORT_MAX_MB = env_int("PLEIN_IMPORT_MAX_MB", 512)
PLEIN_IMPORT_MAX_DEPTH = env_int("PLEIN_IMPORT_MAX_DEPTH", 32)

# Paths whose rest is a signed link's token: the log shows "[verborgen]" instead (core.logging).
PLEIN_LOG_TOKEN_PATHS = (
    "/ontvangen/",
    "/doorverwijzingen/bedankt/",
    "/doorverwijzingen/intrekken/",
    "/bevestigen/",
    "/account/wachtwoord-instellen/",
    "/samenwerking/vragenlijst/",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "hide_tokens": {"()": "plein.core.logging.HideTokens"},
        "one_line_forbidden": {"()": "plein.core.logging.OneLineForbidden"},
    },
    "formatters": {"server": {"format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_tokens"]},
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["hide_tokens"],
            "formatter": "server",
        },
    },
    "loggers": {
        # runserver's request log, otherwise written by Django's own handler without the filter.
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # A 403 is one line in the log, not a traceback.
        "django.request": {"filters": ["one_line_forbidden"]},
    },
    "root": {"handlers": ["console"], "level": env_str("PLEIN_LOG_LEVEL", "WARNING")},
}
