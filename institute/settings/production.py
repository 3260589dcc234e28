"""Settings for a production server: everything comes from the environment.

Every variable is listed, with its meaning, in `.env.example`; `deploy/README.md`
says how to set them up.
"""

from .base import *  # noqa: F403
from .database import database_from_url
from .env import env_bool, env_int, env_list, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = env_required("WAGTAILADMIN_BASE_URL")

# Persistent connections, checked before each request reuses them: a restarted
# PostgreSQL costs only the requests made while it was down. The timeouts keep
# a down or stuck database from holding a worker.
DATABASES = {
    "default": database_from_url(
        env_required("DATABASE_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3),
        statement_timeout_ms=env_int("DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
        work_mem_mb=env_int("DATABASE_WORK_MEM_MB", 32),
    )
}

# Every gunicorn worker, app server and management command (publish_scheduled)
# is a process of its own: the page cache and its content generation must be in
# one cache they share, Redis (REDIS_URL), or a purge reaches only the process
# that made the change. institute.checks refuses to start with LocMemCache, the
# fallback without REDIS_URL (settings/base.py).
REQUIRE_SHARED_CACHE = True

# Background work (Wagtail's search and reference index updates after a publish)
# goes to a queue in the database, done by `manage.py db_worker`
# (deploy/systemd/institute-worker.service), not in the editor's request. The
# development and test settings run it at once (django-tasks' default).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Hashed file names let nginx cache static files for a long time.
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)

# Uploads in an S3-compatible bucket when one is named, so that several app
# servers see the same files; otherwise in MEDIA_ROOT on this machine.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN"),
            # Private objects with signed links: documents stay behind Wagtail's
            # permission checks.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Behind nginx: it sets X-Forwarded-Proto, and only it can reach gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
# nginx redirects plain HTTP itself; this is the safety net behind it. The health
# checks stay reachable over HTTP for a load balancer.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# Email: an SMTP server when one is named, else the log (stdout).
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=0.0,
        send_default_pii=False,
    )
