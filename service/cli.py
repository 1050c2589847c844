"""dfdg-emulator: the one command line, with subcommands serve, make-test-ca, export, replay, reset and coverage."""

from __future__ import annotations

import argparse
import gc
import logging
import socket
import sys
from datetime import date
from pathlib import Path

from service import __version__
from service.config import ENV, INT_FIELDS, Settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    for field in ENV:
        settings = settings.with_value(field, getattr(args, field, None))
    return settings


def _add_settings(parser: argparse.ArgumentParser, *fields: str) -> None:
    helps = {
        "host": "listen address (env DFDG_HOST, default 127.0.0.1)",
        "port": "listen port (env DFDG_PORT, default 8080)",
        "database_url": "SQLAlchemy URL (env DFDG_DATABASE_URL, default sqlite:///dfdg-emulator.db)",
        "today": "fix the business date d.d., YYYY-MM-DD (env DFDG_TODAY, default: the real date in Copenhagen)",
        "threads": "worker threads per process (env DFDG_THREADS, default 16)",
        "workers": "server processes sharing the port and the database (env DFDG_WORKERS, default 1; "
                   "needs a database file or PostgreSQL, and fork: Linux or macOS)",
        "request_timeout": "seconds a call's database work may take before it is cancelled with fault 7050 "
                           "(env DFDG_REQUEST_TIMEOUT, default 30)",
        "connection_limit": "open connections at most, idle keep-alive ones included (env DFDG_CONNECTION_LIMIT, default 1000)",
        "idle_timeout": "seconds before an idle connection is closed (env DFDG_IDLE_TIMEOUT, default 15)",
        "backlog": "connections the OS queues before they are accepted (env DFDG_BACKLOG, default 1024)",
        "max_request_bytes": "largest request body; larger ones get 1014 (env DFDG_MAX_REQUEST_BYTES, default 1000000)",
        "tls_cert": "serve HTTPS with this server certificate, PEM (env DFDG_TLS_CERT; needs --tls-key)",
        "tls_key": "the server certificate's private key, PEM (env DFDG_TLS_KEY)",
        "client_ca": "ask for client certificates issued by this CA, PEM (env DFDG_CLIENT_CA; needs --certificate-map)",
        "certificate_map": "TOML map from client certificate (RID or subject) to organisation (env DFDG_CERTIFICATE_MAP)",
        "klokkeslaet": "time of day of a fixed business date, HH:MM (Copenhagen), or 'running' for the wall clock's "
                       "(env DFDG_TIME, default 12:00)",
        "max_sandboxes": "sandboxes at most; a call that would create one more gets fault 7051 (env DFDG_MAX_SANDBOXES, default 100)",
        "journal_size": "calls kept per sandbox in the journal, GET /__admin/kald (env DFDG_JOURNAL_SIZE, default 100)",
        "log_format": "access log on standard output: text, json or off (env DFDG_LOG_FORMAT, default text)",
    }
    names = {"klokkeslaet": "--time"}
    types = {field: int for field in INT_FIELDS} | {"today": date.fromisoformat, "request_timeout": float}
    for field in fields:
        parser.add_argument(names.get(field, "--" + field.replace("_", "-")), dest=field, type=types.get(field, str), help=helps[field])


def serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    problem = settings.tls_problem() or ("--workers serves HTTP only; run one HTTPS process per port"
                                         if settings.workers > 1 and settings.tls_cert else None)
    if problem:
        print(f"dfdg-emulator serve: {problem}", file=sys.stderr)
        return 2
    scheme = "https" if settings.tls_cert else "http"
    certificates = f", client certificates from {settings.client_ca} mapped by {settings.certificate_map}" if settings.client_ca else ""
    print(f"DFDG emulator {__version__} listening on {scheme}://{settings.host}:{settings.port}/ (database {settings.database_url}"
          f"{certificates}, {settings.workers} process(es) x {settings.threads} threads); calls and state: "
          f"{scheme}://{settings.host}:{settings.port}/__admin/", flush=True)
    if settings.workers > 1:
        from service.workers import serve_workers

        return serve_workers(settings, _serve_on)
    _serve_on(settings, None)
    return 0


def _serve_on(settings: Settings, sock: socket.socket | None) -> None:
    """One server process: the app on its own database connections, on `sock` when workers share one."""
    import waitress

    from service.app import create_app
    from service.journal import AccessLog

    app = create_app(settings, access_log=AccessLog(sys.stdout, settings.log_format) if settings.log_format != "off" else None)
    # Everything built so far lives as long as the process; frozen, the collector no longer walks it
    # (a full collection went from about 50 ms to a few ms; README, "Garbage collection").
    gc.collect()
    gc.freeze()
    if settings.tls_cert:
        from service.https import serve_https

        serve_https(app, settings)
        return
    _allow_open_files(settings.connection_limit + 64)
    waitress.serve(app, **waitress_options(settings, sock))


