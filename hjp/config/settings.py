"""Settings for the HJP platform, read from the environment and secure by default.

Every setting that differs between machines comes from an environment variable; nothing
secret lives in the repository. `DEBUG` is off unless `DJANGO_DEBUG=1` is set.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hjp.cases.encryption import DocumentKeyError, new_key_text, parse_keys

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HJP_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is off.")
    # Development only: a per-checkout key kept outside version control.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# The key that signs the audit trail's checkpoints (hjp/audit, ADR 021): never in the database.
# Empty: derived from SECRET_KEY. Set it before rotating SECRET_KEY, or old checkpoints stop
# verifying (a full check then leaves a new one).
HJP_AUDIT_CHECKPOINT_KEY = os.environ.get("HJP_AUDIT_CHECKPOINT_KEY", "")

# Keys that encrypt case documents at rest: never in the repository or the database.
HJP_DOCUMENT_KEYS = os.environ.get("HJP_DOCUMENT_KEYS", "")
if not HJP_DOCUMENT_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "HJP_DOCUMENT_KEYS must be set when DEBUG is off (see docs/operations.md)."
        )
    # Development only: a per-checkout key kept outside version control, like the secret key.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    document_key_file = VAR_DIR / "document_keys"
    if not document_key_file.exists():
        document_key_file.write_text(new_key_text("dev1"))
        document_key_file.chmod(0o600)
    HJP_DOCUMENT_KEYS = document_key_file.read_text().strip()
try:
    parse_keys(HJP_DOCUMENT_KEYS)
except DocumentKeyError as error:
    raise ImproperlyConfigured(str(error)) from error
HJP_DOCUMENT_MAX_BYTES = int(os.environ.get("HJP_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Uploads stay in memory and are never written to a temporary file in plain text; bytes past
# HJP_DOCUMENT_MAX_BYTES are counted but not kept (hjp/cases/uploads.py).
FILE_UPLOAD_HANDLERS = ["hjp.cases.uploads.DocumentUploadHandler"]

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hjp.accounts.admin_config.HJPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hjp.core",
    "hjp.audit",
    "hjp.privacy",
    "hjp.accounts",
    "hjp.partnerships",
    "hjp.people",
    "hjp.consent",
    "hjp.directory",
    "hjp.referrals",
    "hjp.cases",
    "hjp.evidence",
    "hjp.consultations",
    "hjp.clinics",
    "hjp.geography",
    "hjp.outcomes",
    "hjp.reporting",
    "hjp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hjp.audit.middleware.RequestContextMiddleware",
    "hjp.audit.busy.BusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hjp.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hjp.accounts.sessions.SessionLimitMiddleware",
    "hjp.accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hjp.core.middleware.SecurityHeadersMiddleware",
    # Last, so it sees the request a locked-out log-in attempt marked (hjp/accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hjp.config.urls"
WSGI_APPLICATION = "hjp.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "hjp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "hjp.config.jinja2.environment",
            "context_processors": ["hjp.accounts.navigation.layout"],
        },
    },
    {
        # Django's admin and its widgets use the Django template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hjp.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A statement that waits longer than this for a row or table lock fails, and the request gets a
# fast "service busy" page (503) and an error in the log instead of hanging until the worker is
# killed: most of all when something holds the audit trail's lock (hjp/audit/middleware.py).
HJP_DATABASE_LOCK_TIMEOUT_MS = int(os.environ.get("HJP_DATABASE_LOCK_TIMEOUT_MS", "2000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling adds 13-15 ms to each list statement and saves nothing on statements that
    # read a page of rows through an index.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={HJP_DATABASE_LOCK_TIMEOUT_MS} -c jit=off"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any log-in attempt while its account or address is paused after failures.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A second factor (an authenticator app's code, or a single-use recovery code) after the password,
# for every account and the admin site (hjp/accounts/second_factor.py). Only a local demo may
# switch it off; `manage.py check` warns if it is off while DEBUG is off.
HJP_MFA_REQUIRED = env_flag("HJP_MFA_REQUIRED", default=True)
HJP_MFA_ISSUER = os.environ.get("HJP_MFA_ISSUER", "HJP platform")
HJP_RECOVERY_CODE_COUNT = 10
# An authenticator code is accepted one step either side of now (clocks drift); a code is used once.
OTP_TOTP_TOLERANCE = 1
OTP_TOTP_ISSUER = HJP_MFA_ISSUER

# Brute-force protection (django-axes; hjp/accounts/lockout.py): after HJP_LOGIN_FAILURE_LIMIT
# failed log-ins for one account, or from one address, log-in is paused for that account or
# address for HJP_LOGIN_COOLOFF_MINUTES. Failures and pauses are audited; axes keeps only counts.
AXES_FAILURE_LIMIT = int(os.environ.get("HJP_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("HJP_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The log-in form's field is "username" (Django's), though it holds the email address.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "hjp.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "hjp.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "hjp.accounts.lockout.paused_response"
AXES_RESET_ON_SUCCESS = True
# The pause runs from the failure that started it; trying again meanwhile does not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The audit trail records log-ins; axes need not keep its own log of them.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# Pauses are lifted from a user's admin page (audited), not by editing axes' records.
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# In development the built assets are served straight from build/static, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions and cookies: short-lived, HTTP-only, secure outside development.
# A log-in lasts at most this long from logging in (hjp/accounts/sessions.py), and ends after
# HJP_SESSION_IDLE_SECONDS without a request.
SESSION_COOKIE_AGE = int(os.environ.get("HJP_SESSION_SECONDS", str(8 * 60 * 60)))
HJP_SESSION_IDLE_SECONDS = int(os.environ.get("HJP_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("DJANGO_BEHIND_PROXY") else None
)
# Load balancers probe the health check over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W008"] if not SECURE_SSL_REDIRECT else []

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "hjp@localhost")

# Background work (notifications). "database": queued in PostgreSQL or SQLite and run by a
# `manage.py db_worker` process (production); "immediate": run inside the request that queued it
# (development without a worker); "none": dropped (loading the demo's year of history).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "none": "django_tasks.backends.dummy.DummyBackend",
}
HJP_TASK_BACKEND = os.environ.get("HJP_TASK_BACKEND", "immediate" if DEBUG else "database")
if HJP_TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"HJP_TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[HJP_TASK_BACKEND]}}

# Logs carry request ids and object ids, never names, NHS numbers or free text about a person.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hjp.audit.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("HJP_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the path of every 4xx/5xx; paths hold only UUIDs here.
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering narrates every step at INFO; only its warnings are worth keeping.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes narrates every log-in at INFO; failures are in the audit trail instead.
        "axes": {"level": "ERROR"},
    },
}

# The public self-referral form (ADR 007): self-referrals an hour from one client (an IPv4
# address or an IPv6 /64), to one service, and to the whole site. A post with mistakes uses none.
HJP_SELF_REFERRALS_PER_CLIENT_HOURLY = int(
    os.environ.get("HJP_SELF_REFERRALS_PER_CLIENT_HOURLY", "5")
)
HJP_SELF_REFERRALS_PER_SERVICE_HOURLY = int(
    os.environ.get("HJP_SELF_REFERRALS_PER_SERVICE_HOURLY", "30")
)
HJP_SELF_REFERRALS_HOURLY = int(os.environ.get("HJP_SELF_REFERRALS_HOURLY", "200"))

# Pages load nothing from another site by default: the NHS.UK font (Frutiger, which needs a licence
# NHS organisations in England have) is used only if installed on the device, otherwise Arial.
# Set a font host (with a trailing slash, e.g. https://assets.nhs.uk/fonts/) to load it from there.
HJP_FONT_HOST = os.environ.get("HJP_FONT_HOST", "")
if HJP_FONT_HOST and not HJP_FONT_HOST.endswith("/"):
    HJP_FONT_HOST += "/"

# After sending a referral, the referrer may correct it from the confirmation for this long; the
# receiving service is emailed about it only once this has passed (ADR 019).
HJP_REFERRAL_AMEND_SECONDS = int(os.environ.get("HJP_REFERRAL_AMEND_SECONDS", "300"))

# Where links in emails point (the public address of this service).
HJP_SITE_URL = os.environ.get("HJP_SITE_URL", "http://127.0.0.1:8000")

HJP_DEMO_CREDENTIALS_FILE = VAR_DIR / "demo-logins.txt"
