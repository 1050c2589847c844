"""The per-call statements run straight on the driver's cursor (issue 8 item 10).

They are written once with SQLAlchemy Core (sql.py, `_Q`) and compiled here once per dialect and set of
parameter names; a call then costs what the driver costs. SQLAlchemy's execution of a compiled statement
(execution context, cache lookup, result metadata, events) cost 50-100 µs a statement against 5-10 µs on the
bare cursor, and a write runs nine of them. What SQLAlchemy's execution does that matters here is done here
too: bound values and Python-side column defaults, its type processing of parameters and results (dates on
SQLite, JSON), and its exceptions (`IntegrityError`, `OperationalError`, a lost connection invalidated).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError


class Rows(list):  # type: ignore[type-arg]
    """A statement's rows, read the way the store reads a SQLAlchemy result."""

    def first(self) -> Any:
        return self[0] if self else None

    def scalar(self) -> Any:
        return self[0][0] if self else None

    def scalar_one(self) -> Any:
        (row,) = self
        return row[0]

    def all(self) -> Rows:
        return self


class Prepared:
    """One statement compiled for one dialect and one set of parameter names."""

    __slots__ = ("binds", "columns", "fixed", "order", "results", "row", "sql")

    def __init__(self, statement: Any, dialect: Dialect, keys: Sequence[str]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        if compiled.literal_execute_params or any(b.expanding for b in compiled.binds.values()):
            raise ValueError("an expanding parameter (IN) is compiled per call: run it through SQLAlchemy")
        self.sql: str = compiled.string
        self.order: tuple[str, ...] | None = tuple(compiled.positiontup) if compiled.positional else None
        # Values bound in the statement itself (a literal 1, say), then Python-side defaults of the columns an
        # INSERT or UPDATE sets without being given them (SQLAlchemy's "prefetch").
        self.fixed: dict[str, Any] = dict(compiled.construct_params(_check=False))
        for column in [*compiled.insert_prefetch, *compiled.update_prefetch]:
            if column.default is None or not column.default.is_scalar:
                raise ValueError(f"{column}: only scalar column defaults are prefetched here")
            self.fixed[compiled.bind_names[compiled.binds[column.key]]] = column.default.arg
        self.binds: dict[str, Callable[[Any], Any]] = dict(compiled._bind_processors)
        self.columns = [c.type for c in compiled._result_columns]
        names = [c.keyname for c in compiled._result_columns]
        self.row: Callable[[Any], Any] | None = namedtuple("Row", names, rename=True)._make if names else None  # type: ignore[attr-defined]
        # The columns whose values SQLAlchemy's type turns into Python's (a date from SQLite's text), once known.
        self.results: list[tuple[int, Callable[[Any], Any]]] | None = None

    def parameters(self, given: Mapping[str, Any]) -> Any:
        values = {**self.fixed, **given}
        binds = self.binds
        if self.order is None:
            return {k: (binds[k](v) if k in binds and v is not None else v) for k, v in values.items()}
        return [binds[k](values[k]) if k in binds and values[k] is not None else values[k] for k in self.order]

    def read(self, cursor: Any, dialect: Dialect) -> Rows:
        if self.row is None:
            return Rows()
        raw = cursor.fetchall()
        if self.results is None:
            processors = [t._cached_result_processor(dialect, d[1]) for t, d in zip(self.columns, cursor.description, strict=True)]
            self.results = [(i, p) for i, p in enumerate(processors) if p is not None]
        make = self.row
        if not self.results:
            return Rows(make(r) for r in raw)
        rows = Rows()
        for r in raw:
            values = list(r)
            for i, process in self.results:
                values[i] = process(values[i])  # SQLAlchemy's processors pass None through
            rows.append(make(values))
        return rows


class Direct:
    """Runs prepared statements on a transaction's connection; the prepared ones are shared by every call."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._prepared: dict[tuple[int, tuple[str, ...]], Prepared] = {}

    def prepare(self, statement: Any, keys: Sequence[str]) -> Prepared:
        # Keyed by the statement's identity: only statements that live as long as the process (sql.py's `_Q`) come here.
        key = (id(statement), tuple(keys))
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = Prepared(statement, self.dialect, key[1])
        return prepared

    def run(self, connection: Connection, cursor: Any, statement: Any, params: Mapping[str, Any]) -> Rows:
        prepared = self.prepare(statement, tuple(params))
        parameters = prepared.parameters(params)
        try:
            cursor.execute(prepared.sql, parameters)
            return prepared.read(cursor, self.dialect)
        except self.dialect.loaded_dbapi.Error as error:
            invalidated = self.dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
            if invalidated:
                # As SQLAlchemy does: the server is likely gone for every pooled connection, not this one alone.
                connection.invalidate(error)
                connection.engine.dispose()
            raise DBAPIError.instance(
                prepared.sql,
                parameters,
                error,
                self.dialect.loaded_dbapi.Error,
                connection_invalidated=invalidated,
                dialect=self.dialect,
            ) from error
