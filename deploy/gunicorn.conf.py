"""gunicorn's settings for one app server; every value can be set in the environment.

Run as `gunicorn -c deploy/gunicorn.conf.py institute.wsgi` (the systemd unit does).
"""

import os
import subprocess
import sys

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: pages render in tens of milliseconds and nginx buffers slow
# clients, so two per core is plenty.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
# A worker stuck longer than this is killed and replaced. The database's own
# timeouts (settings/production.py) end a stuck query well before it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On reload (HUP) or stop (TERM), workers finish the requests they are serving.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so that a slow leak never grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Only nginx on this machine may tell gunicorn the scheme and client address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django logs each request as a JSON line with its request id (institute.request);
# nginx keeps the access log. gunicorn's own messages go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "institute")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
pidfile = os.environ.get("GUNICORN_PID_FILE") or None

# The settings the workers load when none is named (institute/wsgi.py's default).
WSGI_DEFAULT_SETTINGS = "institute.settings.production"
# sysexits.h's EX_CONFIG. The systemd unit does not restart on it
# (RestartPreventExitStatus): starting again would fail again.
EXIT_CONFIGURATION_ERROR = 78
CHECK_TIMEOUT_SECONDS = 120


def on_starting(server):
    """Refuse to start when Django's system checks report an error.

    Django runs no checks when a WSGI application loads, so a configuration that
    `manage.py check` refuses (institute.checks: no shared cache) would serve.
    Warnings are logged and do not stop the start.
    """
    failed, report = run_system_checks(cwd=server.cfg.chdir)
    if not failed:
        if report:
            server.log.warning("Django's system checks:\n%s", report)
        return
    server.log.error("Not starting: Django's system checks failed.\n%s", report)
    if server.pidfile is not None:
        server.pidfile.unlink()
    sys.exit(EXIT_CONFIGURATION_ERROR)


def run_system_checks(*, cwd: str) -> tuple[bool, str]:
    """(whether an error was found, what the checks reported) from Django's
    `check --deploy --fail-level ERROR`, with the settings the workers load.

    In a process of its own: were the master to import the project, the workers
    it forks after a reload (HUP) would run the code it imported at start, not
    the new code. The checks read no database, so an app server whose database
    is down still starts (and answers /readyz with 503).
    """
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", WSGI_DEFAULT_SETTINGS
        )
    }
    command = [sys.executable, "-m", "django", "check", "--deploy"]
    try:
        result = subprocess.run(
            [*command, "--fail-level", "ERROR"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=CHECK_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return True, f"They did not finish within {CHECK_TIMEOUT_SECONDS} s."
    if result.returncode != 0:
        return True, (result.stderr or result.stdout).strip()
    # Clean: "no issues" on stdout, nothing on stderr; else the warnings.
    return False, result.stderr.strip()
