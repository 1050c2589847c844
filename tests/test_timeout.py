"""The per-request time limit: a call whose database work or lock wait outlives it is answered with 7050 and
writes nothing, instead of holding a worker."""

import os
import threading

import pytest
import zeep
from sqlalchemy import text

from service.app import create_app
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from tests.conftest import BASE, DATABASE_URL, TODAY, Dfdg, fault_of

CPR = "0101801234"


@pytest.fixture
def limited(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'limit.db'}"
    yield from _limited(url)


@pytest.fixture
def limited_sqlite_file(tmp_path):
    """On a SQLite file whatever the suite's database: what is tested belongs to SQLite files alone."""
    yield from _limited(f"sqlite:///{tmp_path / 'limit.db'}")


def _limited(url: str):
    app = create_app(Settings(database_url=url, request_timeout=1.0), FixedClock(), IdGenerator(0))
    app.deps.store.reset()
    clients = {name: zeep.Client(f"{BASE}/{name}?wsdl", transport=WsgiTransport(app, BASE)) for name in app.services}
    yield app, Dfdg(clients, app)
    app.deps.store.dispose()


def test_a_call_waiting_longer_than_the_limit_for_a_lock_gets_7050_and_writes_nothing(limited):
    app, dfdg = limited
    dfdg.testsupport.SetDato(TODAY)
    dfdg.borger(CPR)
    # Another connection holds the citizen (PostgreSQL: its row; SQLite: the database's write lock).
    blocker = app.deps.store.engine.connect()
    try:
        if app.deps.store.kind == "postgresql":
            blocker.execute(text("SELECT cpr FROM borger WHERE cpr = :cpr FOR UPDATE"), {"cpr": CPR})
        else:
            blocker.exec_driver_sql("UPDATE sandkasse SET loebende = loebende")
        _refused_at_the_limit(dfdg)
    finally:
        blocker.rollback()
        blocker.close()
    _nothing_written_and_served_on(dfdg)


def test_a_write_waiting_longer_than_the_limit_behind_a_write_of_the_same_process_gets_7050(limited):
    """Writers of one process queue for their turn (SQLite: a lock of the process before BEGIN IMMEDIATE;
    PostgreSQL: the citizen's row); the wait is bounded by the time limit all the same."""
    app, dfdg = limited
    dfdg.testsupport.SetDato(TODAY)
    dfdg.borger(CPR)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with app.deps.store.transaction(write=True) as repo:
            repo.get_borger(CPR, lock=True)
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        _refused_at_the_limit(dfdg)
    finally:
        release.set()
        holder.join()
    _nothing_written_and_served_on(dfdg)


def _refused_at_the_limit(dfdg: Dfdg) -> None:
    with pytest.raises(zeep.exceptions.Fault) as info:
        dfdg.sygemeld(CPR, TODAY)
    code, violations = fault_of(info.value)
    assert (code, violations[0]["RuleIdentifier"]) == (7050, "TIDSGRAENSE")


def _nothing_written_and_served_on(dfdg: Dfdg) -> None:
    assert dfdg.tilstand(CPR).Fravaer == []
    dfdg.sygemeld(CPR, TODAY)  # the lock is given back and the emulator serves on


def test_a_write_waiting_longer_than_the_limit_for_another_process_turn_gets_7050(limited_sqlite_file):
    """Processes on one SQLite file take turns on an advisory lock beside it (store/writers.py); the wait is bounded too."""
    fcntl = pytest.importorskip("fcntl")  # POSIX; on Windows the processes meet in SQLite's own busy handler
    app, dfdg = limited_sqlite_file
    assert app.deps.store.writers is not None and app.deps.store.writers.path is not None
    dfdg.testsupport.SetDato(TODAY)
    dfdg.borger(CPR)
    other = os.open(app.deps.store.writers.path, os.O_RDWR | os.O_CREAT)  # as another process's open file would be
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        _refused_at_the_limit(dfdg)
    finally:
        os.close(other)
    _nothing_written_and_served_on(dfdg)
