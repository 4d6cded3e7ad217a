"""Settings for anliegen, configured entirely by the environment.

Every value that differs between a laptop demo and a national installation comes from an
environment variable; nothing secret lives in this file. Without any variable set, anliegen runs
as the embedded single-office default: SQLite in ``var/``, DEBUG off, console e-mail.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ANLIEGEN_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """The secret key comes from the environment; the embedded default keeps one in var/."""
    key = os.environ.get("ANLIEGEN_SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("ANLIEGEN_DEBUG")
ALLOWED_HOSTS = env_list("ANLIEGEN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("ANLIEGEN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "anliegen.core",
    "anliegen.org",
    "anliegen.customers",
    "anliegen.work",
    "anliegen.rules",
    "anliegen.audit",
    "anliegen.tickets",
    "anliegen.reactions",
    "anliegen.contacts",
    "anliegen.servicecenter",
    "anliegen.letters",
    "anliegen.appointments",
    "anliegen.quality",
    "anliegen.api",
    "anliegen.web",
    "anliegen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "anliegen.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "anliegen.core.middleware.InputCharactersMiddleware",
    "anliegen.core.middleware.LockConflictMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anliegen.urls"
WSGI_APPLICATION = "anliegen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anliegen.web.context_processors.navigation",
                "anliegen.letters.context_processors.pdf",
            ],
        },
    },
]

# --- Database: SQLite in var/ unless DATABASE_URL is set (NFR-01) -----------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'anliegen.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let the web server and a task worker share one file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A file (not in-memory) test database, so threads and the browser tests' live server share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:worklist"
LOGOUT_REDIRECT_URL = "login"

# --- Login throttling (NFR-05) -------------------------------------------------------------
AXES_FAILURE_LIMIT = int(os.environ.get("ANLIEGEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours

# --- Public form rate limit (KRM-01): the client address, behind a proxy a header it sets -------
RATELIMIT_IP_META_KEY = os.environ.get("ANLIEGEN_CLIENT_IP_HEADER") or None

# --- Customer reactions: scans attached to a reaction (KRM-01) ------------------------------
ANLIEGEN_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("ANLIEGEN_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- i18n: English message ids, German UI by default ----------------------------------------
LANGUAGE_CODE = "de"
# The UI is German; English exists only as the message ids in the code.
LANGUAGES = [("de", _("German"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files: served by WhiteNoise; nothing is loaded from the internet -----------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("ANLIEGEN_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("ANLIEGEN_MEDIA_ROOT", VAR_DIR / "media"))

# --- Security (NFR-05) ------------------------------------------------------------------------
HTTPS = env_bool("ANLIEGEN_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ANLIEGEN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Cache: Redis when configured (several app servers), local memory otherwise ---------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: Django's Tasks API via django-tasks + the database backend -------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ANLIEGEN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Letters as PDF (issue 21): LibreOffice, kept warm by unoserver (docs/operations.md) -------
ANLIEGEN_UNOSERVER = os.environ.get("ANLIEGEN_UNOSERVER", "127.0.0.1:2003")
ANLIEGEN_SOFFICE = os.environ.get("ANLIEGEN_SOFFICE", "soffice")
ANLIEGEN_PDF_TIMEOUT = int(os.environ.get("ANLIEGEN_PDF_TIMEOUT", "60"))

# --- E-mail: console in the demo, SMTP when configured (FND-11) -------------------------------
EMAIL_BACKEND = os.environ.get(
    "ANLIEGEN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("ANLIEGEN_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("ANLIEGEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ANLIEGEN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ANLIEGEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ANLIEGEN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ANLIEGEN_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("ANLIEGEN_FROM_EMAIL", "anliegen@localhost")

# --- SMS (SOC-05): a class with send(to, text); no gateway configured, so the default logs ------
SMS_SENDER = os.environ.get("ANLIEGEN_SMS_SENDER", "anliegen.servicecenter.sms.LogSender")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "anliegen": {
            "handlers": ["console"],
            "level": os.environ.get("ANLIEGEN_LOG_LEVEL", "INFO"),
        },
    },
}

# --- Domain settings ---------------------------------------------------------------------------
ANLIEGEN_PAGE_SIZE = 50
