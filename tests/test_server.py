"""The real server: `dfdg-emulator serve` in a subprocess, called over HTTP with zeep, restarted, data still there."""

import socket
import time
from datetime import date

import pytest
import requests
import zeep

from tests.conftest import DATABASE_URL, caller_headers, parse_fault
from tests.servers import free_port, running_server

pytestmark = pytest.mark.server


def test_serve_over_http_survives_a_restart(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'emulator.db'}"
    port = free_port()
    headers = caller_headers()
    with running_server(url, port) as base:
        testsupport = zeep.Client(f"{base}/TestSupportService?wsdl").service
        sygemelding = zeep.Client(f"{base}/SygemeldingService?wsdl").service
        testsupport.Nulstil()
        assert testsupport.GetDato() == date(2026, 3, 1)
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": "0101801234",
                "Navn": "Test",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
            }
        )
        created = sygemelding.CreateSygemelding(
            "0101801234",
            {"Startdato": date(2025, 12, 31), "Anmeldelsesdato": date(2026, 3, 1), "Arbejdsgiver": {"CVRnummer": "12345678"}},
            _soapheaders=headers,
        )
        broken = requests.post(f"{base}/SygemeldingService", data=b"<not-xml", headers={"Content-Type": "text/xml"}, timeout=5)
        assert parse_fault(broken.content)[0] == 1014
        assert testsupport.GetDato() == date(2026, 3, 1)  # still serving
    with running_server(url, port) as base:
        tilstand = zeep.Client(f"{base}/TestSupportService?wsdl").service.GetTilstand("0101801234")
        assert [f.FravaerIdentifier for f in tilstand.Fravaer] == [created.FravaerIdentifier]


def test_replay_fixtures_against_a_running_server_by_url(tmp_path):
    from pathlib import Path

    from service.harness.replay import replay_paths

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'replay.db'}"
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    with running_server(url, free_port()) as base:
        assert replay_paths([fixtures / "SygemeldingService", fixtures / "FravaerService"], url=base)


def _idle_keep_alive(base: str, count: int) -> list[socket.socket]:
    """Connections that made one keep-alive call each and then sit idle, as a pooling client leaves them."""
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    for _ in range(count):
        s = socket.create_connection((host, int(port)), timeout=10)
        s.sendall(b"GET /KodelisteService?wsdl HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(65536)
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        body = head.split(b"\r\n\r\n", 1)[1]
        while len(body) < length:
            body += s.recv(65536)
        sockets.append(s)
    return sockets


def test_150_idle_keep_alive_connections_do_not_lock_others_out(tmp_path):
    """waitress's default connection limit (100) let idle pooled connections shut everyone out (issue 8 item 8)."""
    with running_server(f"sqlite:///{tmp_path / 'idle.db'}", free_port()) as base:
        idle = _idle_keep_alive(base, 150)
        try:
            started = time.monotonic()
            response = requests.get(f"{base}/TestSupportService?wsdl", timeout=5)
            assert response.status_code == 200 and time.monotonic() - started < 5
        finally:
            for s in idle:
                s.close()


def test_a_slow_client_does_not_block_others(tmp_path):
    """A request trickling in a few bytes at a time holds a connection, not a worker thread."""
    request = (
        b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:t="http://service.bm.dk/TestSupportService/2026/01/01/"><soapenv:Body><t:GetDatoRequest/></soapenv:Body></soapenv:Envelope>'
    )
    with running_server(f"sqlite:///{tmp_path / 'slow.db'}", free_port(), "--threads", "2") as base:
        host, port = base.removeprefix("http://").split(":")
        slow = []
        for _ in range(4):  # more slow clients than worker threads
            s = socket.create_connection((host, int(port)), timeout=20)
            s.sendall(
                b"POST /TestSupportService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + f"Content-Length: {len(request)}\r\n\r\n".encode()
            )
            slow.append(s)
        try:
            for offset in range(0, len(request), 8):
                for s in slow:
                    s.sendall(request[offset : offset + 8])
                if offset % 64 == 0:  # meanwhile, normal calls are answered promptly
                    started = time.monotonic()
                    assert requests.post(f"{base}/TestSupportService", data=request, timeout=5).status_code == 200
                    assert time.monotonic() - started < 2
                time.sleep(0.02)
            for s in slow:
                answer = b""
                while b"GetDatoResponse" not in answer:
                    chunk = s.recv(65536)
                    assert chunk, answer
                    answer += chunk
                assert answer.startswith(b"HTTP/1.1 200")
        finally:
            for s in slow:
                s.close()


def test_the_hostile_corpus_over_http(tmp_path):
    """The corpus of tests/test_hostile.py through waitress: every answer a fault with FaultDetails, still serving."""
    from lxml import etree

    from tests.conftest import FAULT_NS
    from tests.test_hostile import CASES, SERVICE

    with running_server(f"sqlite:///{tmp_path / 'hostile.db'}", free_port()) as base:
        session = requests.Session()
        for name, body, content_type, codes in CASES:
            service = next((s for s, marker in SERVICE.items() if marker in body[:400].replace(b"\x00", b"")), "FravaerService")
            response = session.post(f"{base}/{service}", data=body, headers={"Content-Type": content_type}, timeout=10)
            assert response.status_code == 500, name
            details = etree.fromstring(response.content).find(f".//{{{FAULT_NS}}}FaultDetails")
            assert details is not None and int(details.find(f"{{{FAULT_NS}}}ErrorCode").text) in codes, name
        assert requests.get(f"{base}/TestSupportService?wsdl", timeout=5).status_code == 200


def test_an_idle_connection_is_closed_after_the_idle_timeout(tmp_path):
    with running_server(f"sqlite:///{tmp_path / 'timeout.db'}", free_port(), "--idle-timeout", "2") as base:
        (s,) = _idle_keep_alive(base, 1)
        try:
            s.settimeout(10)
            started = time.monotonic()
            assert s.recv(1) == b""  # closed by the server
            assert time.monotonic() - started < 8
        finally:
            s.close()
