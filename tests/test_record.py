"""The recording proxy, as a vendor uses it: a zeep client pointed at the proxy over real HTTP, the upstream a
running emulator; the recorded folder then replays in-process and against the upstream, and fails readably
when broken. Scrubbing replaces CPR numbers and names consistently."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree
from zeep.transports import Transport

from service.cli import main
from service.domain import cpr as cprs
from service.harness.record import Scrubber, session_for
from tests.conftest import DATABASE_URL, caller_headers
from tests.servers import free_port, running_server, stop

pytestmark = pytest.mark.server
CPR = "0303803456"


@contextmanager
def proxy(upstream: str, out: Path, scrub: str = "", *extra: str) -> Iterator[str]:
    """`dfdg-emulator record` in a subprocess on a free port, until it forwards a WSDL; always stopped."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service",
            "record",
            "--upstream",
            upstream,
            "--out",
            str(out),
            "--listen",
            str(port),
            *(["--scrub", scrub] if scrub else []),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if session_for().get(f"{base}/TestSupportService?wsdl", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None and time.monotonic() < deadline, process.stdout.read().decode(errors="replace")
            time.sleep(0.1)
        yield base
    finally:
        stop(process)


def drive(base: str) -> str:
    """A vendor's session through the proxy: set-up, a sick notice with an id the upstream generates, reads and
    writes that use it, one refusal."""
    session = session_for()

    def service(name: str):
        return zeep.Client(f"{base}/{name}?wsdl", transport=Transport(session=session)).service

    testsupport, sygemelding = service("TestSupportService"), service("SygemeldingService")
    testsupport.Nulstil()
    testsupport.SetDato(date(2026, 3, 1))
    testsupport.OpretTestborger(
        Testborger={
            "PersonCivilRegistrationIdentifier": CPR,
            "Navn": f"Test Borger {CPR}",
            "Kommunekode": "101",
            "JobcenterKode": "10100",
            "Tilmeldt": True,
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
        }
    )
    created = sygemelding.CreateSygemelding(
        PersonCivilRegistrationIdentifier=CPR,
        Sygemelding={"Startdato": date(2026, 2, 1), "Anmeldelsesdato": date(2026, 3, 1), "Arbejdsgiver": {"CVRnummer": "12345678"}},
        _soapheaders=caller_headers(),
    )
    sygemelding.GetSygemelding(
        PersonCivilRegistrationIdentifier=CPR, FravaerIdentifier=created.FravaerIdentifier, _soapheaders=caller_headers()
    )
    with pytest.raises(zeep.exceptions.Fault):
        sygemelding.Raskmeld(
            PersonCivilRegistrationIdentifier=CPR,
            FravaerIdentifier=created.FravaerIdentifier,
            Slutdato=date(2026, 3, 9),
            _soapheaders=caller_headers(),
        )
    sygemelding.Raskmeld(
        PersonCivilRegistrationIdentifier=CPR,
        FravaerIdentifier=created.FravaerIdentifier,
        Slutdato=date(2026, 2, 20),
        _soapheaders=caller_headers(),
    )
    return created.FravaerIdentifier


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path_factory.mktemp('up') / 'up.db'}"
    with running_server(url) as base:
        yield base


def test_recorded_traffic_replays_in_process_and_against_the_upstream(upstream, tmp_path, capsys):
    out = tmp_path / "rec"
    with proxy(upstream, out) as base:
        wsdl = session_for().get(f"{base}/SygemeldingService?wsdl").content
        address = etree.fromstring(wsdl).find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address").get("location")
        assert address.startswith(base) and upstream not in wsdl.decode()
        fravaer = drive(base)
    metas = sorted(out.rglob("*.meta.toml"))
    assert [m.name for m in metas if "Raskmeld" in str(m)] == ["006-Raskmeld-afvist-7012.meta.toml", "007-Raskmeld.meta.toml"]
    raskmeld = (out / "SygemeldingService" / "Raskmeld" / "007-Raskmeld.meta.toml").read_text()
    assert (
        'setup = ["_setup/002-SetDato.request.xml", "_setup/003-OpretTestborger.request.xml", "_setup/004-CreateSygemelding.request.xml"]'
        in raskmeld
    )
    assert "dato = 2026-03-01" in raskmeld and '"MessageIdentifier"' in raskmeld and '"EventDate"' in raskmeld
    assert fravaer in (out / "SygemeldingService" / "GetSygemelding" / "005-GetSygemelding.request.xml").read_text()

    assert main(["replay", str(out)]) == 0, capsys.readouterr().out  # the ids the upstream generated are carried over
    assert main(["replay", str(out), "--url", upstream]) == 0, capsys.readouterr().out
    capsys.readouterr()

    expected = out / "SygemeldingService" / "GetSygemelding" / "005-GetSygemelding.expected.xml"
    expected.write_text(expected.read_text().replace("2026-02-01", "2026-02-02"))
    request = out / "SygemeldingService" / "Raskmeld" / "006-Raskmeld-afvist-7012.request.xml"
    request.write_text(request.read_text().replace("2026-03-09", "2026-02-25"))
    assert main(["replay", str(out)]) == 1
    report = capsys.readouterr().out
    assert "FAIL fixtures: SygemeldingService/GetSygemelding/005-GetSygemelding" in report
    lines = [line.strip() for line in report.splitlines()]
    assert any(line.startswith("-") and "Startdato" in line and line.endswith("= 2026-02-02") for line in lines)
    assert any(line.startswith("+") and "Startdato" in line and line.endswith("= 2026-02-01") for line in lines)
    assert "expected fault 7012, got None" in report or "expected fault 7012, got success" in report

    (out / "_setup" / "004-CreateSygemelding.request.xml").unlink()  # a call removed from the recording
    assert main(["replay", str(out / "SygemeldingService" / "Raskmeld")]) == 1
    report = capsys.readouterr().out
    assert "FAIL fixtures: SygemeldingService/Raskmeld/007-Raskmeld" in report
    assert "cannot run the case: FileNotFoundError" in report and "004-CreateSygemelding.request.xml" in report


