"""Benchmark: every service's main write and read over HTTP against `serve`, beside a trivial spyne echo service.

Run: .venv/bin/python benchmarks/services.py [--database-url URL] [--requests 640] [--clients 1,8,32,64]
                                            [--workers N] [--only CreateFravaer,...] [--soak 100000]

Starts `dfdg-emulator serve` (a SQLite file in a temporary folder unless --database-url names a
PostgreSQL database, which is emptied) and a one-operation spyne echo service on the same waitress
settings, both on loopback. Requests are built by zeep from the served WSDLs, so the benchmark follows
the wire. For each operation and each number of concurrent clients it prints requests per second and
p50/p99 latency, the echo floor measured right after it, and the ratio of the two. The echo service is
the framework's floor (spyne + lxml + waitress: no gate, no rules, no database). Beside each row: the emulator's
CPU time per call (its processes, from /proc, at 10 ms resolution) and how busy that kept them (100 % is one
core), and the same of the echo. It also prints the
time from start to the first answer and, with --soak N, the server's resident memory every N/10 calls.
The load comes from one asyncio loop over keep-alive connections (a few tens of microseconds a request), so the
latencies are the servers', not a queue of client threads for this process's GIL.
Figures, not pass/fail: speed targets live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import zeep
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.config import Settings
from service.harness.replay import caller_headers_xml

TODAY = date(2026, 3, 1)
CPH = ZoneInfo("Europe/Copenhagen")
CITIZENS = [f"0101{n:06d}" for n in range(1, 501)]
FAELLES = "http://service.bm.dk/pjaktass/2026/01/01/Faelles/"
ECHO_NS = "http://service.bm.dk/pjaktass/1/EchoService"
ECHO = (
    f'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{ECHO_NS}">'
    "<e:Body><t:Echo><t:tekst>hej</t:tekst></t:Echo></e:Body></e:Envelope>"
).encode()


def echo_server(port: int, threads: int, cpu_affinity: str) -> None:
    """A trivial spyne service on the same WSGI server, kept to one CPU as `serve` is: the floor the emulator is compared with."""
    import waitress
    from spyne import Application, ServiceBase, Unicode, rpc
    from spyne.protocol.soap import Soap11
    from spyne.server.wsgi import WsgiApplication

    import service  # noqa: F401  (spyne's compatibility step on Python 3.12+)
    from service.cpu import keep_to_one

    keep_to_one(cpu_affinity, port, 0)

    # As `serve` does (cli.py): no "Task queue depth" warning per queued request, on the floor as on the emulator.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    class EchoService(ServiceBase):
        @rpc(Unicode, _returns=Unicode)
        def Echo(ctx, tekst):  # noqa: N802, N805
            return tekst

    app = Application([EchoService], tns=ECHO_NS, name="EchoService", in_protocol=Soap11(), out_protocol=Soap11())
    waitress.serve(WsgiApplication(app), host="127.0.0.1", port=port, threads=threads, _quiet=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen) -> float:
    """Seconds until `path` answers 200."""
    start = time.monotonic()
    while time.monotonic() < start + 60:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError("server did not start")


class Json(bytes):
    """A REST request body (service/rest/), with the HTTP headers it is sent with."""

    headers: dict[str, str]


def rest_body(cpr: str, body: dict[str, object]) -> Json:
    """JSON with the REST face's caller headers (the same jobcentre as the SOAP bodies) and DFDG's x-* headers; every
    request a fresh x-requestId, as DFDG requires one."""
    request = Json(json.dumps(body, default=str).encode())
    request.headers = {
        "Content-Type": "application/json",
        "x-civilRegistrationIdentifier": cpr,
        "x-requestId": str(uuid.uuid4()),
        "x-organisationTypeIdentifier": "8",
        "x-organisationCode": "10100",
        "x-requestUserTypeIdentifier": "3",
        "x-userIdentifier": "CVR:12345678-FID:1234",
        "x-userFullName": "Sara Sagsbehandler",
    }
    return request


def post(conn: http.client.HTTPConnection, path: str, body: bytes) -> int:
    conn.request("POST", path, body, getattr(body, "headers", {"Content-Type": "text/xml; charset=utf-8"}))
    response = conn.getresponse()
    response.read()
    return response.status


def request_bytes(port: int, path: str, body: bytes) -> bytes:
    """The whole HTTP/1.1 request, built before the clock starts."""
    headers = getattr(body, "headers", {"Content-Type": "text/xml; charset=utf-8"})
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", *(f"{k}: {v}" for k, v in headers.items()), f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one response (Content-Length or chunked); its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    fields = dict(line.split(b":", 1) for line in head.split(b"\r\n")[1:-2])
    fields = {k.strip().lower(): v.strip() for k, v in fields.items()}
    if b"content-length" in fields:
        await reader.readexactly(int(fields[b"content-length"]))
    elif fields.get(b"transfer-encoding", b"").lower() == b"chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status


def measure(port: int, path: str, bodies: list[bytes], clients: int, total: int) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) for `total` requests over `clients` keep-alive connections.

    One asyncio loop drives every connection: a client of a few tens of microseconds a request, so that the
    latencies measured are the server's, not a convoy of client threads queueing for this process's GIL."""
    requests = [request_bytes(port, path, body) for body in bodies]
    per_client = max(1, total // clients)
    order = iter(range(10**9))
    latencies: list[float] = []
    errors = 0

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(per_client):
            request = requests[next(order) % len(requests)]
            start = time.perf_counter()
            writer.write(request)
            status = await read_response(reader)
            latencies.append(time.perf_counter() - start)
            errors += status != 200
        writer.close()

    async def run() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        return time.perf_counter() - start

    elapsed = asyncio.run(run())
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, errors


class Requests:
    """Request bodies built by zeep from the running server's WSDLs, with DFDG's caller headers."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.clients: dict[str, zeep.Client] = {}
        self.headers = etree.fromstring(f"<h>{caller_headers_xml()}</h>")

    def client(self, service: str) -> zeep.Client:
        if service not in self.clients:
            self.clients[service] = zeep.Client(f"{self.base}/{service}?wsdl")
        return self.clients[service]

    def body(self, service: str, operation: str, business: bool = True, request_id: bool = False, **kwargs: object) -> bytes:
        client = self.client(service)
        if business:
            kwargs["_soapheaders"] = list(self.headers)
        if request_id:  # the optional RequestId header, claimed as REST's required x-requestId is
            element = etree.Element(f"{{{FAELLES}}}RequestId")
            element.text = str(uuid.uuid4())
            kwargs["_soapheaders"] = [*kwargs["_soapheaders"], element]
        return etree.tostring(client.create_message(client.service, operation, **kwargs))


def at(minute: int) -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=CPH) + timedelta(minutes=minute)


def operations(r: Requests, ids: list[str]) -> dict[str, tuple[str, Callable[[int], bytes]]]:
    """operation -> (service, request number -> body); writes vary so that no rule refuses a repeat."""
    cpr = CITIZENS
    n = len(cpr)
    return {
        "CreateFravaer": (
            "FravaerService",
            lambda i: r.body(
                "FravaerService",
                "CreateFravaer",
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Fravaer={"FravaerType": 8, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
            ),
        ),
        "CreateFravaer-RequestId": (
            "FravaerService",
            lambda i: r.body(
                "FravaerService",
                "CreateFravaer",
                request_id=True,
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Fravaer={"FravaerType": 8, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
            ),
        ),
        # The same write over the REST face (issue 12): POST /v1/Fravaer/ with JSON, beside the SOAP one above.
        "CreateFravaer-REST": (
            "v1/Fravaer/",
            lambda i: rest_body(cpr[i % n], {"fravaerType": 8, "startDato": TODAY, "anmeldelsesDato": TODAY}),
        ),
        "GetAlleFravaer": (
            "FravaerService",
            lambda i: r.body("FravaerService", "GetAlleFravaer", PersonCivilRegistrationIdentifier=cpr[i % n]),
        ),
        "CreateSygemelding": (
            "SygemeldingService",
            lambda i: r.body(
                "SygemeldingService",
                "CreateSygemelding",
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Sygemelding={"Startdato": TODAY - timedelta(days=1 + i // n % 50), "Anmeldelsesdato": TODAY},
            ),
        ),
        "GetSygemelding": (
            "SygemeldingService",
            lambda i: r.body(
                "SygemeldingService", "GetSygemelding", PersonCivilRegistrationIdentifier=cpr[0], FravaerIdentifier=ids[i % len(ids)]
            ),
        ),
        "CreateSamtale": (
            "SamtaleService",
            lambda i: r.body(
                "SamtaleService",
                "CreateSamtale",
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Samtale={
                    "SamtaleType": 7,
                    "Afholdelsestidspunkt": at(i // n),
                    "Samtaleform": 1,
                    "AftaleOmDetVidereForloeb": "Ny samtale om en måned",
                },
            ),
        ),
        "GetSamtaler": ("SamtaleService", lambda i: r.body("SamtaleService", "GetSamtaler", PersonCivilRegistrationIdentifier=cpr[i % n])),
        "CreateIndkaldelse": (
            "IndkaldelseService",
            lambda i: r.body(
                "IndkaldelseService",
                "CreateIndkaldelse",
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Indkaldelse={
                    "SamtaleType": 7,
                    "Starttidspunkt": at(24 * 60 + i // n),
                    "Sluttidspunkt": at(24 * 60 + i // n + 30),
                    "Samtaleform": 3,
                    "Titel": "Jobsamtale",
                    "Sted": "Jobcentret",
                    "Kontaktmuligheder": "Ring til jobcentret",
                    "Beskrivelse": "Samtale om job",
                },
            ),
        ),
        "GetIndkaldelser": (
            "IndkaldelseService",
            lambda i: r.body("IndkaldelseService", "GetIndkaldelser", PersonCivilRegistrationIdentifier=cpr[i % n]),
        ),
        "CreateKontaktgruppe": (
            "KontaktgruppeService",
            lambda i: r.body(
                "KontaktgruppeService",
                "CreateKontaktgruppe",
                PersonCivilRegistrationIdentifier=cpr[i % n],
                Kontaktgruppe={"KontaktgruppeType": (8, 1)[i // n % 2], "Startdato": TODAY},
            ),
        ),
        "GetKontaktgrupper": (
            "KontaktgruppeService",
            lambda i: r.body("KontaktgruppeService", "GetKontaktgrupper", PersonCivilRegistrationIdentifier=cpr[i % n]),
        ),
        "GetKontaktforloeb": (
            "KontaktforloebService",
            lambda i: r.body("KontaktforloebService", "GetKontaktforloeb", PersonCivilRegistrationIdentifier=cpr[i % n], Dato=TODAY),
        ),
        "GetKodeliste": ("KodelisteService", lambda i: r.body("KodelisteService", "GetKodeliste", business=False, Navn="FravaerType")),
    }


def setup(r: Requests) -> list[str]:
    """Empty the emulator, set the date, create the citizens (dagpenge, KG 1); the ids of a few sick notices."""
    testsupport = r.client("TestSupportService").service
    testsupport.Nulstil()
    testsupport.SetDato(TODAY)
    for cpr in CITIZENS:
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": cpr,
                "Navn": "Bench",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "AkasseKode": "55",
                "Tilmeldt": True,
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 1, "Startdato": TODAY - timedelta(days=90)}],
            }
        )
    sygemelding = r.client("SygemeldingService").service
    headers = list(r.headers)
    return [
        sygemelding.CreateSygemelding(
            CITIZENS[0], {"Startdato": TODAY - timedelta(days=d), "Anmeldelsesdato": TODAY}, _soapheaders=headers
        ).FravaerIdentifier
        for d in range(1, 11)
    ]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the process `pid` and its children (serve's worker processes)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--requests", type=int, default=640, help="requests per operation and concurrency level")
    parser.add_argument("--clients", default="1,8,32,64", help="concurrency levels")
    parser.add_argument(
        "--threads", type=int, default=Settings().threads, help="server threads per process (both servers; default serve's)"
    )
    parser.add_argument("--workers", type=int, default=1, help="emulator server processes")
    parser.add_argument("--cpu-affinity", default="auto", help="serve's --cpu-affinity, for the echo server too (auto, off, 0,1)")
    parser.add_argument("--only", help="comma-separated operations (default: all)")
    parser.add_argument("--soak", type=int, default=0, help="after the table, this many calls (a mix), the server's RSS printed")
    parser.add_argument("--echo-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.echo_server:
        echo_server(args.echo_server, args.threads, args.cpu_affinity)
        return 0
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    emulator_port, echo_port = free_port(), free_port()
    started = time.monotonic()
    emulator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service",
            "serve",
            "--port",
            str(emulator_port),
            "--threads",
            str(args.threads),
            "--workers",
            str(args.workers),
            "--database-url",
            url,
            "--today",
            TODAY.isoformat(),
            "--cpu-affinity",
            args.cpu_affinity,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    echo = subprocess.Popen(
        [sys.executable, __file__, "--echo-server", str(echo_port), "--threads", str(args.threads), "--cpu-affinity", args.cpu_affinity],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(emulator_port, "/", emulator)
        first = time.monotonic() - started
        wait_ready(echo_port, "/?wsdl", echo)
        base = f"http://127.0.0.1:{emulator_port}"
        r = Requests(base)
        print(
            f"database: {url.split('://')[0]}; workers: {args.workers} x {args.threads} threads; cpu affinity: {args.cpu_affinity}; "
            f"start to first answer: {first * 1000:.0f} ms (process start included)"
        )
        ids = setup(r)
        table = operations(r, ids)
        wanted = args.only.split(",") if args.only else list(table)
        levels = [int(c) for c in args.clients.split(",")]
        print(
            f"{'operation':<20} {'clients':>7} | {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} | "
            f"{'echo req/s':>10} {'p50':>6} {'p99':>6} | ratio | CPU ms/call, busy | echo's"
        )
        for name in wanted:
            service, make = table[name]
            # 40 warm-up requests, then a fresh slice per concurrency level, so no write repeats an earlier one.
            bodies = [make(i) for i in range(40 + args.requests * len(levels))]
            measure(emulator_port, f"/{service}", bodies[:40], 4, 40)  # warm-up
            offset = 40
            for clients in levels:
                chunk = bodies[offset : offset + args.requests]
                offset += args.requests
                cpu = cpu_seconds(emulator.pid)
                e_rps, e50, e99, e_err = measure(emulator_port, f"/{service}", chunk, clients, args.requests)
                cpu = cpu_seconds(emulator.pid) - cpu
                echo_cpu = cpu_seconds(echo.pid)
                f_rps, f50, f99, f_err = measure(echo_port, "/", [ECHO], clients, args.requests)
                echo_cpu = cpu_seconds(echo.pid) - echo_cpu
                errors = f"  ({e_err} refused, {f_err} echo errors)" if e_err or f_err else ""
                print(
                    f"{name:<20} {clients:>7} | {e_rps:>7.0f} {e50:>7.1f} {e99:>7.1f} | {f_rps:>10.0f} {f50:>6.1f} {f99:>6.1f} | "
                    f"{e_rps / f_rps:>5.2f} | {cpu * 1000 / args.requests:>6.2f} {cpu * e_rps / args.requests:>5.0%} | {echo_cpu * 1000 / args.requests:>6.2f} {echo_cpu * f_rps / args.requests:>5.0%}{errors}",
                    flush=True,
                )
        if args.soak:
            # A mix of a code list read, a write and a per-citizen read, cycling over prebuilt bodies.
            conn = http.client.HTTPConnection("127.0.0.1", emulator_port, timeout=60)
            mix = [
                ("/KodelisteService", [r.body("KodelisteService", "GetKodeliste", business=False, Navn="FravaerType")]),
                ("/FravaerService", [table["CreateFravaer"][1](i) for i in range(500)]),
                ("/KontaktgruppeService", [table["GetKontaktgrupper"][1](i) for i in range(500)]),
            ]
            print(f"soak: {args.soak} calls (GetKodeliste, CreateFravaer, GetKontaktgrupper in turn); RSS of the server in KiB")
            refused = 0
            for i in range(args.soak):
                if i % max(1, args.soak // 10) == 0:
                    print(f"  after {i:>7} calls: {rss_kib(emulator.pid):>8}", flush=True)
                path, bodies = mix[i % 3]
                refused += post(conn, path, bodies[i // 3 % len(bodies)]) != 200
            print(f"  after {args.soak:>7} calls: {rss_kib(emulator.pid):>8}  ({refused} not answered 200)")
    finally:
        for process in (emulator, echo):
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
