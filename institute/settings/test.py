"""Settings for the test suite: SQLite unless DATABASE_URL names PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False

# The benchmarks' generator (`manage.py generate_briefings`): development only.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Hashing passwords slowly buys nothing in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test starts from its own database, so a page cached by one would mislead
# the next; the page cache's tests switch it on themselves.
PAGE_CACHE_SECONDS = 0

# Django's test client logs in without a request, which django-axes refuses; the
# login throttling tests put axes back.
AXES_ENABLED = False
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
