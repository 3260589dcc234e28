"""The production stack on loopback: nginx, then Varnish (the HTTP cache), in
front of two gunicorn app servers sharing PostgreSQL and Redis. `make serve-prod`
runs it; the integration test (tests/deploy/test_production_stack.py) starts and
stops it.

    python deploy/serve_prod.py [--database institute_prod] [--tls] [--no-varnish]
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # Run as a script: make the project importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import render_varnish  # noqa: E402
from deploy.mail_sink import MailSink  # noqa: E402
from deploy.render_nginx import NginxSite, render  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# As deploy/systemd/institute-worker.service's RestartSec.
WORKER_RESTART_SECONDS = 2


@dataclass
class StackConfig:
    """Where the stack listens and what it shares; ports default to free ones."""

    database_url: str
    redis_url: str
    run_dir: Path
    cache_key_prefix: str = "institute-prod"
    http_port: int = field(default_factory=free_port)
    https_port: int | None = None
    app_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    workers: int = 2
    # Varnish between nginx and the app servers: readers' port, the app's purges.
    varnish: bool = True
    varnish_port: int = field(default_factory=free_port)
    varnish_purge_port: int = field(default_factory=free_port)
    # The systemd timers' work (publish_scheduled, send_digests), this often.
    timer_seconds: float = 60
    # An SMTP server on loopback that the apps and the worker send mail to
    # (deploy/mail_sink.py in `make serve-prod`; a test's own server).
    smtp_port: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def tls(self) -> bool:
        return self.https_port is not None

    @property
    def base_url(self) -> str:
        # By name, not address: nginx shows its certificate only to a client that
        # names the site (TLS SNI).
        if self.tls:
            return f"https://localhost:{self.https_port}"
        return f"http://127.0.0.1:{self.http_port}"


class ProductionStack:
    """Starts, watches and stops nginx and the gunicorn app servers."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.run_dir = config.run_dir
        self.apps: dict[int, subprocess.Popen] = {}
        self.worker: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        self.varnish: subprocess.Popen | None = None
        self.timers_stop = threading.Event()
        self.timers: threading.Thread | None = None
        self.worker_lock = threading.Lock()

    # -- set-up -------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """The environment every app server and management command runs with."""
        config = self.config
        origins = [f"http://127.0.0.1:{config.http_port}"]
        if config.tls:
            origins.append(f"https://localhost:{config.https_port}")
        # Never in production: check --deploy refuses it (a browser test sets it).
        inherited = {
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        }
        env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "institute.settings.production",
            "SECRET_KEY": self._secret_key(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": ",".join(origins),
            "WAGTAILADMIN_BASE_URL": config.base_url,
            "DATABASE_URL": config.database_url,
            "REDIS_URL": config.redis_url,
            "CACHE_KEY_PREFIX": config.cache_key_prefix,
            "STATIC_ROOT": str(self.run_dir / "static"),
            "MEDIA_ROOT": str(self.run_dir / "media"),
            "GUNICORN_WORKERS": str(config.workers),
            "PYTHONUNBUFFERED": "1",
        }
        if config.smtp_port:
            env |= {
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(config.smtp_port),
                "EMAIL_USE_TLS": "false",
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "DEFAULT_FROM_EMAIL": "briefings@localhost",
            }
        if config.varnish:
            env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{config.varnish_purge_port}"
        if not config.tls:
            # Plain HTTP on loopback: no redirect, and cookies must travel over it.
            env |= {
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
            }
        return env | config.extra_env

    def _secret_key(self) -> str:
        path = self.run_dir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()

    def manage(self, *args: str, env: dict | None = None) -> str:
        """Run a management command with the stack's settings; return its output."""
        return self.finish(self.begin(*args, env=env), args)

    def begin(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        """Start a management command with the stack's settings (`finish` it)."""
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=self.environment() | (env or {}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    @staticmethod
    def finish(command: subprocess.Popen, args) -> str:
        """Wait for a command `begin` started; its output, or raise if it failed."""
        out, err = command.communicate()
        if command.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{err}")
        return out

    def prepare(self) -> None:
        """What a deploy does before starting the app: static files, schema, content."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # nginx's workers run as another user when started by root.
        self.run_dir.chmod(0o755)
        (self.run_dir / "media").mkdir(exist_ok=True)
        # The static files need no database: collected while the schema is made.
        collect = ("collectstatic", "--noinput", "--verbosity", "0")
        collecting = self.begin(*collect)
        try:
            self.manage("migrate", "--noinput", "--verbosity", "0")
            self.manage("load_fixtures")
        except BaseException:
            collecting.kill()
            collecting.communicate()
            raise
        self.finish(collecting, collect)

    # -- processes ----------------------------------------------------------

    def start(self) -> None:
        """Start every app server, Varnish and nginx; return once all answer (or
        stop all and raise)."""
        try:
            for index in range(len(self.config.app_ports)):
                self.start_app(index)
            self.start_worker()
            self.start_timers()
            self.watch_worker()
            if self.config.varnish:
                self.start_varnish()
            self.start_nginx()
            for port in self.config.app_ports:
                self.wait_for(f"http://127.0.0.1:{port}/healthz")
            if self.config.varnish:
                self.wait_for(f"http://127.0.0.1:{self.config.varnish_port}/healthz")
            self.wait_for(f"http://127.0.0.1:{self.config.http_port}/healthz")
        except BaseException:
            self.stop()
            raise

    def start_worker(self) -> subprocess.Popen:
        """Start the background worker (`db_worker`), as its systemd unit does;
        the one running, if it runs."""
        with self.worker_lock:
            if self.worker is not None and self.worker.poll() is None:
                return self.worker
            log = open(self.run_dir / "worker.log", "ab")  # noqa: SIM115
            self.worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
                cwd=PROJECT_DIR,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            return self.worker

    def watch_worker(self) -> None:
        """Start the worker again 2 s after it ends, as its systemd unit's
        `Restart=always` does: db_worker exits when its database goes away (a
        PostgreSQL restart), and mail would stop until someone noticed."""

        def run() -> None:
            while not self.timers_stop.wait(WORKER_RESTART_SECONDS):
                if self.worker is not None and self.worker.poll() is not None:
                    self.start_worker()

        threading.Thread(target=run, name="worker-watch", daemon=True).start()

    def start_timers(self) -> None:
        """What the systemd timers start on a server (institute-publish-scheduled
        and institute-digests): scheduled publishing, and the digests queued for
        the worker, every `timer_seconds`."""

        def run() -> None:
            with open(self.run_dir / "timers.log", "a") as log:
                while not self.timers_stop.wait(self.config.timer_seconds):
                    for command in ("publish_scheduled", "send_digests"):
                        try:
                            self.manage(command)
                        except RuntimeError as error:
                            log.write(f"{time.strftime('%FT%T')} {error}\n")
                            log.flush()

        self.timers_stop.clear()
        self.timers = threading.Thread(target=run, name="timers", daemon=True)
        self.timers.start()

    def start_app(self, index: int) -> subprocess.Popen:
        """Start gunicorn number `index` (its own process group, so it can be killed
        whole)."""
        port = self.config.app_ports[index]
        log = open(self.run_dir / f"app-{index}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(PROJECT_DIR / "deploy/gunicorn.conf.py"),
                "institute.wsgi",
            ],
            cwd=PROJECT_DIR,
            env=self.environment()
            | {
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_PROC_NAME": f"institute-{port}",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.apps[index] = process
        return process

    def start_varnish(self) -> None:
        """Start varnishd in front of the app servers (deploy/varnish/)."""
        config = self.config
        vcl = render_varnish.render(
            [f"127.0.0.1:{port}" for port in config.app_ports],
            host_header="localhost",
            output=self.run_dir / "varnish/institute.vcl",
        )
        command = [
            VARNISHD,
            "-F",  # in the foreground: this process watches it
            "-n",
            str(self.run_dir / "varnish/state"),
            "-a",
            f"readers=127.0.0.1:{config.varnish_port}",
            "-a",
            f"purge=127.0.0.1:{config.varnish_purge_port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,256m",
        ]
        log = open(self.run_dir / "varnish.log", "ab")  # noqa: SIM115
        self.varnish = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def upstream(self) -> list[str]:
        """Where nginx sends what it does not serve itself."""
        if self.config.varnish:
            return [f"127.0.0.1:{self.config.varnish_port}"]
        return [f"127.0.0.1:{port}" for port in self.config.app_ports]

    def start_nginx(self) -> None:
        config = self.config
        temp = self.run_dir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        certificate = key = None
        if config.tls:
            certificate, key = self._self_signed_certificate()
        site_path = render(
            NginxSite(
                server_names=["127.0.0.1", "localhost"],
                app_servers=self.upstream(),
                static_root=self.run_dir / "static",
                media_root=self.run_dir / "media",
                http_port=config.http_port,
                https_port=config.https_port or 443,
                listen_address="127.0.0.1",
                tls_certificate=certificate,
                tls_certificate_key=key,
                access_log=str(self.run_dir / "nginx-access.log"),
            ),
            output_dir=self.run_dir / "nginx",
        )
        main_conf = self.run_dir / "nginx/nginx.conf"
        main_conf.write_text(
            nginx_main_conf(
                self.run_dir,
                temp_dir=temp,
                http=f"    sendfile on;\n    include {site_path};",
            )
        )
        command = [NGINX, "-p", str(self.run_dir), "-c", str(main_conf)]
        command += ["-e", str(self.run_dir / "nginx-error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx configuration rejected:\n{check.stderr}")
        self.nginx = subprocess.Popen(command, start_new_session=True)

    def _self_signed_certificate(self) -> tuple[Path, Path]:
        certificate = self.run_dir / "tls-cert.pem"
        key = self.run_dir / "tls-key.pem"
        if not certificate.exists():
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "7",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout",
                    str(key),
                    "-out",
                    str(certificate),
                ],
                check=True,
                capture_output=True,
            )
        return certificate, key

    def wait_for(self, url: str, *, timeout: float = 30) -> None:
        """Poll `url` until it answers 200; raise after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout} s")
            time.sleep(0.1)

    def signal_app(self, index: int, signum: int, *, whole_group: bool = False):
        """Send `signum` to gunicorn's master (or to all its processes)."""
        process = self.apps[index]
        if whole_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)

    def stop_app(self, index: int) -> None:
        self.stop_apps([index])

    def stop_apps(self, indexes) -> None:
        """Stop these app servers, all at once (each finishes what it serves)."""
        processes = [self.apps.pop(index) for index in indexes if index in self.apps]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            # Whether it stopped or not, no orphaned worker is left.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def stop(self) -> None:
        """Stop nginx, Varnish and every app server this stack started."""
        self.timers_stop.set()
        if self.timers is not None:
            self.timers.join(timeout=60)
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        if self.varnish is not None and self.varnish.poll() is None:
            self.varnish.terminate()
            try:
                self.varnish.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.varnish.pid, signal.SIGKILL)
                self.varnish.wait()
        for index in list(self.apps):
            self.stop_app(index)
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()


