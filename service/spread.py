"""Keep-alive connections spread evenly over the workers of `serve --workers N`.

The workers share one listening socket, and whichever is waiting in poll() when connections arrive takes them:
32 clients opening their connections at once were seen split 29 / 3 between two workers, and a client keeps
its connection, so one process did nearly all the work. Each worker publishes how many connections it holds
in memory shared by the fork. A worker that holds more than another leaves a new connection to the others for
up to `PATIENCE` seconds, looking every `STEP`, then takes it itself (the others may be too busy to), so a
connection never waits long and no worker ever stops taking them.
"""

from __future__ import annotations

import mmap
import select
import time
from collections.abc import Callable
from typing import Any

STEP = 0.0005
PATIENCE = 0.005
# The count of a worker that is not running (being replaced): never the fewest.
_UNKNOWN = 2**31 - 1


class Spread:
    """The connections each worker holds, in anonymous shared memory mapped before the fork."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._memory = mmap.mmap(-1, 4 * workers)
        self._held = memoryview(self._memory).cast("i")
        for index in range(workers):
            self.clear(index)

    def clear(self, index: int) -> None:
        """Worker `index` is not running (yet): the others take every connection."""
        self._held[index] = _UNKNOWN

    def publish(self, index: int, held: int) -> None:
        self._held[index] = held

    def fewest(self, index: int) -> bool:
        """Does worker `index` hold no more connections than any other?"""
        mine = self._held[index]
        return all(mine <= self._held[i] for i in range(self.workers) if i != index)

    def attach(self, server: Any, index: int) -> None:
        """Make waitress's `server` (one listening socket) publish its connections and take new ones in turn."""
        readable: Callable[[], bool] = server.readable
        accept: Callable[[], None] = server.handle_accept
        channels = server._map  # the server's socket map: its channels, the server itself and a trigger

        def publishing() -> bool:  # called on every pass of waitress's main loop
            self.publish(index, len(channels))
            return readable()

        def in_turn() -> None:
            waited = 0.0
            while not self.fewest(index) and waited < PATIENCE:
                time.sleep(STEP)
                waited += STEP
                if not _pending(server.socket):
                    return  # another worker took it
            accept()

        server.readable = publishing
        server.handle_accept = in_turn


def _pending(sock: Any) -> bool:
    """A connection is waiting to be accepted (poll, not select: select fails on descriptors past 1023)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))
