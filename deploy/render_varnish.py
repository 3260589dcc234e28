"""Fill in the Varnish template deploy/varnish/institute.vcl; used by staff and
serve_prod.

    python deploy/render_varnish.py --app-server 127.0.0.1:8001 \\
        --app-server 127.0.0.1:8002 --host-header briefings.example.org \\
        --output /etc/varnish/institute.vcl
"""

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # Run as a script: make the project importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.placeholders import fill  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "varnish"
VCL_FILE = "institute.vcl"
UNAVAILABLE_FILE = "unavailable.html"
# How long a page stays servable once it is stale (app servers or database down).
GRACE = "24h"


def backend(name: str, address: str, host_header: str) -> str:
    host, port = address.rsplit(":", 1)
    # The probe asks /healthz as nginx would (HTTPS as far as the app knows), so
    # that a production app server's HTTPS redirect and host check let it by.
    return f"""backend {name} {{
    .host = "{host}";
    .port = "{port}";
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 60s;
    .probe = {{
        .request = "GET /healthz HTTP/1.1"
            "Host: {host_header}"
            "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }}
}}"""


def render(
    app_servers: list[str], *, host_header: str, output: Path, grace: str = GRACE
) -> Path:
    """Write the VCL (and beside it the page served when no app server answers)
    to `output`; return its path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    unavailable = output.parent / UNAVAILABLE_FILE
    shutil.copyfile(TEMPLATES / UNAVAILABLE_FILE, unavailable)
    names = [f"app{index}" for index in range(len(app_servers))]
    values = {
        "BACKENDS": "\n\n".join(
            backend(name, address, host_header)
            for name, address in zip(names, app_servers, strict=True)
        ),
        "DIRECTOR_MEMBERS": "\n".join(
            f"    app.add_backend({name});" for name in names
        ),
        "GRACE": grace,
        "RETRIES": str(2 * len(app_servers) - 1),
        "UNAVAILABLE_PAGE": str(unavailable),
    }
    output.write_text(fill((TEMPLATES / VCL_FILE).read_text(), values))
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-server", action="append", required=True)
    parser.add_argument("--host-header", required=True, help="a name in ALLOWED_HOSTS")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    path = render(args.app_server, host_header=args.host_header, output=args.output)
    print(f"Wrote {path} and {path.parent / UNAVAILABLE_FILE}")


if __name__ == "__main__":
    main()
