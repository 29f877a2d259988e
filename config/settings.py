"""
Settings for Commitment Tracker, read from the environment.

With nothing set, the app runs in development mode on a local SQLite file so a
newcomer can start at once. Production sets DATABASE_URL (PostgreSQL), SECRET_KEY,
DEBUG=0 and ALLOWED_HOSTS; see README.md and docker-compose.yml.
"""

import os
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envpath(name: str, default: Path) -> Path:
    value = os.getenv(name)
    return Path(value) if value else default


DEBUG = envbool("DEBUG", "1")
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.getenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# A failed CSRF check answers JSON under /api/, Django's page elsewhere.
CSRF_FAILURE_VIEW = "api.exceptions.csrf_failure"

if not DEBUG:
    # Refuse to start in production on development defaults rather than run insecurely.
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a long random value (50+ characters) when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names when DEBUG is off.")

# HTTPS and browser protections, on by default in production (behind a TLS proxy that sets
# X-Forwarded-Proto). SECURE_SSL_REDIRECT=0 for a plain-HTTP local trial of the image.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): only this site's own scripts, styles and images; no
# inline script or style anywhere, no framing, forms post only here. Tests load the pages in
# Chromium and fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Sessions end a working day after signing in.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SITE_NAME = os.getenv("SITE_NAME", "Commitment Tracker")

# Local state (the SQLite file, uploaded media) lives under var/ unless told otherwise.
VAR_DIR = envpath("VAR_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    # Before the admin, whose forms it gives a field per language.
    "modeltranslation",
    "accounts.admin_apps.AdminConfig",  # Django's admin, on a site asking for two-factor sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "commitments",
    "states",
    "reports",
    "search",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "privacy",
    "backups",
    "api",
    "syndication",
    "following",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A request that loses its database answers 503 with Retry-After (config/database_errors.py).
    "config.database_errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The reader's language: a signed-in user's saved choice (accounts/languages.py), else the
    # language cookie set by the switcher, else Accept-Language, else English. Addresses are
    # the same in every language; responses say they vary by Accept-Language and Cookie.
    "accounts.languages.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The signed-in person's time zone, kept in their session (accounts/sessions.py).
    "accounts.sessions.TimeZoneMiddleware",
    # django-otp: request.user.is_verified(). The views that need two-factor sign-in say so
    # themselves (accounts/mixins.py, accounts/permissions.py, accounts/admin_site.py).
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.site",
            ],
        },
    },
    # Jinja2, for the few fragments printed thousands of times a page (the matrix's cells, the
    # commitment page's tile map, the filter forms' selects): it compiles a template to Python
    # code, so their markup stays in templates at little more cost than joining strings. Its
    # templates are in config/jinja2/ and each app's jinja2/ folder, apart from the pages'
    # templates, and escape every value (autoescape, markupsafe: `'` prints as `&#39;`).
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "config" / "jinja2"],
        "APP_DIRS": True,
        # Translated by Django's catalogs: config/jinja2env.py.
        "OPTIONS": {"autoescape": True, "environment": "config.jinja2env.environment"},
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when two requests write together.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
elif not envbool("DB_JIT", "0"):
    # PostgreSQL's JIT compiles any statement its planner costs high; these page queries are
    # short, so the compiling costs more than it saves (the review queue's count at scale is
    # such a statement). DB_JIT=1 turns it back on.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The review queue's covering index (INCLUDE columns) is a PostgreSQL feature; SQLite, the
# development default, builds it without them and Django warns about that. Nothing to do.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Dashboard figures and the rendered matrix (core/caching.py) are cached in the database:
# one copy shared by every web process, made stale by any change to the data they count.
REPORTS_CACHE_SECONDS = envint("REPORTS_CACHE_SECONDS", "3600")
# Printable reports (reports/delivery.py): no PDF is made on a request (each is prepared in
# the background by jobs/ and kept until its figures change), nor the web page of a report of
# more than this many items (commitments listed and approved entries cited). Requests for PDFs,
# and to prepare one, are limited per client (an account, or an address) for every process.
REPORTS_INLINE_MAX_ITEMS = envint("REPORTS_INLINE_MAX_ITEMS", "300")
REPORTS_PDF_RATE = os.getenv("REPORTS_PDF_RATE", "10/minute")
# The "Download data" page (reports/downloads.py) writes a file of up to this many rows while
# its reader waits; a larger one is prepared by a background job (jobs/), its owner following
# its progress and fetching it from the job's page. Excel files are written some 2,500-4,400
# rows a second, CSV some 10,000-19,000: both defaults keep a request well inside gunicorn's
# 30-second worker timeout, which a long streamed response meets as well.
DOWNLOADS_XLSX_INLINE_MAX_ROWS = envint("DOWNLOADS_XLSX_INLINE_MAX_ROWS", "20000")
DOWNLOADS_CSV_INLINE_MAX_ROWS = envint("DOWNLOADS_CSV_INLINE_MAX_ROWS", "50000")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "reports_cache",
        "TIMEOUT": REPORTS_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Sign-in throttling (django-axes): after 5 failed attempts for one username from one address,
# that pair is locked out for 15 minutes; successful sign-ins reset the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_VERBOSE = False  # no banner on every command; failures are still logged
# Reverse proxies in front of the app whose X-Forwarded-For is trusted to name the client
# (1 behind one TLS proxy); 0 counts by the connecting address, which nobody can forge. Read
# by the sign-in lockout, the API's anonymous rate and the PDF reports' rate.
NUM_PROXIES = envint("API_NUM_PROXIES", "0")
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES

