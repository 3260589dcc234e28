"""Settings shared by every environment; the environment-specific modules extend it.

Values that differ between machines come from the environment (see `.env.example`).
"""

from pathlib import Path

from .database import database_from_url
from .env import env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    # The project package itself: its system checks (institute.checks).
    "institute.apps.InstituteConfig",
    "briefings",
    # Readers follow listings by email (after briefings: its receivers run
    # after the read model is brought up to date).
    "subscriptions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    # Purges a page's URLs from the HTTP cache in front when it is published or
    # unpublished (WAGTAILFRONTENDCACHE below; institute.caching.frontend).
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The public read API (/api/v1/), its OpenAPI schema and its docs' files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Background tasks (Wagtail's search and reference index updates) kept in
    # the database for a worker, where the production settings send them.
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # First, so that every log line of the request and every response carries it.
    "institute.middleware.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer first: an API preflight gets its headers.
    "corsheaders.middleware.CorsMiddleware",
    "institute.middleware.security_headers.SecurityHeadersMiddleware",
    # After the security headers, which a 405 carries too; before CSRF, which
    # would answer a PUT with 403. Outside every middleware that writes a body,
    # so it drops the final body of a HEAD response.
    "institute.middleware.http_methods.HttpMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it must know who asks), before the views it short-cuts.
    "institute.caching.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "briefings.editorial.middleware.SerialisePageSavesMiddleware",
    "briefings.editorial.middleware.ReviewActionMessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a login from a locked-out client before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "institute.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own templates (base, errors) are found as those of the
        # `institute` app, listed first in INSTALLED_APPS.
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "briefings.context_processors.site_links",
            ],
        },
    },
]

WSGI_APPLICATION = "institute.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database,
# e.g. postgres://postgres@127.0.0.1:5432/institute
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 5),
    )
}

# Redis when REDIS_URL is set (shared by every app server and worker, so a purge
# reaches them all); otherwise this process's memory, which is enough for a
# laptop's single process. Production requires Redis (institute.checks).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "institute"),
            "OPTIONS": {
                # A Redis that is down or slow must not hold a request for long,
                # nor fail it: reads are misses, writes are dropped (and logged),
                # and pages are built from the database.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The HTTP cache's purge address (Varnish's "purge" listener, deploy/README.md):
# Wagtail purges a briefing's URLs there, and institute.caching.frontend bans
# everything the site rendered. Unset: no HTTP cache in front.
FRONTEND_CACHE_URL = env_str("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# How long the app's own page cache (Redis) keeps a rendered page for anonymous
# readers (0: off). A change to the content empties it at once
# (briefings.signals), so it can be long. Off by default behind Varnish: there it
# earns nothing on one machine (bench/RESULTS.md, "Through Varnish"); set it for
# several Varnish or CDN locations sharing one Redis.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if FRONTEND_CACHE_URL else 600)
# How long readers' browsers may reuse a shared page (max-age).
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 60)
# How long an HTTP cache in front (Varnish, a CDN) keeps a shared page: its
# s-maxage. Every content change bans or purges it there at once, so it can be
# long; after it, Varnish may still serve it for a day when the app is down.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor can exceed Django's default of 1000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Institute for Peace Operations"
# The admin's browser fetches nothing from other sites: no avatars from Gravatar
# (which would tell it every editor's email hash) and no check for new releases.
# The admin's Content-Security-Policy (institute.middleware) relies on both.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend uses PostgreSQL's full-text search on PostgreSQL and a
# simpler fallback elsewhere (SQLite), so one setting serves both.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# django-axes: after five failed logins from one client address, that address
# waits an hour (or until `manage.py axes_reset`). The address is the real
# client's behind nginx (institute.client_ip).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "institute.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_RESET_ON_SUCCESS = True
# The proxies whose X-Real-IP header is believed (nginx on the same machine).
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", ["127.0.0.1", "::1"])

# The JSON-lines log format (institute.log_format) everywhere, with the request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "institute.log_format.RequestIdFilter"}},
    "formatters": {"json": {"()": "institute.log_format.JsonLinesFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request log repeats what institute.request says.
        "django.server": {"level": "WARNING"},
        # axes announces itself at every start, management commands included.
        "axes": {"level": "WARNING"},
    },
}

# Where `load_fixtures` reads the seed content from.
FIXTURES_CONTENT_DIR = BASE_DIR / "fixtures"

# The public read API (briefings.api): read-only, open to every origin, JSON
# errors, rate-limited per client address.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["briefings.api.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_RATE_LIMIT", "120/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "briefings.api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Institute for Peace Operations: briefings API",
    "DESCRIPTION": (
        "The institute's published briefings, their challenges, participants and "
        "sources. `/api/v1/briefings/` takes the query parameters of the site's "
        "/briefings/ listing and lists the same briefings."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["briefings.api.schema.public_endpoints"],
    # The docs' scripts and styles from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
