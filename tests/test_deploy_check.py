"""The production settings pass Django's deployment checklist and fail clearly."""

import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_ENV = {
    "DJANGO_SETTINGS_MODULE": "institute.settings.production",
    "SECRET_KEY": "x7Lr0-sample-only-0qP9v2mZk4Wn8Yt1Bc6Hd3Jf5Gs7Ka9Ue2Io4Pl6Rq8Tz",
    "ALLOWED_HOSTS": "briefings.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://briefings.example.org",
    "WAGTAILADMIN_BASE_URL": "https://briefings.example.org",
    "DATABASE_URL": "postgres://institute@127.0.0.1:5432/institute",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    # A browser test in the same session may have set DJANGO_ALLOW_ASYNC_UNSAFE,
    # which check --deploy rightly refuses.
    unwanted = {*SAMPLE_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=clean | env,
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
