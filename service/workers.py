"""`serve --workers N`: N server processes on one listening socket and one database.

The parent binds the port and creates the schema once, then forks the workers, which take new connections
in turn (spread.py). Every invariant, the business date and RequestId live in the database,
so they hold across processes (README, "Several processes"). A worker that dies is replaced.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable

from service.config import Settings
from service.spread import Spread

log = logging.getLogger(__name__)


def serve_workers(settings: Settings, serve_on: Callable[[Settings, socket.socket, int, Spread], None]) -> int:
    if not hasattr(os, "fork"):
        print("--workers needs fork (Linux or macOS); run one process per port behind a load balancer instead.", file=sys.stderr)
        return 2
    if settings.database_url in ("sqlite://", "sqlite:///:memory:"):
        print("--workers needs a shared database: a SQLite file or PostgreSQL, not an in-memory database.", file=sys.stderr)
        return 2
    # The schema is created once, before the workers race to create it; and the whole app is built once here,
    # so every module is imported (and its bytecode written) before the fork: a fresh checkout's workers once
    # answered their first burst with a plain-text 500 while importing side by side.
    from service.app import create_app

    app = create_app(settings)
    _ = app.rest  # the REST face too, which a single process builds on its first REST request
    app.deps.store.dispose()
    sock = socket.create_server((settings.host, settings.port), backlog=1024)
    # Worker pid -> its number (0..N-1), which a replacement takes over (its CPU: service/cpu.py).
    children: dict[int, int] = {}
    spread = Spread(settings.workers)
    stopping = False

    def start(index: int) -> None:
        spread.clear(index)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                serve_on(settings, sock, index, spread)
            finally:
                os._exit(0)
        children[pid] = index

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for index in range(settings.workers):
        start(index)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid not in children:
            continue
        index = children.pop(pid)
        if not stopping:
            log.warning("worker %s ended (status %s); starting another", pid, status)
            start(index)
    return 0
