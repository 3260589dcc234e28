"""Fill in the nginx site templates under deploy/nginx/; used by staff and serve_prod.

    python deploy/render_nginx.py --server-name briefings.example.org \\
        --app-server 127.0.0.1:8001 --app-server 127.0.0.1:8002 \\
        --static-root /srv/institute/static --media-root /srv/institute/media \\
        --tls-certificate /etc/letsencrypt/live/briefings.example.org/fullchain.pem \\
        --tls-certificate-key /etc/letsencrypt/live/briefings.example.org/privkey.pem \\
        --output-dir /etc/nginx/sites-available
"""

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # Run as a script: make the project importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.placeholders import fill  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "nginx"
SITE_FILE = "institute.conf"
LOCATIONS_FILE = "institute-locations.conf"


@dataclass
class NginxSite:
    """The values the templates need; `tls_certificate` unset means plain HTTP."""

    server_names: list[str]
    app_servers: list[str]
    static_root: Path
    media_root: Path
    http_port: int = 80
    https_port: int = 443
    listen_address: str = ""
    tls_certificate: Path | None = None
    tls_certificate_key: Path | None = None
    access_log: str = "/var/log/nginx/institute.access.log"
    extra: dict = field(default_factory=dict)

    @property
    def tls(self) -> bool:
        return self.tls_certificate is not None


def render(site: NginxSite, *, output_dir: Path) -> Path:
    """Write the site file and its locations file into `output_dir`; return the site
    file's path (the one to include in nginx's http block)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    locations_path = output_dir / LOCATIONS_FILE
    values = {
        "SERVER_NAMES": " ".join(site.server_names),
        "APP_SERVERS": "\n".join(
            # Never taken out of rotation: a 503 (the database briefly gone)
            # would count as a failure, and with every server out nginx could
            # only answer 502. A dead server costs a refused connection (at most
            # proxy_connect_timeout) before nginx tries the next.
            f"    server {address} max_fails=0;"
            for address in site.app_servers
        ),
        "STATIC_ROOT": str(site.static_root).rstrip("/"),
        "MEDIA_ROOT": str(site.media_root).rstrip("/"),
        "HTTP_PORT": str(site.http_port),
        "HTTPS_PORT": str(site.https_port),
        "HTTPS_PORT_SUFFIX": "" if site.https_port == 443 else f":{site.https_port}",
        "LISTEN_ADDRESS": f"{site.listen_address}:" if site.listen_address else "",
        "TLS_CERTIFICATE": str(site.tls_certificate or ""),
        "TLS_CERTIFICATE_KEY": str(site.tls_certificate_key or ""),
        "ACCESS_LOG": site.access_log,
        "LOCATIONS_CONF": str(locations_path),
        **site.extra,
    }
    template = SITE_FILE if site.tls else "institute-http.conf"
    site_path = output_dir / SITE_FILE
    site_path.write_text(fill((TEMPLATES / template).read_text(), values))
    locations_path.write_text(fill((TEMPLATES / LOCATIONS_FILE).read_text(), values))
    return site_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", action="append", required=True)
    parser.add_argument("--app-server", action="append", required=True)
    parser.add_argument("--static-root", type=Path, required=True)
    parser.add_argument("--media-root", type=Path, required=True)
    parser.add_argument("--tls-certificate", type=Path)
    parser.add_argument("--tls-certificate-key", type=Path)
    parser.add_argument("--http-port", type=int, default=80)
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument("--output-dir", type=Path, required=True)
    args = parser.parse_args()
    path = render(
        NginxSite(
            server_names=args.server_name,
            app_servers=args.app_server,
            static_root=args.static_root,
            media_root=args.media_root,
            http_port=args.http_port,
            https_port=args.https_port,
            tls_certificate=args.tls_certificate,
            tls_certificate_key=args.tls_certificate_key,
        ),
        output_dir=args.output_dir,
    )
    print(f"Wrote {path} and {path.parent / LOCATIONS_FILE}")


if __name__ == "__main__":
    main()
