"""See what was called (interface.md § 6b): the journal per sandbox, /health, the access log, the state view."""

from __future__ import annotations

import io
import json
from datetime import date

import zeep
from werkzeug.test import Client

from service import __version__
from service.app import create_app
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from service.journal import AccessLog, Journal, Kald
from tests.conftest import BASE, DATABASE_URL, TODAY, Dfdg, refused
from tests.test_sandkasse import sandkasse

CPR = "0101801234"


def kald(dfdg: Dfdg, navn: str = "default") -> list[dict]:
    response = Client(dfdg.emulator).get(f"/__admin/kald?sandkasse={navn}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()["kald"]


def test_the_journal_holds_each_call_with_caller_outcome_rules_sources_and_xml(dfdg):
    dfdg.borger(CPR, kontaktgruppe=24)
    refused(dfdg.sygemeld, CPR, date(2025, 1, 1))  # 60 days back at most
    dfdg.sygemeld(CPR, TODAY)
    newest, failed = kald(dfdg)[:2]
    assert (newest["service"], newest["operation"], newest["udfald"], newest["fejlkoder"]) == (
        "SygemeldingService",
        "CreateSygemelding",
        "ok",
        [],
    )
    assert newest["organisation"] == "8:10100" and newest["bruger"] == "sagsbehandler1"
    assert "CreateSygemeldingResponse" in newest["response"] and CPR in newest["request"]
    assert newest["ms"] >= 0 and newest["tid"] and newest["sandkasse"] == "default"
    assert (failed["udfald"], failed["status"], failed["fejlkoder"]) == ("fejl", 500, [4685])
    [rule] = failed["regler"]
    assert rule["regel"] == "FRAVAER_TILBAGEDATERING" and rule["fejlkode"] == "4685" and "002" in rule["kilde"]


def test_each_sandbox_has_its_own_journal(dfdg):
    a = sandkasse(dfdg.emulator, "journal-a")
    a.testsupport.GetDato()
    assert next(k["operation"] for k in kald(dfdg, "journal-a")) == "GetDato"
    assert "journal-a" not in {k["sandkasse"] for k in kald(dfdg)}


def test_the_journal_is_bounded_whatever_the_traffic():
    journal = Journal(size=3, sandkasser=2)
    for navn in ("s0", "s1", "s2", "s3"):
        for n in range(10):
            journal.add(
                Kald(tid=f"{navn}-{n}", sandkasse=navn, metode="POST", sti="/", service="S", operation="O", status=200, udfald="ok", ms=1.0)
            )
    assert [k.tid for k in journal.latest("s3")] == ["s3-9", "s3-8", "s3-7"]
    assert len(journal.latest("s2")) == 3 and journal.latest("s0") == [] and journal.latest("s1") == []
    assert sum(len(ring) for ring in journal._kald.values()) == 6


def test_a_request_larger_than_the_journal_keeps_is_cut(dfdg):
    from service.journal import XML_MAX

    body = b"<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'><soapenv:Body><x>" + b"a" * (XML_MAX * 2)
    Client(dfdg.emulator).post("/TestSupportService", data=body, headers={"Content-Type": "text/xml"})
    [entry] = kald(dfdg)[:1]
    assert len(entry["request"]) < XML_MAX + 100 and "afkortet" in entry["request"] and entry["fejlkoder"] == [1014]


def test_health_answers_version_database_kind_and_business_date(dfdg):
    web = Client(dfdg.emulator)
    health = web.get("/health").get_json()
    assert health["status"] == "ok" and health["version"] == __version__
    assert health["database"] == dfdg.emulator.deps.store.kind and health["database"] in ("sqlite", "postgresql")
    assert (health["forretningsdato"], health["tidspunkt"], health["uret"]) == ("2026-03-01", "2026-03-01T12:00:00+01:00", "fast")
    assert web.get("/health?sandkasse=ny-en").get_json()["forretningsdato"] == "2026-01-01"  # FixedClock's, not created
    assert "ny-en" not in {s.Navn for s in dfdg.testsupport.GetSandkasser()}


def test_one_access_log_line_per_request_as_text_or_json(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else "sqlite://"
    for fmt in ("text", "json"):
        stream = io.StringIO()
        app = create_app(Settings(database_url=url), FixedClock(), IdGenerator(0), access_log=AccessLog(stream, fmt))
        try:
            client = zeep.Client(f"{BASE}/sandkasse/log-{fmt}/KodelisteService?wsdl", transport=WsgiTransport(app, BASE))
            client.service.GetKodeliste("Kontaktgruppe")
            refused(client.service.GetKodeliste, "Findesikke")
            lines = stream.getvalue().splitlines()
            assert len(lines) == 3  # the WSDL, and two calls
            if fmt == "json":
                entries = [json.loads(line) for line in lines]
                assert [(e["metode"], e["operation"], e["status"], e["fejlkoder"]) for e in entries] == [
                    ("GET", None, 200, []),
                    ("POST", "GetKodeliste", 200, []),
                    ("POST", "GetKodeliste", 500, [2001]),
                ]
                assert all(e["sandkasse"] == "log-json" and e["ms"] >= 0 for e in entries)
            else:
                assert "POST /sandkasse/log-text/KodelisteService sandkasse=log-text operation=GetKodeliste" in lines[2]
                assert " 500 fejl 2001 " in lines[2] and lines[2].endswith(" ms")
        finally:
            app.deps.store.reset()
            app.deps.store.dispose()


def test_the_state_view_shows_a_citizens_registrations_and_course(dfdg):
    dfdg.borger(CPR, kontaktgruppe=24, start=date(2026, 1, 1))
    dfdg.sygemeld(CPR, date(2026, 2, 20))
    view = Client(dfdg.emulator).get(f"/__admin/borger?sandkasse=default&cpr={CPR}").get_json()
    assert view["borger"]["cpr"] == CPR and [g["kontaktgruppe_type"] for g in view["kontaktgrupper"]] == [24]
    assert [s["startdato"] for s in view["sygemeldinger"]] == ["2026-02-20"] and view["fravaer"] == []
    assert view["kontaktforloeb"]["forloeb"]["start"] == "2026-01-01" and view["kontaktforloeb"]["krav"]
    assert view["samtaler"] == [] and view["indkaldelser"] == []
    missing = Client(dfdg.emulator).get("/__admin/borger?sandkasse=andet&cpr=0101801234")
    assert missing.status_code == 404 and "findes ikke" in missing.get_json()["fejl"]
    page = Client(dfdg.emulator).get("/__admin/")
    assert page.status_code == 200 and b"/__admin/kald" in page.data


def test_an_error_escaping_the_gate_is_answered_as_1011_and_journalled(dfdg, monkeypatch):
    from service.soap.gate import SchemaGate

    def broken(self, doc):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SchemaGate, "validate", broken)
    status, body = dfdg.post(
        "TestSupportService",
        b"<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'><soapenv:Body/></soapenv:Envelope>",
    )
    assert status == 500 and body[:1] == b"<" and b"1011" in body
    assert kald(dfdg)[0]["fejlkoder"] == [1011]


def test_a_rest_call_has_its_operation_caller_and_error_code_in_the_access_log():
    from tests.faces import rest_headers

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else "sqlite://"
    stream = io.StringIO()
    app = create_app(Settings(database_url=url), FixedClock(), IdGenerator(0), access_log=AccessLog(stream, "json"))
    try:
        client = Client(app)
        headers = rest_headers((8, "10100"), 3, "sagsbehandler1", "0909091234", "log-rest-1")
        response = client.post("/sandkasse/log-rest/v1/Sygemelding", json={"sygemelding": {"startdato": "2026-02-01"}}, headers=headers)
        assert response.status_code == 400
        response = client.get(
            "/sandkasse/log-rest/v1/Fravaer/", headers=rest_headers((8, "10100"), 3, "sagsbehandler1", "0909091234", None)
        )
        assert response.status_code >= 400 and response.get_json()["errorCode"] == 1010  # no such citizen in the sandbox
        entries = [json.loads(line) for line in stream.getvalue().splitlines()]
        last = entries[-1]
        assert (last["metode"], last["sandkasse"], last["operation"], last["organisation"], last["fejlkoder"]) == (
            "GET",
            "log-rest",
            "GetAlleFravaer",
            "8:10100",
            [1010],
        )
    finally:
        app.deps.store.reset()
        app.deps.store.dispose()
