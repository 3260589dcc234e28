"""Settings for a developer's machine: `make run` serves with these."""

from .base import *  # noqa: F403
from .env import env_int, env_list, env_str

DEBUG = True

# The benchmarks' generator (`manage.py generate_briefings`): development only.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405

# A fixed key is fine on a laptop; production requires SECRET_KEY from the environment.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A template edit would not purge cached pages; on a laptop, render every time.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