# Two-factor sign-in (django-otp, accounts/): an authenticator app (TOTP) and one-time recovery
# codes, optional for everyone. With TWO_FACTOR_REQUIRED_FOR_REVIEWERS on, reviewers, staff and
# superusers must set it up before they can use the review pages, the admin or API tokens.
TWO_FACTOR_REQUIRED_FOR_REVIEWERS = envbool("TWO_FACTOR_REQUIRED_FOR_REVIEWERS", "0")
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin lists devices but never shows their secrets
# A code typed at the second sign-in step is masked in axes' record of a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The six official languages of the United Nations, each named in itself as the switcher shows
# it; every one has a complete catalog (locale/), checked by make test. English is the default;
# it reads British formats (config/formats/en/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Topics and SDG targets have a name per language (commitments/translation.py); English is the
# one always filled in, and shown where another language's is empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
FORMAT_MODULE_PATH = ["config.formats"]
# The language chosen by a visitor is kept for a year in this cookie.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = envpath("STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = envpath("MEDIA_ROOT", VAR_DIR / "media")
# Where `manage.py backup` (make backup) writes its archives unless told --output.
BACKUP_DIR = envpath("BACKUP_DIR", VAR_DIR / "backups")
# Signs every backup's manifest; a restore refuses an archive it does not verify. Unset, a key
# derived from SECRET_KEY: set it to keep backups restorable across a change of SECRET_KEY.
BACKUP_SIGNING_KEY = os.getenv("BACKUP_SIGNING_KEY", "")

LOGIN_URL = "login"
# Each person's work: My progress, the review queue or the home page (reports.views.LandingView).
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "tracker@localhost")

# Largest resolution text accepted for import, in bytes.
RESOLUTION_UPLOAD_MAX_BYTES = envint("RESOLUTION_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = RESOLUTION_UPLOAD_MAX_BYTES
# Largest evidence file accepted, in bytes.
EVIDENCE_UPLOAD_MAX_BYTES = envint("EVIDENCE_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
# Largest spreadsheet of progress accepted for import, in bytes (10,000 rows are about 1 MB).
PROGRESS_IMPORT_MAX_BYTES = envint("PROGRESS_IMPORT_MAX_BYTES", str(10 * 1024 * 1024))
# Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) wait in a file here while their request
# runs: a folder of the app's own, made when missing, from which every web process removes
# at start the files older than FILE_UPLOAD_TEMP_MAX_AGE_SECONDS that a killed process left
# (config/uploads.py).
FILE_UPLOAD_TEMP_DIR = str(envpath("FILE_UPLOAD_TEMP_DIR", VAR_DIR / "tmp" / "uploads"))
# Made here, before Django's checks (files.E001) look for it, by whichever process starts;
# where this process may not write, that check names the folder.
with suppress(OSError):
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
FILE_UPLOAD_TEMP_MAX_AGE_SECONDS = envint("FILE_UPLOAD_TEMP_MAX_AGE_SECONDS", "3600")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "config.uploads.TemporaryFileUploadHandler",
]

# Background jobs: django-tasks with its database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

# Absolute address of the site, for links in e-mails sent outside a request.
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Invitations to join an organization: how long a link works, and how many a coordinator may
# send in an hour. E-mail changes are confirmed by a link that works as long.
INVITATION_DAYS = envint("INVITATION_DAYS", "7")
INVITATIONS_PER_HOUR = envint("INVITATIONS_PER_HOUR", "20")
EMAIL_CHANGE_DAYS = envint("EMAIL_CHANGE_DAYS", "2")

# Webhooks go to public addresses only (webhooks/addresses.py); a receiver on this machine or
# the local network is allowed only with this on (tests, a receiver tried out locally).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = envbool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "0")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The REST API (api/, /api/v1/): token or session sign-in, JSON only, anonymous use throttled.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ReferencePagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    # Requests per anonymous client (by IP address), e.g. "60/minute" or "1000/hour".
    "DEFAULT_THROTTLE_RATES": {"anon": os.getenv("API_ANON_RATE", "60/minute")},
    "NUM_PROXIES": NUM_PROXIES,  # see above
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commitment Tracker API",
    "DESCRIPTION": "Resolutions, commitments, progress entries with evidence and current "
    "assessments. Anonymous clients see approved entries only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page loads Swagger UI from the drf-spectacular-sidecar package's static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Operations listed closed under their tags, each opened one's address in the address bar;
    # examples highlighted in a theme whose colours are legible on its dark background (the
    # default's numbers are not). templates/api/swagger_ui.html, static/js/api-docs.js and
    # static/css/api-docs.css make the rest of the page accessible.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "docExpansion": "list",
        "syntaxHighlight": {"theme": "obsidian"},
        "validatorUrl": None,
    },
    # Named by their choices, not by the fields using them: `Commitment.actor_kind` holds
    # addressee kinds (self, mixed...), not the actor kinds of `CommitmentActor.kind`.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "commitments.choices.ActorKind",
        "AddresseeKindEnum": "commitments.choices.AddresseeKind",
        "BodyEnum": "commitments.choices.Body",
        "OrganizationKindEnum": "states.choices.OrganizationKind",
        "ParagraphKindEnum": "commitments.choices.ParagraphKind",
        "RegionLevelEnum": "states.choices.RegionLevel",
        "ResolutionTextStatusEnum": "commitments.choices.TextStatus",
        "StatusEnum": "states.choices.ImplementationStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.allow_empty_parameters",
    ],
}
