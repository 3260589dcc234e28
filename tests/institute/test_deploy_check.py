"""The production settings pass Django's deployment checklist and fail clearly;
gunicorn does not serve when they fail."""

import os
import re
import subprocess
import sys
from pathlib import Path

from deploy.serve_prod import free_port
from institute.checks import PER_PROCESS_CACHE_ERROR, check_shared_cache

PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE_ENV = {
    "DJANGO_SETTINGS_MODULE": "institute.settings.production",
    "SECRET_KEY": "x7Lr0-sample-only-0qP9v2mZk4Wn8Yt1Bc6Hd3Jf5Gs7Ka9Ue2Io4Pl6Rq8Tz",
    "ALLOWED_HOSTS": "briefings.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://briefings.example.org",
    "WAGTAILADMIN_BASE_URL": "https://briefings.example.org",
    "DATABASE_URL": "postgres://institute@127.0.0.1:5432/institute",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def clean_environment() -> dict[str, str]:
    # A browser test in the same session may have set DJANGO_ALLOW_ASYNC_UNSAFE,
    # which check --deploy rightly refuses.
    unwanted = {*SAMPLE_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in unwanted}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=clean_environment() | env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=SAMPLE_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_is_a_clear_error():
    env = {k: v for k, v in SAMPLE_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


WITHOUT_REDIS = {k: v for k, v in SAMPLE_ENV.items() if k != "REDIS_URL"}


def test_production_settings_without_redis_url_refuse_a_cache_in_each_process():
    result = manage("check", "--deploy", env=WITHOUT_REDIS)
    assert result.returncode != 0
    assert PER_PROCESS_CACHE_ERROR in result.stderr
    assert "LocMemCache" in result.stderr
    assert "HINT: Set REDIS_URL" in result.stderr


def test_production_settings_with_redis_url_pass_the_shared_cache_check():
    result = manage("check", "--deploy", "--fail-level", "ERROR", env=SAMPLE_ENV)
    assert result.returncode == 0, result.stderr
    assert PER_PROCESS_CACHE_ERROR not in result.stdout + result.stderr


def test_gunicorn_without_redis_url_exits_with_the_message_instead_of_serving():
    port = free_port()
    config = PROJECT_DIR / "deploy/gunicorn.conf.py"
    gunicorn = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(config), "institute.wsgi"],
        cwd=PROJECT_DIR,
        env=clean_environment()
        | WITHOUT_REDIS
        | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert gunicorn.returncode == 78, gunicorn.stderr
    assert "Not starting: Django's system checks failed" in gunicorn.stderr
    assert PER_PROCESS_CACHE_ERROR in gunicorn.stderr
    assert "Set REDIS_URL" in gunicorn.stderr
    # It stopped before opening its port, let alone booting a worker.
    assert "Listening at" not in gunicorn.stderr
    assert "Booting worker" not in gunicorn.stderr


def test_shared_cache_check_refuses_only_a_cache_in_each_process(settings):
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.REQUIRE_SHARED_CACHE = True
    settings.CACHES = locmem
    assert [error.id for error in check_shared_cache()] == [PER_PROCESS_CACHE_ERROR]
    # DummyCache keeps nothing that could go stale.
    settings.CACHES = dummy
    assert check_shared_cache() == []


def test_shared_cache_check_leaves_development_and_test_settings_alone(settings):
    # The test settings: DEBUG off, LocMemCache, no REQUIRE_SHARED_CACHE.
    assert not getattr(settings, "REQUIRE_SHARED_CACHE", False)
    assert check_shared_cache() == []
    settings.REQUIRE_SHARED_CACHE = True
    settings.DEBUG = True
    assert check_shared_cache() == []


def test_env_example_lists_every_variable_the_settings_read():
    example = (PROJECT_DIR / ".env.example").read_text()
    listed = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in example.splitlines()
        if "=" in line and line.lstrip("# ").split("=", 1)[0].isupper()
    }
    read = set()
    paths = [*(PROJECT_DIR / "institute/settings").glob("*.py")]
    paths.append(PROJECT_DIR / "deploy/gunicorn.conf.py")
    for path in paths:
        read |= set(
            re.findall(
                r'(?:env_(?:str|required|bool|int|list)|environ\.get)\("([A-Z_0-9]+)"',
                path.read_text(),
            )
        )
    assert read - listed == set()
