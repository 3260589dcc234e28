"""Running wrk against one URL and reading its report: requests/s, p50 and p99.

Used by `bench/run.py`. wrk is Debian's package (`.ci/system-deps` installs it).
"""

import re
import subprocess
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkResult:
    """One wrk run: throughput, latency percentiles (ms) and failed responses."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def run_wrk(url: str, *, seconds: float, connections: int) -> WrkResult:
    """Load `url` for `seconds` with `connections` open connections, one thread."""
    output = subprocess.run(
        [
            "wrk",
            "--latency",
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "10s",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> WrkResult:
    """The numbers of a `wrk --latency` report."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rps is None:
        raise ValueError(f"Not a wrk report:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return WrkResult(
        requests_per_second=float(rps.group(1)),
        p50_ms=_percentile(output, "50%"),
        p99_ms=_percentile(output, "99%"),
        errors=errors,
    )


def _percentile(output: str, label: str) -> float:
    match = re.search(
        rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M
    )
    if match is None:
        raise ValueError(f"No {label} latency in the wrk report:\n{output}")
    return float(match.group(1)) * UNITS[match.group(2)]
