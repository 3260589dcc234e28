"""Running wrk and reading its report: requests/s, p50, p99 and what went wrong.

Used by `bench/run.py`: `run_wrk` loads one URL again and again (the hot rows and
the floor), or, given a paths file, a path drawn at random for each request by
`bench/rotating.lua` (the rotating rows). wrk is Debian's package (4.1.0).
"""

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
ROTATING_SCRIPT = Path(__file__).resolve().parent / "rotating.lua"
TIMEOUT = "10s"  # wrk's per-request timeout: a slower answer counts as a timeout


@dataclass
class WrkResult:
    """One wrk run: throughput, latency percentiles (ms) and failed responses.

    `errors` is everything that was not a 2xx answer: `non_2xx` responses,
    `timeouts` and other socket errors. `statuses` (the non-2xx ones by code) and
    the page cache's hits and misses are known for rotating runs only."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int = 0
    timeouts: int = 0
    socket_errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    cache_hits: int | None = None
    cache_misses: int | None = None


def run_wrk(
    url: str, *, seconds: float, connections: int, paths_file: Path | None = None
) -> WrkResult:
    """Load `url` for `seconds` with `connections` open connections, one thread;
    with `paths_file`, each request a random path of that file on `url`'s host."""
    command = [
        "wrk",
        "--latency",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        TIMEOUT,
    ]
    if paths_file is not None:
        command += ["-s", str(ROTATING_SCRIPT), url, "--", str(paths_file)]
    else:
        command.append(url)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> WrkResult:
    """The numbers of a `wrk --latency` report (and of rotating.lua's lines)."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rps is None:
        raise ValueError(f"Not a wrk report:\n{output}")
    # wrk counts 4xx and 5xx here; rotating.lua counts every non-2xx status.
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    connect, read, write, timeouts = (
        (int(n) for n in socket.groups()) if socket else (0, 0, 0, 0)
    )
    statuses = {
        int(code): int(count)
        for code, count in re.findall(r"^rotating: status (\d+) (\d+)$", output, re.M)
    }
    bad_answers = sum(statuses.values()) if statuses else 0
    if non_2xx:
        bad_answers = max(bad_answers, int(non_2xx.group(1)))
    cache = re.search(
        r"^rotating: responses \d+ cache-hits (\d+) cache-misses (\d+)$", output, re.M
    )
    return WrkResult(
        requests_per_second=float(rps.group(1)),
        p50_ms=_percentile(output, "50%"),
        p99_ms=_percentile(output, "99%"),
        errors=bad_answers + connect + read + write + timeouts,
        non_2xx=bad_answers,
        timeouts=timeouts,
        socket_errors=connect + read + write,
        statuses=statuses,
        cache_hits=int(cache.group(1)) if cache else None,
        cache_misses=int(cache.group(2)) if cache else None,
    )


def _percentile(output: str, label: str) -> float:
    match = re.search(
        rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M
    )
    if match is None:
        raise ValueError(f"No {label} latency in the wrk report:\n{output}")
    return float(match.group(1)) * UNITS[match.group(2)]
