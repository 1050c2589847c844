"""Real server processes for tests marked `server`: started on a free port, polled until ready, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    database_url: str,
    port: int | None = None,
    *extra: str,
    ca: str | None = None,
    prefix: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """`dfdg-emulator serve` in a subprocess with `extra` options (behind `prefix`, e.g. faketime, with `env` added);
    yields its base URL once it answers. Over HTTPS when `ca` (the CA that issued the server's certificate) is given."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            *prefix,
            sys.executable,
            "-m",
            "service",
            "serve",
            "--port",
            str(port),
            "--database-url",
            database_url,
            "--today",
            "2026-03-01",
            "--log-format",
            "off",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        start_new_session=hasattr(os, "killpg"),
    )
    base = f"{'https' if ca else 'http'}://127.0.0.1:{port}"
    probe = requests.Session()
    probe.trust_env = False  # not the environment's REQUESTS_CA_BUNDLE, which would win over `verify`
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if probe.get(base + "/", timeout=1, verify=ca or True).status_code == 200:
                    break
            except requests.RequestException:  # refused, or accepted into the backlog before a worker is ready
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                _signal(process, getattr(signal, "SIGKILL", signal.SIGTERM))
                raise RuntimeError(f"server did not start: {process.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield base
    finally:
        probe.close()
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill if it has not ended within 10 s."""
    _signal(process, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal(process, getattr(signal, "SIGKILL", signal.SIGTERM))
        process.wait()


def _signal(process: subprocess.Popen, sig: int) -> None:
    """Signal the server's whole process group when it leads one: a wrapper such as faketime does not pass signals
    on to its child. A process started in the test's own group gets the signal alone."""
    try:
        if hasattr(os, "killpg") and os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
    except ProcessLookupError:
        pass


@contextmanager
def running_servers(database_url: str, count: int) -> Iterator[list[str]]:
    """`count` separate server processes on one database, as behind a load balancer."""
    with ExitStack() as stack:
        yield [stack.enter_context(running_server(database_url)) for _ in range(count)]
