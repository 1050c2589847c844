"""dfdg-emulator: the one command line, with subcommands serve, make-test-ca, export, replay, reset, coverage and docs."""

from __future__ import annotations

import argparse
import gc
import logging
import socket
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from service import __version__
from service.config import ENV, INT_FIELDS, Settings, help_text, option
from service.rules.schema import TabelFejl
from service.spread import Spread


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    for field in ENV:
        settings = settings.with_value(field, getattr(args, field, None))
    return settings


def _add_settings(parser: argparse.ArgumentParser, *fields: str) -> None:
    types: dict[str, Callable[[str], Any]] = dict.fromkeys(INT_FIELDS, int) | {"today": date.fromisoformat, "request_timeout": float}
    for field in fields:
        parser.add_argument(option(field), dest=field, type=types.get(field, str), help=help_text(field))


def serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from service import cpu

    problem = (
        settings.tls_problem()
        or ("--workers serves HTTP only; run one HTTPS process per port" if settings.workers > 1 and settings.tls_cert else None)
        or cpu.problem(settings.cpu_affinity)
    )
    if problem:
        print(f"dfdg-emulator serve: {problem}", file=sys.stderr)
        return 2
    from service.rules.tabeller import indlaes_alle

    indlaes_alle()  # a broken rule table stops here, once, not in every worker (main prints the file and key)
    _migrate(settings.database_url)
    scheme = "https" if settings.tls_cert else "http"
    certificates = f", client certificates from {settings.client_ca} mapped by {settings.certificate_map}" if settings.client_ca else ""
    print(
        f"DFDG emulator {__version__} listening on {scheme}://{settings.host}:{settings.port}/ (database {settings.database_url}"
        f"{certificates}, {settings.workers} process(es) x {settings.threads} threads); calls and state: "
        f"{scheme}://{settings.host}:{settings.port}/__admin/",
        flush=True,
    )
    if settings.workers > 1:
        from service.workers import serve_workers

        return serve_workers(settings, _serve_on)
    _serve_on(settings, None)
    return 0


def _migrate(database_url: str) -> None:
    """A database made by an earlier release is brought to this release's schema before anything uses it."""
    from service.store.migrations import upgrade_url

    before, after = upgrade_url(database_url)
    if before != after:
        print(f"database schema upgraded from {before or 'release 0.1.0 (or empty)'} to {after}", flush=True)


def _serve_on(settings: Settings, sock: socket.socket | None, index: int = 0, spread: Spread | None = None) -> None:
    """One server process (worker `index`): the app on its own database connections, on `sock` when workers share
    one, taking connections in turn with the other workers (`spread`)."""
    import waitress

    from service.app import create_app
    from service.cpu import keep_to_one
    from service.journal import AccessLog

    keep_to_one(settings.cpu_affinity, settings.port, index)  # before any thread starts: they inherit it
    app = create_app(settings, access_log=AccessLog(sys.stdout, settings.log_format) if settings.log_format != "off" else None)
    # Everything built so far lives as long as the process; frozen, the collector no longer walks it
    # (a full collection went from about 50 ms to a few ms; README, "Garbage collection"). No collection
    # first: it took 0.1 s of the start-up for the little garbage of building the app, which stays.
    gc.freeze()
    if settings.tls_cert:
        from service.https import serve_https

        serve_https(app, settings)
        return
    _allow_open_files(settings.connection_limit + 64)
    server = waitress.create_server(app, **waitress_options(settings, sock))
    if spread is not None:
        spread.attach(server, index)
    server.run()