def nginx_main_conf(run_dir: Path, *, temp_dir: Path, http: str) -> str:
    """An nginx main configuration for a server of our own in `run_dir` (its pid,
    error log and temporary folders there), in the foreground, with `http` inside
    its http block."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {temp_dir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
daemon off;
pid {run_dir / "nginx.pid"};
error_log {run_dir / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
{temp_paths}
{http}
}}
"""


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database named in `database_url` if it is missing."""
    import psycopg
    from psycopg import sql

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="institute_prod")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--http-port", type=int, default=0, help="default: a free one")
    parser.add_argument("--tls", action="store_true", help="also HTTPS, self-signed")
    parser.add_argument(
        "--no-varnish", action="store_true", help="nginx straight to the app servers"
    )
    parser.add_argument(
        "--run-dir", type=Path, default=PROJECT_DIR / ".serve-prod", help="state"
    )
    args = parser.parse_args()
    database_url = f"{args.postgres}/{args.database}"
    ensure_database(database_url)
    config = StackConfig(
        database_url=database_url,
        redis_url=args.redis_url,
        run_dir=args.run_dir.resolve(),
        cache_key_prefix=f"institute-{args.database}",
        http_port=args.http_port or free_port(),
        https_port=free_port() if args.tls else None,
        varnish=not args.no_varnish,
    )
    sink = None
    if not os.environ.get("EMAIL_HOST"):
        sink = MailSink(config.run_dir / "mail", free_port()).start()
        config.smtp_port = sink.port
    if config.varnish and not Path(VARNISHD).exists():
        print("varnishd is not installed (.ci/system-deps): serving without it.")
        config.varnish = False
    stack = ProductionStack(config)

    def stop_on_term(signum, frame):
        raise KeyboardInterrupt

    # `kill` (or a `timeout` around `make serve-prod`) stops the servers too.
    signal.signal(signal.SIGTERM, stop_on_term)
    stack.prepare()
    print(
        stack.manage("ensure_admin")
        .strip()
        .replace("http://127.0.0.1:8000", config.base_url)
    )
    stack.start()
    through = f"Varnish on port {config.varnish_port}, " if config.varnish else ""
    print(
        f"Serving {config.base_url}/ (nginx) through {through}app servers on ports "
        f"{', '.join(map(str, config.app_ports))}; logs in {config.run_dir}. "
        "Ctrl-C stops."
    )
    if sink is not None:
        print(
            f"Mail goes to an SMTP server on 127.0.0.1:{sink.port}, which keeps each "
            f"message in {sink.folder} (set EMAIL_HOST to send real mail)."
        )
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        # A second TERM (from `timeout` and the shell both) must not cut the stop.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()
        if sink is not None:
            sink.stop()


if __name__ == "__main__":
    main()
