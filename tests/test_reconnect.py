"""A lost database connection (a PostgreSQL server restarted, a connection dropped): the store replaces it.

A pooled connection idle for `_PING_AFTER` seconds is pinged before use and replaced when dead; one that dies in
use fails its call, and the next call gets a fresh connection (service/store/sql.py, direct.py). On PostgreSQL the
connection is ended by the server (pg_terminate_backend); on a SQLite file the driver's connection is closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from service.store import sql
from service.store.sql import Store
from tests.conftest import DATABASE_URL


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'reconnect.db'}"
    s = Store(url)
    yield s
    s.dispose()


def _driver_connections(store: Store, n: int) -> list[Any]:
    """The pool's connections, after `n` calls at once that opened them."""
    with ExitStack() as calls:
        repos = [calls.enter_context(store.transaction(write=False)) for _ in range(n)]
        for repo in repos:
            repo.sandkasse_data()
        return [repo.c.connection.dbapi_connection for repo in repos]


def _lose(store: Store, connection: Any) -> None:
    if store.kind == "postgresql":
        admin = create_engine(store.url)
        with admin.begin() as c:
            c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": connection.info.backend_pid})
        admin.dispose()
    else:
        connection.close()


def _a_call_works(store: Store) -> Any:
    with store.transaction(write=False) as repo:
        repo.sandkasse_data()
        return repo.c.connection.dbapi_connection


def test_a_connection_that_lay_idle_and_died_is_replaced_before_the_call_uses_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    if store.kind == "sqlite":  # installed on PostgreSQL engines only (no server to lose); its mechanism tested here too
        sql._ping_when_idle(store.engine)
    (lost,) = _driver_connections(store, 1)
    _lose(store, lost)
    monkeypatch.setattr(sql, "_PING_AFTER", 0.0)  # every pooled connection counts as idle long enough
    assert _a_call_works(store) is not lost


def test_a_connection_that_died_in_use_fails_that_call_and_the_pool_is_renewed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    lost = _driver_connections(store, 2)
    for connection in lost:  # the server restarted: every pooled connection is gone
        _lose(store, connection)
    monkeypatch.setattr(sql, "_PING_AFTER", 3600.0)  # not pinged: used, and found dead
    with pytest.raises(DBAPIError) as failed:
        _a_call_works(store)
    assert failed.value.connection_invalidated
    assert _a_call_works(store) not in lost  # not the other dead one: the pool was renewed