def waitress_options(settings: Settings, sock: socket.socket | None = None) -> dict[str, object]:
    """waitress's settings. I/O is asynchronous: a request reaches a worker thread only once it has
    fully arrived, so slow senders and idle keep-alive connections hold no thread, only a connection.
    Workers of `serve --workers` share the parent's listening `sock`."""
    where: dict[str, object] = {"sockets": [sock]} if sock is not None else {"host": settings.host, "port": settings.port}
    return {
        **where,
        "threads": settings.threads,
        "ident": "dfdg-emulator",
        "connection_limit": settings.connection_limit,
        "channel_timeout": settings.idle_timeout,
        # Idle connections are looked for this often, so one is closed at most 1.5 idle timeouts after its last byte.
        "cleanup_interval": max(1, settings.idle_timeout // 2),
        "backlog": settings.backlog,
        # select() handles at most 1024 descriptors (512 on Windows, which has no poll()).
        "asyncore_use_poll": True,
        # The gate answers up to this with 1014; far larger bodies are refused by waitress (413) unread.
        "max_request_body_size": 10 * settings.max_request_bytes,
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
    from service.tools.export import export_documents, rest_documents, write

    for path in write({**export_documents(build_applications(_offline_deps())), **rest_documents()}, Path(args.out)):
        print(path)
    return 0


def replay(args: argparse.Namespace) -> int:
    from service.harness.replay import replay_paths

    if args.record:  # writing missing .expected.xml files is the fixture harness's own job
        return 0 if replay_paths([Path(p) for p in args.paths], url=args.url, record=args.record) else 1
    from service.harness.kit import make_target, report, run_all

    target = make_target(args.url, args.sandbox, args.cert, args.key, args.ca)
    return 0 if report(run_all([Path(p) for p in args.paths], target), args.junit, args.html) else 1


def record(args: argparse.Namespace) -> int:
    import waitress

    from service.harness.record import Recorder, RecordingProxy, session_for

    recorder = Recorder(Path(args.out), args.upstream, (args.scrub or "").split(","))
    proxy = RecordingProxy(recorder, session_for(args.cert, args.key, args.ca))
    print(f"recording proxy on http://{args.host}:{args.listen}/ -> {args.upstream}, fixtures into {args.out}", flush=True)
    waitress.serve(proxy, host=args.host, port=args.listen, threads=8, ident="dfdg-emulator record", _quiet=True)
    return 0


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


def docs(args: argparse.Namespace) -> int:
    from service.config import settings_markdown
    from service.tools import tabeldoc

    if args.write:
        for path, (start, end), markdown in tabeldoc.sections():
            tabeldoc.write_into(path, start, end, markdown)
            print(f"updated {path}")
    else:
        print(tabeldoc.tables_markdown(), settings_markdown(), sep="\n\n")
    return 0


def verify(args: argparse.Namespace) -> int:
    from service.harness import journal
    from service.harness.kit import report
    from service.harness.record import session_for
    from service.harness.verify import verify as verify_scenario

    if args.journal:
        calls = journal.read_file(Path(args.journal))
    elif args.sandbox:
        calls = journal.fetch(args.url or "http://127.0.0.1:8080", args.sandbox, session_for(args.cert, args.key, args.ca))
    else:
        print("dfdg-emulator verify: give --sandbox NAME (the journal of a running emulator) or --journal FILE", file=sys.stderr)
        return 2
    print(f"{len(calls)} calls in the journal")
    results = [verify_scenario(Path(p), calls, args.sandbox) for p in args.scenarios]
    return 0 if report(results, args.junit, args.html, "DFDG emulator: verification of a client") else 1


def conformance_coverage(args: argparse.Namespace) -> int:
    from service.tools.conformance import coverage, problems, table, write

    if args.check:
        missing = problems(coverage())
        for line in missing:
            print(line)
        print(f"conformance suite: {len(missing)} problem(s)" if missing else "conformance suite: complete")
        return 1 if missing else 0
    if args.write:
        write(Path(args.write))
        print(f"updated {args.write}")
    else:
        print(table())
    return 0


def _add_kit_options(p: argparse.ArgumentParser) -> None:
    """Options the conformance kit's commands share (replay, verify)."""
    p.add_argument("--sandbox", help="run in the sandbox NAME: paths under /sandkasse/NAME/ (needs the sandbox feature)")
    p.add_argument("--junit", help="write a JUnit XML report to this file")
    p.add_argument("--html", help="write a self-contained HTML report to this file")
    p.add_argument("--cert", help="client certificate (PEM) for an HTTPS --url")
    p.add_argument("--key", help="the client certificate's key (PEM)")
    p.add_argument("--ca", help="CA (PEM) to trust for an HTTPS --url")


def _offline_deps():
    from service.domain.clock import FixedClock
    from service.domain.ids import IdGenerator
    from service.soap.application import Deps
    from service.store.sql import Store

    return Deps(store=Store("sqlite://"), clock=FixedClock(), ids=IdGenerator(0))


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("spyne").setLevel(logging.WARNING)
    # waitress warns "Task queue depth is N" for every request that waits for a worker thread: under 32 clients
    # every request, a formatted line each on the one thread that reads and writes every connection (8 % of the
    # process's time in a profile; issue 8 item 10). The access log's times show queueing as well.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(prog="dfdg-emulator", description="Local emulator of STAR's DFDG SOAP services")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the emulator (SQLite file by default)")
    _add_settings(
        p,
        "host",
        "port",
        "database_url",
        "today",
        "threads",
        "workers",
        "request_timeout",
        "connection_limit",
        "idle_timeout",
        "backlog",
        "max_request_bytes",
        "tls_cert",
        "tls_key",
        "client_ca",
        "certificate_map",
        "klokkeslaet",
        "max_sandboxes",
        "journal_size",
        "log_format",
        "cpu_affinity",
    )
    p.set_defaults(func=serve)

    p = sub.add_parser("make-test-ca", help="write a test CA, a server certificate and client certificates for HTTPS")
    p.add_argument("--out", required=True, help="folder to write the PEM files, PKCS#12 files and certificate map into")
    p.add_argument("--days", type=int, default=825, help="validity of the certificates in days (default 825)")
    p.set_defaults(func=make_test_ca)

    p = sub.add_parser("export", help="write wsdl/, schemas/ and schemas/openapi.json from the code")
    p.add_argument("--out", default=".", help="folder to write wsdl/ and schemas/ into (default .)")
    p.set_defaults(func=export)

    p = sub.add_parser("replay", help="replay fixture cases and scenarios in-process, or against --url; non-zero exit on a mismatch")
    p.add_argument(
        "paths",
        nargs="*",
        default=["fixtures"],
        help="fixture folders, .meta.toml files, scenario .toml files or folders of them (default fixtures)",
    )
    p.add_argument("--url", help="base URL of a running emulator, e.g. http://127.0.0.1:8080")
    p.add_argument("--record", action="store_true", help="write missing .expected.xml files from the responses")
    _add_kit_options(p)
    p.set_defaults(func=replay)

    p = sub.add_parser("record", help="a recording proxy: forward calls to --upstream and write each as a fixture case")
    p.add_argument("--upstream", required=True, help="base URL of the service to record, e.g. https://localhost:8443")
    p.add_argument("--out", required=True, help="folder to write the fixture cases into (replay DIR reads it)")
    p.add_argument("--listen", type=int, default=8081, help="port the proxy listens on (default 8081)")
    p.add_argument("--host", default="127.0.0.1", help="address the proxy listens on (default 127.0.0.1)")
    p.add_argument("--scrub", help="comma-separated: cpr, navn, or element names whose values to replace consistently")
    p.add_argument("--cert", help="client certificate (PEM) for an HTTPS upstream")
    p.add_argument("--key", help="the client certificate's key (PEM)")
    p.add_argument("--ca", help="CA (PEM) to trust for an HTTPS upstream")
    p.set_defaults(func=record)

    p = sub.add_parser("reset", help="delete everything stored in the database")
    _add_settings(p, "database_url")
    p.set_defaults(func=reset)

    p = sub.add_parser("coverage", help="print the table of operations and rules (or --write it into COVERAGE.md)")
    p.add_argument("--write", help="file whose coverage section to replace")
    p.set_defaults(func=coverage)

    p = sub.add_parser(
        "docs",
        help="print the generated documentation: the rule tables' keys and the settings "
        "(or --write them into service/rules/tables/README.md and README.md)",
    )
    p.add_argument("--write", action="store_true", help="replace the generated sections of both files")
    p.set_defaults(func=docs)

    p = sub.add_parser("verify", help="check the journal of a sandbox against what scenarios require of a client")
    p.add_argument("scenarios", nargs="+", help="scenario .toml files")
    p.add_argument("--url", help="base URL of the running emulator (default http://127.0.0.1:8080)")
    p.add_argument("--journal", help="read the journal from this JSON file instead of GET /__admin/kald")
    _add_kit_options(p)
    p.set_defaults(func=verify)

    p = sub.add_parser(
        "conformance-coverage",
        help="print which rule ids the conformance/ scenarios refuse and accept (or --write it into conformance/README.md)",
    )
    p.add_argument("--write", help="file whose conformance section to replace")
    p.add_argument(
        "--check",
        action="store_true",
        help="list every operation, rule id and rule family the scenarios leave out, and exit 1 if there is one",
    )
    p.set_defaults(func=conformance_coverage)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except TabelFejl as e:
        print(f"dfdg-emulator: a rule table cannot be loaded: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
