"""gunicorn's settings for one app server; every value can be set in the environment.

Run as `gunicorn -c deploy/gunicorn.conf.py institute.wsgi` (the systemd unit does).
"""

import os

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
