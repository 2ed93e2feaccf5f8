"""OneStop settings: one module, driven by the environment.

With no environment at all it runs the embedded profile: SQLite under ``var/``, tasks
in-process, files on local disk, a secret key generated into ``var/`` with mode 0600.
``ONESTOP_PROFILE=production`` plus ``DATABASE_URL``/``REDIS_URL``/``ONESTOP_S3_BUCKET``
switch on PostgreSQL, Redis (cache and task broker) and object storage.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from .env import env_bool, env_int, env_list, env_str, local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = env_bool("ONESTOP_TESTING", default=False)
VAR_DIR = Path(env_str("ONESTOP_VAR_DIR", str(BASE_DIR / "var")))
if TESTING:
    # each test process (pytest-xdist worker) gets its own keys, signing pair and files
    VAR_DIR = VAR_DIR / "test" / env_str("PYTEST_XDIST_WORKER", "main")
VAR_DIR.mkdir(parents=True, exist_ok=True)

PROFILE = env_str("ONESTOP_PROFILE", "embedded")
PRODUCTION = PROFILE == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = env_str("DJANGO_SECRET_KEY") or local_secret(VAR_DIR, "secret_key")
# Keys for personal data: encryption at rest and the keyed hash used to search it.
FIELD_ENCRYPTION_KEY = env_str("ONESTOP_FIELD_KEY") or local_secret(VAR_DIR, "field_key")
FIELD_HASH_KEY = env_str("ONESTOP_HASH_KEY") or local_secret(VAR_DIR, "hash_key")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ONESTOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# OneStop's apps come first: their translations win over Django's own for the same text.
INSTALLED_APPS = [
    "onestop.core",
    "onestop.accounts",
    "onestop.calendar",
    "onestop.cases",
    "onestop.dossier",
    "onestop.documents",
    "onestop.notify",
    "onestop.trips",
    "onestop.passports",
    "onestop.visas",
    "onestop.halls",
    "onestop.permits",
    "onestop.knowledge",
    "onestop.hotline",
    "onestop.training",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onestop.core.middleware.LanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "onestop.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onestop.core.middleware.AccessMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onestop.core.context_processors.platform",
                "onestop.notify.context_processors.unread",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "onestop.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
                # Take the write lock when a transaction starts, so two writers queue up
                # instead of failing on a stale snapshot.
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DATABASES["default"].setdefault("TEST", {})
# Hot-path statements (API token check, case numbers, intake inserts, audit appends) are
# prepared on PostgreSQL connections (onestop.core.db.statement_cursor). Turn off behind a
# transaction-pooling proxy that does not keep prepared statements (PgBouncer < 1.21, or
# without max_prepared_statements).
DB_PREPARE_STATEMENTS = env_bool("ONESTOP_DB_PREPARE", default=True)
if DB_PREPARE_STATEMENTS and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares only the statements run with prepare=True (the ORM's client-side
    # binding cursor never prepares); without a threshold it would prepare none.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, tasks ---------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "onestop"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
# Periodic jobs. The embedded scheduler (run_platform) reads the same table.
CELERY_BEAT_SCHEDULE = {
    "notify-retry-due": {"task": "onestop.notify.tasks.notifications_retry_due", "schedule": 60.0},
    "cases-sla-scan": {"task": "onestop.cases.tasks.sla_scan", "schedule": 600.0},
    "calendar-coverage-check": {"task": "onestop.calendar.tasks.coverage_check", "schedule": crontab(hour=1, minute=0)},
    "training-offers-expire": {"task": "onestop.training.tasks.offers_expire", "schedule": 300.0},
    "training-presence-sweep": {"task": "onestop.training.tasks.presence_sweep", "schedule": 60.0},
    "training-reminders": {"task": "onestop.training.tasks.reminders_send", "schedule": 600.0},
    "permits-sla-scan": {"task": "onestop.permits.tasks.permits_sla_scan", "schedule": 600.0},
    "hotline-deadline-scan": {"task": "onestop.hotline.tasks.deadline_scan", "schedule": 300.0},
    "hotline-hotspot-scan": {"task": "onestop.hotline.tasks.hotspot_scan", "schedule": 900.0},
    "trips-readiness-scan": {"task": "onestop.trips.tasks.trips_readiness_scan", "schedule": 900.0},
    "trips-report-reminders": {
        "task": "onestop.trips.tasks.trips_report_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "passports-due-scan": {"task": "onestop.passports.tasks.passports_due_scan", "schedule": crontab(hour=6, minute=0)},
}

# --- files ----------------------------------------------------------------------------
MEDIA_ROOT = Path(env_str("ONESTOP_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ONESTOP_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
S3_BUCKET = env_str("ONESTOP_S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("ONESTOP_S3_ENDPOINT") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
UPLOAD_MAX_BYTES = env_int("ONESTOP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Reverse proxies in front of the application server (1 behind one load balancer): the client
# address is read that many places from the right of X-Forwarded-For; 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("ONESTOP_TRUSTED_PROXIES", 0)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Dotted path of a callable(path_or_bytes) -> (clean: bool, reason: str); empty = no scanner.
MALWARE_SCANNER = env_str("ONESTOP_MALWARE_SCANNER", "onestop.dossier.scanning.builtin_scanner")

# --- documents (signing) --------------------------------------------------------------
SIGNING_KEY_PATH = Path(env_str("ONESTOP_SIGNING_KEY", str(VAR_DIR / "signing" / "key.pem")))
SIGNING_CERT_PATH = Path(env_str("ONESTOP_SIGNING_CERT", str(VAR_DIR / "signing" / "cert.pem")))
SIGNING_ORG_NAME = env_str("ONESTOP_SIGNING_ORG", "OneStop Foreign Affairs Office")
SIGNING_KEY_PASSPHRASE = env_str("ONESTOP_SIGNING_KEY_PASSPHRASE")

# --- auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create thousands of users; Argon2 stays the production hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env_int("ONESTOP_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_FAILURE_LIMIT = env_int("ONESTOP_LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("ONESTOP_LOGIN_IP_FAILURE_LIMIT", 30)
LOGIN_LOCKOUT_SECONDS = env_int("ONESTOP_LOGIN_LOCKOUT_SECONDS", 15 * 60)
OTP_TOTP_ISSUER = "OneStop"

# --- security (production profile) ----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("pt", "Português"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS: list[Path] = []  # each app keeps its catalogs in onestop/<app>/locale
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("ONESTOP_TIME_ZONE", "Asia/Shanghai")
LANGUAGE_COOKIE_NAME = "onestop_language"

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "onestop.core.api.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["onestop.core.api.MapPermission"],
    "DEFAULT_PAGINATION_CLASS": "onestop.core.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "onestop.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "open311": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneStop API",
    "DESCRIPTION": "Foreign-affairs and exit-entry services: one network to handle it, one visit to finish it.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field of the same name with different choices: name each enum once.
    "ENUM_NAME_OVERRIDES": {
        "IdentityDocumentKindEnum": "onestop.dossier.models.IdentityDocument.Kind",
        "IssuedDocumentStatusEnum": "onestop.documents.models.IssuedDocument.Status",
        "PassportApplicationKindEnum": "onestop.passports.models.ApplicationKind",
        "LossReportKindEnum": "onestop.passports.models.LossReport.Kind",
        "TrainingSessionKindEnum": "onestop.training.models.programs.Session.Kind",
        "VisaRequirementKindEnum": "onestop.visas.models.RequirementKind",
        "SurveyQuestionKindEnum": "onestop.training.models.feedback.SurveyQuestion.Kind",
        "PassportStatusEnum": "onestop.passports.models.PassportStatus",
        "EnrolmentStatusEnum": "onestop.training.models.enrolment.EnrolmentStatus",
        "PassportTypeEnum": "onestop.passports.models.PassportType",
        "HandoverOutcomeEnum": "onestop.passports.models.Handover.Outcome",
    },
}

# --- e-mail and messages --------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("ONESTOP_FROM_EMAIL", "onestop@example.gov")
# Dotted paths of channel adapters; see onestop.notify.channels.
NOTIFY_SMS_BACKEND = env_str("ONESTOP_SMS_BACKEND", "onestop.notify.channels.LogSmsGateway")
NOTIFY_WECHAT_BACKEND = env_str("ONESTOP_WECHAT_BACKEND", "onestop.notify.channels.LogWeChatGateway")
NOTIFY_MAX_ATTEMPTS = env_int("ONESTOP_NOTIFY_MAX_ATTEMPTS", 8)
NOTIFY_RETRY_BASE_SECONDS = env_int("ONESTOP_NOTIFY_RETRY_BASE_SECONDS", 60)
NOTIFY_RETRY_MAX_SECONDS = env_int("ONESTOP_NOTIFY_RETRY_MAX_SECONDS", 6 * 3600)
# Warn about next year's missing working-day calendar from this month on (it is published in autumn).
CALENDAR_NEXT_YEAR_WARN_MONTH = env_int("ONESTOP_CALENDAR_NEXT_YEAR_WARN_MONTH", 10)

# --- logging: personal data never reaches a log in clear ------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "onestop.core.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env_str("ONESTOP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        # the embedded profile's in-memory broker has no host name, which kombu warns about
        "kombu.connection": {"level": "WARNING" if REDIS_URL else "ERROR"},
    },
}

ADMIN_URL = env_str("ONESTOP_ADMIN_URL", "admin/")
SILENCED_SYSTEM_CHECKS: list[str] = []
ONESTOP_TOKEN_TTL = timedelta(days=env_int("ONESTOP_TOKEN_TTL_DAYS", 30))
