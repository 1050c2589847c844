"""`serve --workers N` spreads keep-alive connections evenly over its workers (service/spread.py)."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.spread import PATIENCE, Spread
from tests.servers import free_port, running_server
from tests.test_cpu import _serving


def test_a_worker_takes_connections_while_it_holds_no_more_than_any_other() -> None:
    spread = Spread(3)
    spread.publish(0, 5)
    spread.publish(1, 5)
    spread.publish(2, 4)
    assert [spread.fewest(i) for i in range(3)] == [False, False, True]
    spread.publish(2, 5)
    assert all(spread.fewest(i) for i in range(3))


def test_a_worker_being_replaced_never_holds_the_fewest() -> None:
    spread = Spread(2)
    spread.publish(0, 40)
    assert spread.fewest(0)  # worker 1 has not started: worker 0 takes everything
    spread.publish(1, 2)
    assert not spread.fewest(0)
    spread.clear(1)
    assert spread.fewest(0)


class _Server:
    """What Spread.attach uses of waitress's server: a listening socket, its map, readable and handle_accept."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self._map: dict[int, object] = {1: object(), 2: object()}
        self.adj = SimpleNamespace()
        self.accepted: list[socket.socket] = []

    def readable(self) -> bool:
        return True

    def handle_accept(self) -> None:
        self.accepted.append(self.socket.accept()[0])


@pytest.fixture
def server() -> object:
    s = _Server()
    yield s
    for conn in s.accepted:
        conn.close()
    s.socket.close()


@pytest.fixture
def naps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the worker takes while it leaves a connection to the others (slept, and recorded)."""
    taken: list[float] = []

    def nap(seconds: float) -> None:
        taken.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr("service.spread.time", SimpleNamespace(sleep=nap))
    return taken


def _worker_0_with_a_connection_waiting(server: _Server, the_other_holds: int) -> socket.socket:
    """`server` as worker 0 of two, the other holding `the_other_holds` connections; a client connecting to it."""
    spread = Spread(2)
    spread.attach(server, 0)
    spread.publish(1, the_other_holds)
    assert server.readable()  # publishes worker 0's two entries (its map)
    return socket.create_connection(server.socket.getsockname())


@pytest.mark.server  # loopback sockets
def test_the_busier_worker_leaves_a_new_connection_to_the_others_and_takes_it_if_they_do_not(server: _Server, naps: list[float]) -> None:
    client = _worker_0_with_a_connection_waiting(server, 0)
    server.handle_accept()
    assert len(server.accepted) == 1 and sum(naps) >= PATIENCE  # nobody else took it: taken after waiting
    client.close()


@pytest.mark.server
def test_the_busier_worker_stops_waiting_once_another_took_the_connection(server: _Server) -> None:
    client = _worker_0_with_a_connection_waiting(server, 0)
    other = server.socket.accept()[0]  # the other worker takes it first
    server.handle_accept()
    assert server.accepted == []
    client.close()
    other.close()


@pytest.mark.server
def test_the_worker_with_the_fewest_takes_a_connection_at_once(server: _Server, naps: list[float]) -> None:
    client = _worker_0_with_a_connection_waiting(server, 9)
    server.handle_accept()
    assert len(server.accepted) == 1 and naps == []
    client.close()


@pytest.mark.server
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts each worker's sockets in /proc")
def test_32_connections_opened_at_once_are_split_evenly_between_two_workers(tmp_path: Path) -> None:
    port = free_port()
    with running_server(f"sqlite:///{tmp_path / 'spread.db'}", port, "--workers", "2"):
        workers = [pid for pid in _serving(port) if pid != _parent(port)]
        # The server answers once one worker does; the other may still be starting, and takes nothing until it runs.
        deadline = time.monotonic() + 15
        while True:
            held = _held_after_32_connections(port, workers)
            if held[1] - held[0] <= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert len(held) == 2 and sum(held) >= 32 and held[1] - held[0] <= 2, held


def _held_after_32_connections(port: int, workers: list[int]) -> list[int]:
    """Open 32 connections at once, make a call on each, and count each worker's (less its listening socket)."""
    conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
    try:
        for conn in conns:
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        for conn in conns:
            assert conn.recv(100).startswith(b"HTTP/1.1 200")
        return sorted(_sockets(pid) - 1 for pid in workers)
    finally:
        for conn in conns:
            conn.close()


def _sockets(pid: int) -> int:
    return sum(1 for fd in Path(f"/proc/{pid}/fd").iterdir() if _target(fd).startswith("socket:"))


def _target(fd: Path) -> str:
    try:
        return str(fd.readlink())
    except OSError:
        return ""


def _parent(port: int) -> int:
    """The serving process whose parent is not itself serving: the one that forked the workers."""
    pids = _serving(port)
    return next(pid for pid in pids if _ppid(pid) not in pids)


def _ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
