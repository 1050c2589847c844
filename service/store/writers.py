"""The writers of a SQLite file take turns in order, within one process and across processes (issue 8 item 10).

SQLite lets one writer in at a time. A writer that finds the write lock taken sleeps in SQLite's busy handler
and tries again, with sleeps growing to 100 ms, so under load the lock stood free while writers slept: a p99
of 0.7-1.8 s at 32 clients in one process, and 90 ms between the two processes of `serve --workers 2`. So the
writers of a process queue on a lock of the process, and its first in line takes an advisory lock (flock) on a
file beside the database, `<database>-writer`, which the operating system releases when a process ends, however
it ends. That one waits for it in sleeps of at most 0.25 ms (at 1 ms the writes of two workers had a p99 5-10 ms
higher), within the call's time limit. `BEGIN IMMEDIATE` still decides: a program that does not take part (the
sqlite3 shell, say) only makes a writer wait in SQLite's handler.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.domain.repositories import Tidsgraense

try:
    import fcntl
except ImportError:  # Windows: the writers of one process still queue; other processes meet in SQLite's handler
    fcntl = None  # type: ignore[assignment]

_LONGEST_PAUSE = 0.00025


class WriterQueue:
    """The turn to write on the SQLite file `database` (None: in memory, one process only)."""

    def __init__(self, database: str | None) -> None:
        self._process = threading.Lock()
        self.path = Path(f"{database}-writer") if database and fcntl is not None else None
        self._fd: int | None = None
        self._pid: int | None = None

    @contextmanager
    def turn(self, timeout: float) -> Iterator[None]:
        deadline = time.monotonic() + timeout
        if not self._process.acquire(timeout=timeout):
            raise Tidsgraense(f"waited {timeout} s for the database's write lock")
        try:
            fd = self._file()
            if fd is not None:
                _lock(fd, deadline, timeout)
            try:
                yield
            finally:
                if fd is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._process.release()

    def _file(self) -> int | None:
        """This process's own open file: an flock belongs to the open file, which a forked worker would share."""
        if self.path is None:
            return None
        if self._pid != os.getpid():
            if self._fd is not None:
                os.close(self._fd)  # the parent's, inherited by a fork
            self._fd, self._pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), os.getpid()
        return self._fd


def _lock(fd: int, deadline: float, timeout: float) -> None:
    pause = 0.00005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise Tidsgraense(f"waited {timeout} s for the database's write lock (another process)")
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)
