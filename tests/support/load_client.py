"""A bounded load on the production stack, run as its own process by the tests.

    python -m tests.support.load_client PORT SECONDS THREADS PATH [PATH...]

Each thread sends GET requests one after another (paths in turn; `{n}` in a path
becomes a running number, to miss the page cache), pausing briefly between them,
and prints one JSON line per request: start time, path, status or error.
SIGTERM ends it early, once each thread's request in flight is answered.
"""

import itertools
import json
import signal
import sys
import threading
import time

from tests.support.stack_client import Client

PAUSE_SECONDS = 0.02


def run(port: int, seconds: float, threads: int, paths: list[str]) -> None:
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.time() + seconds
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopped.set())

    def worker() -> None:
        client = Client(port=port, timeout=10)
        connection = client.connection()
        while time.time() < deadline and not stopped.is_set():
            n = next(counter)
            path = paths[n % len(paths)].replace("{n}", str(n))
            started = time.time()
            try:
                status = client.get(path, connection=connection).status
            except Exception as error:  # Any failure is a result to report.
                status = f"{type(error).__name__}: {error}"
                connection.close()
                connection = client.connection()
            line = json.dumps(
                {
                    "t": started,
                    "took": time.time() - started,
                    "path": path,
                    "status": status,
                }
            )
            with lock:
                print(line, flush=True)
            time.sleep(PAUSE_SECONDS)
        connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()


if __name__ == "__main__":
    port, seconds, threads, *paths = sys.argv[1:]
    run(int(port), float(seconds), int(threads), paths)
