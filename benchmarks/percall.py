"""Benchmark: CPU time and SQL statements per call, in-process, one thread: figures that do not depend on the load.

Run: .venv/bin/python benchmarks/percall.py [--database-url URL] [--calls 400] [--only CreateFravaer,...]
                                            [--profile CreateFravaer] [--top 40] [--show-sql] [--driver-time]

Builds the emulator's WSGI app in this process (a SQLite file in a temporary folder unless --database-url
names a PostgreSQL database, which is emptied), sets it up as benchmarks/services.py does (500 citizens),
then sends each operation's request bodies straight to the WSGI callable, one after another. For each
operation it prints the median and mean CPU time of this process per call (all its threads: the REST face
runs in the calling thread, but a thread of a library would count too; PostgreSQL's own work is not in it)
and the SQL statements per call, counted by a SQLAlchemy event listener and where service/store/direct.py
runs them. `--driver-time` adds the CPU time per call inside the driver's execute, fetchall and commit (on
SQLite the database's own work; BEGIN and statements run through SQLAlchemy are not in it). `--profile OP`
runs cProfile over OP's calls and prints the `--top` entries by cumulative and by own time.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import zeep
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from services import TODAY, Requests, operations, setup

from service.app import Emulator, create_app
from service.config import Settings
from service.harness.transport import WsgiTransport
from service.store.direct import Direct

BASE = "http://dfdg.local"


class InProcess(Requests):
    """Request bodies built by zeep from the app's WSDLs, fetched in-process."""

    def __init__(self, app: Emulator) -> None:
        super().__init__(BASE)
        self.transport = WsgiTransport(app, BASE)

    def client(self, service: str) -> zeep.Client:
        if service not in self.clients:
            self.clients[service] = zeep.Client(f"{BASE}/{service}?wsdl", transport=self.transport)
        return self.clients[service]


def call(app: Emulator, path: str, body: bytes) -> str:
    """One POST straight to the WSGI callable (a REST body carries its HTTP headers); its status line."""
    status: list[str] = []
    headers = {k.upper().replace("-", "_"): v for k, v in getattr(body, "headers", {}).items()}
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "dfdg.local",
        "SERVER_PORT": "80",
        "HTTP_HOST": "dfdg.local",
        "CONTENT_TYPE": headers.pop("CONTENT_TYPE", "text/xml; charset=utf-8"),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "SCRIPT_NAME": "",
        **{f"HTTP_{k}": v for k, v in headers.items()},
    }
    answer: Iterable[bytes] = app(environ, lambda s, h, e=None: status.append(s))
    b"".join(answer)
    return status[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--calls", type=int, default=400, help="calls per operation")
    parser.add_argument(
        "--only",
        default="CreateFravaer,CreateFravaer-RequestId,CreateFravaer-REST,GetAlleFravaer,CreateSygemelding,CreateSamtale,"
        "GetKontaktforloeb,GetKodeliste",
        help="comma-separated operations",
    )
    parser.add_argument("--profile", help="an operation to run under cProfile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--show-sql", action="store_true", help="print the statements of each operation's last call")
    parser.add_argument(
        "--driver-time", action="store_true", help="also the CPU time a call spends in the driver's execute, fetchall and commit"
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'percall.db'}"
    started = time.perf_counter()
    app = create_app(Settings(database_url=url, today=TODAY, log_format="off"))
    print(f"database: {url.split('://')[0]}; app built in {(time.perf_counter() - started) * 1000:.0f} ms (imports excluded)")
    statements = [0]
    last: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *rest: object) -> None:
        statements[0] += 1
        last.append(" ".join(sql.split())[:160])

    event.listen(app.deps.store.engine, "before_cursor_execute", count)
    # The per-call statements bypass SQLAlchemy's execution (service/store/direct.py): counted where they run.
    run = Direct.run

    driver = [0.0]

    def counted(self: Direct, connection: object, cursor: object, statement: object, params: dict[str, object]) -> object:
        count(connection, cursor, self.prepare(statement, tuple(params)).sql)
        if args.driver_time:
            cursor = _Timed(cursor, driver)
        return run(self, connection, cursor, statement, params)  # type: ignore[arg-type]

    Direct.run = counted  # type: ignore[method-assign]
    if args.driver_time:
        dialect = app.deps.store.engine.dialect
        dialect.do_commit = _timed(dialect.do_commit, driver)  # type: ignore[method-assign]
    r = InProcess(app)
    table = operations(r, setup(r))
    gc.collect()
    gc.freeze()  # as `serve` does after start-up: collections do not walk the start-up heap
    extra = f" | {'driver ms':>9}" if args.driver_time else ""
    print(f"{'operation':<24} | {'CPU ms p50':>10} {'mean':>6} | {'SQL/call':>8}{extra} | status")
    for name in args.only.split(","):
        service, make = table[name]
        bodies = [make(i) for i in range(20 + args.calls)]
        for body in bodies[:20]:  # warm-up: statement caches, thread-local schemas
            call(app, f"/{service}", body)
        cpu: list[float] = []
        statuses: dict[str, int] = {}
        statements[0], driver[0] = 0, 0.0
        profiler = cProfile.Profile() if name == args.profile else None
        for body in bodies[20:]:
            last.clear()
            start = time.process_time()  # every thread's, should any library work on a thread of its own
            if profiler:
                profiler.enable()
            status = call(app, f"/{service}", body)
            if profiler:
                profiler.disable()
            cpu.append(time.process_time() - start)
            statuses[status[:3]] = statuses.get(status[:3], 0) + 1
        print(
            f"{name:<24} | {statistics.median(cpu) * 1000:>10.2f} {statistics.mean(cpu) * 1000:>6.2f} | "
            f"{statements[0] / len(cpu):>8.1f}{f' | {driver[0] / len(cpu) * 1000:>9.2f}' if args.driver_time else ''} | {statuses}",
            flush=True,
        )
        if args.show_sql:
            print("\n".join(f"    {sql}" for sql in last))
        if profiler:
            _print_profile(profiler, args.top)
    app.deps.store.dispose()
    return 0


def _timed(function: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    def timed(*args: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args)
        finally:
            spent[0] += time.process_time() - start

    return timed


class _Timed:
    """The driver's cursor with its execute and fetchall timed (--driver-time): SQLite's own work, or on PostgreSQL
    the driver's sending, waiting excluded (CPU time)."""

    def __init__(self, cursor: Any, spent: list[float]) -> None:
        self.cursor = cursor
        self.execute = _timed(cursor.execute, spent)
        self.fetchall = _timed(cursor.fetchall, spent)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


def _print_profile(profiler: cProfile.Profile, top: int) -> None:
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
