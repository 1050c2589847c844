"""The real server: `dfdg-emulator serve` in a subprocess, called over HTTP with zeep, restarted, data still there."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date

import pytest
import requests
import zeep

from tests.conftest import DATABASE_URL, parse_fault

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(database_url: str, port: int, *options: str, ca: str | None = None):
    """`serve` with `options`; over HTTPS when `ca` (the CA that issued the server's certificate) is given."""
    process = subprocess.Popen([sys.executable, "-m", "service", "serve", "--port", str(port), "--database-url", database_url,
                                "--today", "2026-03-01", *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"{'https' if ca else 'http'}://127.0.0.1:{port}"
    probe = requests.Session()
    probe.trust_env = False
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if probe.get(base + "/", timeout=1, verify=ca or True).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {process.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield base
    finally:
        probe.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_over_http_survives_a_restart(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'emulator.db'}"
    port = _free_port()
    headers = {"ActiveOrganisationHeader": {"OrganisationTypeIdentifier": 8, "OrganisationCode": "10100"},
               "RequestUserMetadataHeader": {"UserIdentifier": "u", "UserFullName": "U", "RequestUserTypeIdentifier": 3}}
    with _server(url, port) as base:
        testsupport = zeep.Client(f"{base}/TestSupportService?wsdl").service
        sygemelding = zeep.Client(f"{base}/SygemeldingService?wsdl").service
        testsupport.Nulstil()
        assert testsupport.GetDato() == date(2026, 3, 1)
        testsupport.OpretTestborger(Testborger={
            "PersonCivilRegistrationIdentifier": "0101801234", "Navn": "Test", "Kommunekode": "101", "JobcenterKode": "10100",
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}]})
        created = sygemelding.CreateSygemelding("0101801234", {"Startdato": date(2025, 12, 31), "Anmeldelsesdato": date(2026, 3, 1),
                                                               "Arbejdsgiver": {"CVRnummer": "12345678"}}, _soapheaders=headers)
        broken = requests.post(f"{base}/SygemeldingService", data=b"<not-xml", headers={"Content-Type": "text/xml"}, timeout=5)
        assert parse_fault(broken.content)[0] == 1014
        assert testsupport.GetDato() == date(2026, 3, 1)  # still serving
    with _server(url, port) as base:
        tilstand = zeep.Client(f"{base}/TestSupportService?wsdl").service.GetTilstand("0101801234")
        assert [f.FravaerIdentifier for f in tilstand.Fravaer] == [created.FravaerIdentifier]


def test_replay_fixtures_against_a_running_server_by_url(tmp_path):
    from pathlib import Path

    from service.harness.replay import replay_paths

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'replay.db'}"
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    with _server(url, _free_port()) as base:
        assert replay_paths([fixtures / "SygemeldingService", fixtures / "FravaerService"], url=base)
