"""Settings for factcheck, read from the environment with safe defaults.

Values may also come from a ``.env`` file in the project folder (KEY=value lines, read with python-dotenv;
``DJANGO_ENV_FILE`` names another file);
the environment wins over the file. ``make run`` writes one for local use with a generated secret key and
debug on; it is never committed. A deployment sets real values in its environment.

Environment variables:

- ``DJANGO_DEBUG``: "1"/"true" turns debug on. Off unless asked for.
- ``DJANGO_SECRET_KEY``: required when debug is off (and then not the development key); a fixed development
  key is used when debug is on and none is given.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated; defaults to local addresses.
- ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated origins, for a server behind a proxy.
- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/db``; SQLite in the project folder when unset or empty.
- ``DJANGO_CONN_MAX_AGE``: seconds a database connection is reused (default 60; 0 closes it per request).
- ``DJANGO_DB_PREPARED_PLANS``: "0" stops preparing the API lists' SQL on PostgreSQL connections
  (claims.api.listing), for a transaction-pooling proxy that keeps no prepared statements. On by default.
- ``DJANGO_LOG_LEVEL``: level of the project's own loggers (default INFO).
- ``FACTCHECK_SITE_URL``: the site's public address, e.g. ``https://factchecks.example.org``: the absolute base of
  the public pages' links (canonical, OpenGraph, the Atom feed, the ClaimReview ``url`` and ``@id`` embedded
  in them), of the links in the API's and the exports' JSON-LD, and the server the OpenAPI schema names.
  Unset: the public pages use the address each request came to, the API and exports, which may run without
  a request, http://127.0.0.1:8000, and the schema ``/``.
- ``FACTCHECK_ORGANIZATION``: the author named in published ClaimReviews (default "factcheck").
- ``API_ANON_THROTTLE_RATE``: requests allowed to anonymous API clients, e.g. "120/minute"; empty: no limit.
- ``API_USER_THROTTLE_RATE``: requests allowed per signed-in API client (token or session), default
  "1200/minute"; empty: no limit.
- ``API_PUBLIC_MAX_AGE``: seconds shared caches may keep an anonymous API read (Cache-Control; default 60).
- ``API_RESPONSE_CACHE_SECONDS``: how long a rendered API read is kept under its ETag (default 300; 0: off).
- ``FACTCHECK_CORS_ORIGINS``: comma-separated origins (``https://news.example``) whose pages may read the API
  cross-origin: anonymous GET/HEAD only, no credentials (claims.api.cors). Empty by default: none.
- ``DJANGO_SECURE_SSL``: "1" when Django itself must enforce HTTPS: redirect to https, secure cookies, HSTS
  for ``DJANGO_HSTS_SECONDS`` (default a year), with ``DJANGO_HSTS_INCLUDE_SUBDOMAINS`` and
  ``DJANGO_HSTS_PRELOAD`` if asked. ``DJANGO_PROXY_SSL_HEADER=1`` trusts a TLS proxy's X-Forwarded-Proto.
- ``FACTCHECK_NUM_PROXIES``: trusted reverse proxies in front (default 0: X-Forwarded-For is ignored).
- ``FACTCHECK_LOGIN_FAILURE_LIMIT`` (default 5) and ``FACTCHECK_LOGIN_COOLOFF_MINUTES`` (default 15): failed
  sign-ins per username or per address before sign-in is refused there for the cool-off time.
- ``FACTCHECK_PUBLISHED_MIN`` (default 1800-01-01) and ``FACTCHECK_PUBLISHED_MAX_DAYS`` (default 366): the
  publication dates an import accepts; later than today only with ``import_articles --allow-future``.
- ``FACTCHECK_IMPORT_BACKGROUND_BYTES``: uploads larger than this (default 1000000) are imported by the task
  worker, with progress on a page, instead of while the browser waits.
- ``FACTCHECK_FETCH_ALLOWED_HOSTS``: comma-separated host names or IP addresses that web import (``import_articles
  --url``, feeds) may fetch even though they are private, loopback, link-local or reserved. Empty by default:
  only public addresses are fetched (claims.ingest.fetcher). The tests set it to ``127.0.0.1``.
- ``DJANGO_TASKS_IMMEDIATE``: "1" runs background tasks (webhook deliveries) in-process instead of queueing
  them in the database for ``manage.py db_worker``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# Local settings written by `make run`; variables already in the environment keep their values.
load_dotenv(os.environ.get("DJANGO_ENV_FILE") or BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable; unknown spellings count as no."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable, dropping empty items."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key"
MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (run `make run` once to write a local .env, or "
    "set DJANGO_DEBUG=1 for local development)."
)
INSECURE_SECRET_KEY = "DJANGO_SECRET_KEY is a development key; a deployment with debug off needs a real one."
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured(MISSING_SECRET_KEY)
if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(INSECURE_SECRET_KEY)
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "claims",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for anonymous reads under /api/ from FACTCHECK_CORS_ORIGINS; before anything that may answer.
    "claims.api.cors.ReadOnlyCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Bidi overrides and isolates in shown text become a visible placeholder (claims.web.bidi).
    "claims.web.bidi.BidiNeutralMiddleware",
    # Cache-Control, Vary and rate-limit headers on every /api/ answer, the 413 below included.
    "claims.api.headers.ApiHeadersMiddleware",
    # API bodies over DATA_UPLOAD_MAX_MEMORY_SIZE: a JSON 413, not Django's HTML 400.
    "claims.api.limits.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the request's user on history rows written by admin edits (core writes pass the actor).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into factcheck.network.locked_out's answer.
    "axes.middleware.AxesMiddleware",
]

# Reverse proxies in front of the server that append to X-Forwarded-For (factcheck.network): 0 by
# default, so the header is ignored and a client cannot forge its address. Set it to the number of
# proxies (1 behind one nginx) only when every request passes through them.
NUM_PROXIES = int(os.environ.get("FACTCHECK_NUM_PROXIES") or 0)

# Password guessing (django-axes): after AXES_FAILURE_LIMIT failures for one username, or from one
# address, sign-in there is refused with a 429 for the cool-off time. It covers /accounts/login/,
# /admin/login/ and the API's token endpoint, which all sign in through django.contrib.auth.authenticate.
AUTHENTICATION_BACKENDS = [
    "factcheck.network.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("FACTCHECK_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("FACTCHECK_LOGIN_COOLOFF_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.network.client_address"
AXES_LOCKOUT_CALLABLE = "factcheck.network.locked_out"
# The username field of the token endpoint's form is "username" too; the admin's is as well.
AXES_USERNAME_FORM_FIELD = "username"
# Unlocking is a command (`manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS`, `axes_reset`), not
# admin pages: the admin shows only the project's models, each under the role table of tests/admin.
AXES_ENABLE_ADMIN = False

# The window of publication dates an import accepts: from FACTCHECK_PUBLISHED_MIN (YYYY-MM-DD); up to today
# (UTC, plus a day for time zones ahead of it), or, with import_articles --allow-future, up to
# FACTCHECK_PUBLISHED_MAX_DAYS days after today. Older or later dates are typing errors, not news.
FACTCHECK_PUBLISHED_MIN = datetime.date.fromisoformat(os.environ.get("FACTCHECK_PUBLISHED_MIN") or "1800-01-01")
FACTCHECK_PUBLISHED_MAX_DAYS = int(os.environ.get("FACTCHECK_PUBLISHED_MAX_DAYS") or 366)
FACTCHECK_IMPORT_BACKGROUND_BYTES = int(os.environ.get("FACTCHECK_IMPORT_BACKGROUND_BYTES") or 1_000_000)
# Hosts web import may fetch although they are not public (server-side request forgery guard); empty: none.
FACTCHECK_FETCH_ALLOWED_HOSTS = env_list("FACTCHECK_FETCH_ALLOWED_HOSTS", [])
# Browser uploads: many files in one form, each up to the request size limit below.
DATA_UPLOAD_MAX_NUMBER_FILES = 500
FILE_UPLOAD_MAX_MEMORY_SIZE = 5_000_000

# Claims of one figure conflict when their as-of dates are at most this many days apart and their
# values do not overlap (claims.reconcile.conflicts).
CONFLICT_WINDOW_DAYS = 31

ROOT_URLCONF = "factcheck.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# An empty DATABASE_URL= would otherwise give an unusable configuration, hence `or`.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reused connections multiply throughput on PostgreSQL; tests set 0 so no server thread keeps
        # one open past the test database's teardown.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent imports, review writes and the task worker share one SQLite file: WAL lets readers go on
    # during a write, IMMEDIATE takes the write lock when a transaction starts (so two writers queue
    # instead of failing with "database is locked" halfway through), and the timeout is how long to wait.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Our server-side cursors (QuerySet.iterator: exports, backups, re-extraction) always read every row,
    # but PostgreSQL plans a cursor for its first tenth (cursor_tuple_fraction = 0.1): the full export then
    # walked all claims by id probing each for a verdict link, 2.6 times slower than collecting the linked
    # claims and sorting them.
    # The API lists' SQL, compiled once per list shape (claims.api.listing), is prepared on the connection
    # so the server plans it once per connection, not per request; Django's own cursors bind client-side
    # and never prepare. DJANGO_DB_PREPARED_PLANS=0 turns it off, behind a transaction-pooling proxy that
    # does not keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c cursor_tuple_fraction=1",
        "prepare_threshold": 5 if os.environ.get("DJANGO_DB_PREPARED_PLANS", "1") != "0" else None,
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: a login checks one hash in about 0.17 s here, against 0.42 s for PBKDF2's million rounds,
# and it is the memory-hard hasher Django recommends. PBKDF2 hashes made before still verify, and are
# re-hashed with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names with far-future caching in production; plain files under DEBUG and in tests,
    # where no collectstatic has run.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Scripts use tokens; session auth keeps DRF's CSRF check for signed-in browsers. Token first, so a
    # request without credentials is a 401 with a WWW-Authenticate header rather than a 403. DRF's own, with
    # the client's permissions read along with its credentials (claims.api.credentials).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.credentials.TokenAuthentication",
        "claims.api.credentials.SessionAuthentication",
    ],
    # JSON request bodies only: one media type per operation in the schema, which generated clients need.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.AnonymousThrottle", "claims.api.throttling.UserThrottle"],
    # The throttle's client address: X-Forwarded-For only behind that many trusted proxies (see above).
    "NUM_PROXIES": NUM_PROXIES,
}
# Requests per period for anonymous API clients (DRF rate syntax, e.g. "120/minute"); empty turns it off.
API_ANON_THROTTLE_RATE = os.environ.get("API_ANON_THROTTLE_RATE", "120/minute") or None
# Seconds a rendered API read is kept in the cache under its ETag (claims.api.conditional); 0 turns it off.
# The local-memory cache is per process; several app servers may share one through CACHES.
API_RESPONSE_CACHE_SECONDS = int(os.environ.get("API_RESPONSE_CACHE_SECONDS", "300"))
# The same per signed-in client (token or session), on every endpoint.
API_USER_THROTTLE_RATE = os.environ.get("API_USER_THROTTLE_RATE", "1200/minute") or None
# Seconds shared caches may keep an anonymous read of verified data (claims.api.headers).
API_PUBLIC_MAX_AGE = int(os.environ.get("API_PUBLIC_MAX_AGE") or 60)
# Cross-origin reads (claims.api.cors): these origins, under /api/, GET/HEAD/OPTIONS, without credentials.
CORS_ALLOWED_ORIGINS = env_list("FACTCHECK_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "content-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After", "X-RateLimit-Limit",
                       "X-RateLimit-Remaining", "X-RateLimit-Reset"]
# Page size of the API's cursor-paginated lists.
API_PAGE_SIZE = 50
# Rows read per database round trip by the streamed full exports.
EXPORT_CHUNK_SIZE = 2000
# The site's public address (empty when unset): the public pages' absolute links start here, else at the
# request's own address (claims.web.views.public).
FACTCHECK_SITE_URL = (os.environ.get("FACTCHECK_SITE_URL") or "").strip().rstrip("/")
# Absolute links in the API's and the exports' JSON-LD (ClaimReview url, @id) start here, so API, command
# exports and webhooks agree without a request to read a host from.
SITE_URL = FACTCHECK_SITE_URL or "http://127.0.0.1:8000"
# The organisation named as author of the published ClaimReviews.
SITE_ORGANIZATION = os.environ.get("FACTCHECK_ORGANIZATION", "factcheck")

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    # The docs page's introduction (errors, pages and nested lists, caching, rate limits, CORS): docs/api.md.
    "DESCRIPTION": (BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from the project's static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: Swagger UI would otherwise send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.unwrap_formats",
        "claims.api.schema.finish",
    ],
    # Paths start with /api/v1/; the server is the site's root: FACTCHECK_SITE_URL, else this host ("/").
    "SERVERS": [{"url": FACTCHECK_SITE_URL or "/"}],
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "claims.models.Kind",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "RatingEnum": "claims.models.Verdict.Rating",
        "FigureStatusEnum": "claims.models.Figure.Status",
    },
}

# Background tasks (django-tasks backport): the database queue, run by `manage.py db_worker`.
# DJANGO_TASKS_IMMEDIATE=1 runs tasks in-process instead (the tests do, through their settings fixture).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("DJANGO_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# Webhook deliveries (webhooks/tasks.py): attempts per event and subscriber, the first retry's delay
# (doubling each time up to the cap, spread by +/- the jitter fraction): 15 attempts over about 28 hours
# (more than 25 with the jitter). The time allowed for a subscriber to answer, and the age after which an
# attempt without an outcome counts as lost with its worker (keep it well above the timeout).
WEBHOOK_MAX_ATTEMPTS = 15
WEBHOOK_RETRY_BASE_SECONDS = 60
WEBHOOK_RETRY_MAX_SECONDS = 4 * 3600
WEBHOOK_RETRY_JITTER = 0.1
WEBHOOK_TIMEOUT_SECONDS = 10
WEBHOOK_STUCK_SECONDS = 600

SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS served by Django itself (DJANGO_SECURE_SSL=1): redirect plain HTTP and send HSTS. Off by default,
# because the usual deployment puts a TLS proxy in front that does both (docs/deploy.md lists the two
# `check --deploy` warnings that remain then, security.W004 and security.W008). Behind such a proxy,
# DJANGO_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto: only when the proxy always sets that header.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or 31_536_000) if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT and env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = SECURE_SSL_REDIRECT and env_bool("DJANGO_HSTS_PRELOAD")
if env_bool("DJANGO_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if SECURE_SSL_REDIRECT:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "claims": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    },
}