def waitress_options(settings: Settings, sock: socket.socket | None = None) -> dict[str, object]:
    """waitress's settings. I/O is asynchronous: a request reaches a worker thread only once it has
    fully arrived, so slow senders and idle keep-alive connections hold no thread, only a connection.
    Workers of `serve --workers` share the parent's listening `sock`."""
    where: dict[str, object] = {"sockets": [sock]} if sock is not None else {"host": settings.host, "port": settings.port}
    return {
        **where, "threads": settings.threads, "ident": "dfdg-emulator",
        "connection_limit": settings.connection_limit, "channel_timeout": settings.idle_timeout,
        # Idle connections are looked for this often, so one is closed at most 1.5 idle timeouts after its last byte.
        "cleanup_interval": max(1, settings.idle_timeout // 2), "backlog": settings.backlog,
        # select() handles at most 1024 descriptors (512 on Windows, which has no poll()).
        "asyncore_use_poll": True,
        # The gate answers up to this with 1014; far larger bodies are refused by waitress (413) unread.
        "max_request_body_size": 10 * settings.max_request_bytes,
        "_quiet": True,
    }


def _allow_open_files(wanted: int) -> None:
    """Raise the soft limit on open files (often 1024) so that the connection limit can be reached."""
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def make_test_ca(args: argparse.Namespace) -> int:
    from service.tools.testca import write_test_ca

    for path in write_test_ca(Path(args.out), days=args.days):
        print(path)
    return 0


def export(args: argparse.Namespace) -> int:
    from service.app import build_applications
    from service.tools.export import export_documents, write

    for path in write(export_documents(build_applications(_offline_deps())), Path(args.out)):
        print(path)
    return 0


def replay(args: argparse.Namespace) -> int:
    from service.harness.replay import replay_paths

    return 0 if replay_paths([Path(p) for p in args.paths], url=args.url, record=args.record) else 1


def reset(args: argparse.Namespace) -> int:
    from service.store.sql import Store

    settings = _settings(args)
    Store(settings.database_url).reset()
    print(f"emptied {settings.database_url}")
    return 0


def coverage(args: argparse.Namespace) -> int:
    from service.tools.coverage import coverage_markdown, write_into

    if args.write:
        write_into(Path(args.write), coverage_markdown())
        print(f"updated {args.write}")
    else:
        print(coverage_markdown())
    return 0


def _offline_deps():  # type: ignore[no-untyped-def]
    from service.domain.clock import FixedClock
    from service.domain.ids import IdGenerator
    from service.soap.application import Deps
    from service.store.sql import Store

    return Deps(store=Store("sqlite://"), clock=FixedClock(), ids=IdGenerator(0))


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("spyne").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(prog="dfdg-emulator", description="Local emulator of STAR's DFDG SOAP services")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the emulator (SQLite file by default)")
    _add_settings(p, "host", "port", "database_url", "today", "threads", "workers", "request_timeout", "connection_limit",
                  "idle_timeout", "backlog", "max_request_bytes", "tls_cert", "tls_key", "client_ca", "certificate_map", "klokkeslaet",
                  "max_sandboxes", "journal_size", "log_format")
    p.set_defaults(func=serve)

    p = sub.add_parser("make-test-ca", help="write a test CA, a server certificate and client certificates for HTTPS")
    p.add_argument("--out", required=True, help="folder to write the PEM files, PKCS#12 files and certificate map into")
    p.add_argument("--days", type=int, default=825, help="validity of the certificates in days (default 825)")
    p.set_defaults(func=make_test_ca)

    p = sub.add_parser("export", help="write wsdl/ and schemas/ from the code")
    p.add_argument("--out", default=".", help="folder to write wsdl/ and schemas/ into (default .)")
    p.set_defaults(func=export)

    p = sub.add_parser("replay", help="replay fixture cases in-process, or against --url; non-zero exit on a mismatch")
    p.add_argument("paths", nargs="*", default=["fixtures"], help="fixture folders or .meta.toml files (default fixtures)")
    p.add_argument("--url", help="base URL of a running emulator, e.g. http://127.0.0.1:8080")
    p.add_argument("--record", action="store_true", help="write missing .expected.xml files from the responses")
    p.set_defaults(func=replay)

    p = sub.add_parser("reset", help="delete everything stored in the database")
    _add_settings(p, "database_url")
    p.set_defaults(func=reset)

    p = sub.add_parser("coverage", help="print the table of operations and rules (or --write it into README.md)")
    p.add_argument("--write", help="file whose coverage section to replace")
    p.set_defaults(func=coverage)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