def test_scrubbed_recording_has_no_original_cpr_or_name_and_still_replays(upstream, tmp_path, capsys):
    out = tmp_path / "rec"
    with proxy(upstream, out, "cpr,navn") as base:
        drive(base)
    texts = {p: p.read_text() for p in out.rglob("*.xml")}
    assert not [p for p, t in texts.items() if CPR in t or "Sara Sagsbehandler" in t]
    scrubbed = Scrubber(["cpr"], (out / ".scrub-salt").read_text().encode()).cpr(CPR)
    assert scrubbed != CPR and scrubbed[4:7] == CPR[4:7] and cprs.check(scrubbed) == []
    assert all(scrubbed in t for p, t in texts.items() if "Sygemelding" in str(p) and "request" in p.name)
    assert "Testperson" in texts[next(p for p in texts if "OpretTestborger" in p.name and "request" in p.name)]
    assert main(["replay", str(out)]) == 0, capsys.readouterr().out


def test_scrubbing_is_consistent_and_keeps_a_valid_date():
    s = Scrubber(["cpr"], b"salt")
    for cpr in ("0101801234", "3112999999", "2902004444"):
        assert s.cpr(cpr) == Scrubber(["cpr"], b"salt").cpr(cpr) and cprs.check(s.cpr(cpr)) == []
    assert s.cpr("0101801234") != Scrubber(["cpr"], b"other").cpr("0101801234")
    assert s.cpr("0101801234") != s.cpr("0101801235")


def test_recording_an_https_upstream_with_a_client_certificate(tmp_path, capsys):
    from service.tools.testca import write_test_ca
    from tests.test_https import _tls_options

    certs = tmp_path / "certs"
    write_test_ca(certs)
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'tls.db'}"
    out = tmp_path / "rec"
    with running_server(url, free_port(), *_tls_options(certs, certs / "certifikater.toml"), ca=str(certs / "ca.pem")) as upstream:
        with proxy(
            upstream,
            out,
            "",
            "--cert",
            str(certs / "jobcenter.pem"),
            "--key",
            str(certs / "jobcenter-key.pem"),
            "--ca",
            str(certs / "ca.pem"),
        ) as base:
            drive(base)  # a business call without the certificate would be DFDG's 1101
        assert (out / "SygemeldingService" / "CreateSygemelding" / "004-CreateSygemelding.meta.toml").exists()
        assert (
            main(
                [
                    "replay",
                    str(out),
                    "--url",
                    upstream,
                    "--cert",
                    str(certs / "jobcenter.pem"),
                    "--key",
                    str(certs / "jobcenter-key.pem"),
                    "--ca",
                    str(certs / "ca.pem"),
                ]
            )
            == 0
        ), capsys.readouterr().out


def test_without_setdato_the_business_date_comes_from_the_upstreams_receipt(upstream, tmp_path, capsys):
    out = tmp_path / "rec"
    with proxy(upstream, out) as base:
        session = session_for()
        testsupport = zeep.Client(f"{base}/TestSupportService?wsdl", transport=Transport(session=session)).service
        sygemelding = zeep.Client(f"{base}/SygemeldingService?wsdl", transport=Transport(session=session)).service
        testsupport.Nulstil()  # the upstream is back on its --today, 2026-03-01 (tests/servers.py)
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": CPR,
                "Navn": "Test Borger",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "Tilmeldt": True,
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
            }
        )
        sygemelding.CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"Startdato": date(2026, 2, 1), "Anmeldelsesdato": date(2026, 3, 1)},
            _soapheaders=caller_headers(),
        )
    meta = next(out.rglob("*-CreateSygemelding.meta.toml")).read_text()
    assert "dato = 2026-03-01" in meta
    assert main(["replay", str(out)]) == 0, capsys.readouterr().out  # on the real date, 2026-02-01 would be too far back
