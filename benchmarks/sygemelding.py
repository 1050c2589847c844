"""Benchmark: CreateSygemelding over HTTP against the real server, next to a trivial spyne echo service.

Run: .venv/bin/python benchmarks/sygemelding.py [--requests 600] [--threads 16]

Starts `dfdg-emulator serve` (SQLite file in a temporary folder) and a one-operation spyne echo
service behind the same waitress server, both on loopback, then sends the same number of requests
with 1, 8 and 32 concurrent clients to each and prints requests per second and p50/p99 latency.
The echo service is the framework's floor (spyne + lxml + waitress, no validation gate, no rules,
no database); the ratio says what the emulator costs on top of it. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from service.harness.replay import caller_headers_xml

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
HEADERS = caller_headers_xml(user="bench", name="Bench")


def envelope(service: str, body: str, headers: str = "") -> bytes:
    return (f'<e:Envelope xmlns:e="{SOAP}" xmlns:t="http://service.bm.dk/{service}/2026/01/01/"><e:Header>{headers}</e:Header>'
            f"<e:Body>{body}</e:Body></e:Envelope>").encode()


# Requests go round-robin over many citizens, so no citizen collects thousands of sick notices.
CITIZENS = [f"0101{n:06d}" for n in range(1, 501)]


def create(cpr: str) -> bytes:
    return envelope("SygemeldingService",
                    f"<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>{cpr}</t:PersonCivilRegistrationIdentifier>"
                    "<t:Sygemelding><t:Startdato>2026-02-01</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato>"
                    "</t:Sygemelding></t:CreateSygemeldingRequest>", HEADERS)


def citizen(cpr: str) -> bytes:
    return envelope("TestSupportService",
                    f"<t:OpretTestborgerRequest><t:Testborger><t:PersonCivilRegistrationIdentifier>{cpr}</t:PersonCivilRegistrationIdentifier>"
                    "<t:Navn>Bench</t:Navn><t:Kommunekode>101</t:Kommunekode><t:JobcenterKode>10100</t:JobcenterKode>"
                    "<t:Kontaktgruppehistorik><t:KontaktgruppeType>24</t:KontaktgruppeType><t:Startdato>2025-01-01</t:Startdato>"
                    "</t:Kontaktgruppehistorik></t:Testborger></t:OpretTestborgerRequest>")
ECHO = envelope("EchoService", "<t:Echo><t:tekst>hej</t:tekst></t:Echo>")


def echo_server(port: int, threads: int) -> None:
    """A trivial spyne service on the same WSGI server: the floor the emulator is compared with."""
    import waitress
    from spyne import Application, ServiceBase, Unicode, rpc
    from spyne.protocol.soap import Soap11
    from spyne.server.wsgi import WsgiApplication

    class EchoService(ServiceBase):
        @rpc(Unicode, _returns=Unicode)
        def Echo(ctx, tekst):
            return tekst

    app = Application([EchoService], tns="http://service.bm.dk/EchoService/2026/01/01/", name="EchoService",
                      in_protocol=Soap11(), out_protocol=Soap11())
    waitress.serve(WsgiApplication(app), host="127.0.0.1", port=port, threads=threads, _quiet=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def post(conn: http.client.HTTPConnection, path: str, body: bytes) -> int:
    conn.request("POST", path, body, {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})
    response = conn.getresponse()
    response.read()
    return response.status


def measure(port: int, path: str, bodies: list[bytes], clients: int, total: int) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) for `total` requests spread over `clients` threads."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    per_client = total // clients

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        own = []
        for i in range(per_client):
            body = bodies[(offset + i * clients) % len(bodies)]
            start = time.perf_counter()
            status = post(conn, path, body)
            own.append(time.perf_counter() - start)
            if status != 200:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, errors[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=640, help="requests per concurrency level and service")
    parser.add_argument("--threads", type=int, default=16, help="server worker threads (both servers)")
    parser.add_argument("--echo-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.echo_server:
        echo_server(args.echo_server, args.threads)
        return 0
    folder = tempfile.mkdtemp()
    emulator_port, echo_port = free_port(), free_port()
    emulator = subprocess.Popen([sys.executable, "-m", "service", "serve", "--port", str(emulator_port), "--threads", str(args.threads),
                                 "--database-url", f"sqlite:///{Path(folder) / 'bench.db'}", "--today", "2026-03-01"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    echo = subprocess.Popen([sys.executable, __file__, "--echo-server", str(echo_port), "--threads", str(args.threads)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(emulator_port, "/", emulator)
        wait_ready(echo_port, "/?wsdl", echo)
        conn = http.client.HTTPConnection("127.0.0.1", emulator_port)
        for cpr in CITIZENS:
            assert post(conn, "/TestSupportService", citizen(cpr)) == 200, "could not create the citizens"
        creates = [create(cpr) for cpr in CITIZENS]
        for bodies, port, path in ((creates, emulator_port, "/SygemeldingService"), ([ECHO], echo_port, "/")):
            measure(port, path, bodies, 4, 40)  # warm-up
        print(f"{'clients':>7} | {'CreateSygemelding req/s':>23} {'p50 ms':>7} {'p99 ms':>7} | "
              f"{'spyne echo req/s':>16} {'p50 ms':>7} {'p99 ms':>7} | {'ratio':>5}")
        for clients in (1, 8, 32):
            e_rps, e50, e99, e_err = measure(emulator_port, "/SygemeldingService", creates, clients, args.requests)
            f_rps, f50, f99, f_err = measure(echo_port, "/", [ECHO], clients, args.requests)
            print(f"{clients:>7} | {e_rps:>23.0f} {e50:>7.1f} {e99:>7.1f} | {f_rps:>16.0f} {f50:>7.1f} {f99:>7.1f} | "
                  f"{e_rps / f_rps:>5.2f}" + (f"  ({e_err} + {f_err} errors)" if e_err or f_err else ""))
    finally:
        for process in (emulator, echo):
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
