"""The request gate and spyne's reading of values (issue 8 items 5 and 6, issue 9): thread safety, encodings,
XSD value rules spyne gets wrong, and every refusal a SOAP fault with FaultDetails."""

import threading
from datetime import date, datetime

import pytest
from lxml import etree
from werkzeug.test import Client

from service.app import create_app
from service.config import Settings
from service.domain.clock import COPENHAGEN, FixedClock
from service.domain.ids import IdGenerator
from tests.conftest import FAULT_NS, TODAY, VIOLATIONS_NS
from tests.test_contract import _body, _headers

SA = "http://service.bm.dk/SamtaleService/2026/01/01/"
TS = "http://service.bm.dk/TestSupportService/2026/01/01/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def _fault(body: bytes) -> tuple[int, list[dict[str, str]]]:
    """Error code and violations; fails the test if the answer is not a SOAP fault with FaultDetails."""
    root = etree.fromstring(body)
    assert root.tag == f"{{{SOAP_ENV}}}Envelope", body[:200]
    details = root.find(f".//{{{FAULT_NS}}}FaultDetails")
    assert details is not None, body[:400]
    violations = [{etree.QName(c).localname: c.text for c in v} for v in root.iter(f"{{{VIOLATIONS_NS}}}Violation")]
    return int(details.find(f"{{{FAULT_NS}}}ErrorCode").text), violations


def _sygemelding(startdato: str, cpr: str = "0101801234") -> bytes:
    return _body(
        "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>" + cpr + "</t:PersonCivilRegistrationIdentifier>"
        f"<t:Sygemelding><t:Startdato>{startdato}</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato>"
        "</t:Sygemelding></t:CreateSygemeldingRequest>",
        header=_headers(),
    )


def _samtale(tidspunkt: str, header: str | None = None) -> bytes:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:t="{SA}"><soapenv:Header>{_headers() if header is None else header}'
        "</soapenv:Header><soapenv:Body><t:CreateSamtaleRequest><t:PersonCivilRegistrationIdentifier>0101801234"
        "</t:PersonCivilRegistrationIdentifier><t:Samtale><t:SamtaleType>7</t:SamtaleType>"
        f"<t:Afholdelsestidspunkt>{tidspunkt}</t:Afholdelsestidspunkt><t:Samtaleform>1</t:Samtaleform>"
        "<t:AftaleOmDetVidereForloeb>Næste samtale om 4 uger</t:AftaleOmDetVidereForloeb></t:Samtale>"
        "</t:CreateSamtaleRequest></soapenv:Body></soapenv:Envelope>"
    ).encode()


def _testsupport(inner: str) -> bytes:
    return (f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:t="{TS}"><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>').encode()


def test_gate_is_thread_safe_under_16_threads(tmp_path):
    """Each invalid request gets its own schema error (not another thread's), none escapes as a plain-text 500."""
    # A SQLite file whatever the suite's backend: this is about the gate, and a second pool of 20 threads on
    # a PostgreSQL server shared with other suites can meet its connection limit.
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'gate.db'}"), FixedClock(), IdGenerator(0))
    problems: list[str] = []
    start = threading.Barrier(20)

    def worker(n: int) -> None:
        client = Client(app)
        start.wait()
        for i in range(40):
            try:
                if i % 4 == 0:
                    response = client.post(
                        "/TestSupportService", data=_testsupport("<t:GetDatoRequest/>"), headers={"Content-Type": "text/xml; charset=utf-8"}
                    )
                    if response.status_code != 200 or b"GetDatoResponse" not in response.data:
                        problems.append(f"valid call answered {response.status_code}: {response.data[:200]!r}")
                    continue
                value = f"2026-{13 + n:02d}-{i + 1:02d}"  # an impossible month, unique to this request
                response = client.post("/SygemeldingService", data=_sygemelding(value), headers={"Content-Type": "text/xml; charset=utf-8"})
                code, violations = _fault(response.data)
                if (
                    (response.status_code, code) != (500, 1014)
                    or [v["Field"] for v in violations] != ["Sygemelding/Startdato"]
                    or value not in violations[0]["Message"]
                ):
                    problems.append(f"{value}: {response.status_code} {code} {violations}")
            except Exception as error:  # a plain-text answer or an exception out of the app
                problems.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    app.deps.store.dispose()
    assert not any(t.is_alive() for t in threads)
    assert problems == []


def test_every_schema_error_is_its_own_violation_with_the_path_in_danish(dfdg):
    body = _body(
        "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>12345</t:PersonCivilRegistrationIdentifier>"
        "<t:Sygemelding><t:Startdato>2026-02-31</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato>"
        "</t:Sygemelding></t:CreateSygemeldingRequest>",
        header=_headers(),
    )
    status, response = dfdg.post("SygemeldingService", body)
    code, violations = _fault(response)
    assert (status, code) == (500, 1014)
    fields = [v["Field"] for v in violations]
    assert fields == ["PersonCivilRegistrationIdentifier", "Sygemelding/Startdato"]
    assert "'12345' passer ikke til mønsteret [0-9]{10}" in violations[0]["Message"]
    assert "'2026-02-31' er ikke en gyldig værdi af typen xs:date" in violations[1]["Message"]
    assert all(v["RuleIdentifier"] == "SKEMA" and v["ErrorCode"] == "1014" for v in violations)


def test_missing_and_unexpected_elements_are_named(dfdg):
    status, response = dfdg.post(
        "SygemeldingService",
        _body(
            "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            "<t:Sygemelding><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato></t:Sygemelding></t:CreateSygemeldingRequest>",
            header=_headers(),
        ),
    )
    code, violations = _fault(response)
    assert code == 1014 and violations[0]["Field"] == "Sygemelding/Anmeldelsesdato"
    assert "ikke ventet her; ventet: FravaerIdentifier, Startdato" in violations[0]["Message"]


def test_end_of_day_24_00_is_the_next_midnight(dfdg):
    """XSD 1.0 § 3.2.7: 24:00:00 is the first instant of the next day; accepted, stored as that instant."""
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    status, response = dfdg.post("SamtaleService", _samtale("2026-02-27T24:00:00+01:00"))
    assert status == 200, response
    samtaler = dfdg.samtale.GetSamtaler(cpr, _soapheaders=dfdg.headers())
    assert [s.Afholdelsestidspunkt for s in samtaler] == [datetime(2026, 2, 28, 0, 0, tzinfo=COPENHAGEN)]


@pytest.mark.parametrize("tidspunkt", ["9999-12-31T23:59:59-14:00", "10000-01-01T10:00:00+01:00", "9999-12-31T24:00:00Z"])
def test_times_outside_what_can_be_held_are_1014_naming_the_field(dfdg, tidspunkt):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    status, response = dfdg.post("SamtaleService", _samtale(tidspunkt))
    code, violations = _fault(response)
    assert (status, code) == (500, 1014)
    assert [v["Field"] for v in violations] == ["Samtale/Afholdelsestidspunkt"]
    assert tidspunkt in violations[0]["Message"]
    assert dfdg.samtale.GetSamtaler(cpr, _soapheaders=dfdg.headers()) == []


def test_spynes_own_faults_get_our_shape(dfdg):
    """A schema-valid element that is no operation (a response element) never reaches spyne's bare fault."""
    status, response = dfdg.post("TestSupportService", _testsupport("<t:GetDatoResponse><t:Dato>2026-03-01</t:Dato></t:GetDatoResponse>"))
    code, violations = _fault(response)
    assert (status, code) == (500, 1014) and violations[0]["RuleIdentifier"] == "SKEMA"


@pytest.mark.parametrize(
    "content_type, body, words",
    [
        ("text/xml; charset=bogus", None, "'bogus'"),
        ("text/xml; charset=utf-8", "latin-1", "utf-8"),
        ("text/xml; charset=utf-8", "declared-latin-1", "ISO-8859-1"),
        ("application/json", None, "application/json"),
    ],
)
def test_encodings_and_content_types_are_checked(dfdg, content_type, body, words):
    xml = _testsupport("<t:SetDatoRequest><t:Dato>2026-03-05</t:Dato></t:SetDatoRequest>").replace(
        b"<soapenv:Body>", "<!-- Søren --><soapenv:Body>".encode()
    )
    if body == "latin-1":
        xml = xml.decode().encode("latin-1")
    elif body == "declared-latin-1":
        xml = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml.decode().encode("latin-1")
    status, response = dfdg.post("TestSupportService", xml, content_type=content_type)
    code, violations = _fault(response)
    assert (status, code) == (500, 1014) and words in violations[0]["Message"]
    assert dfdg.testsupport.GetDato() == TODAY


def test_a_body_in_the_encoding_it_declares_is_read(dfdg):
    xml = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + _testsupport(
        "<t:SetDatoRequest><t:Dato>2026-03-05</t:Dato></t:SetDatoRequest>"
    ).replace(b"<soapenv:Body>", "<!-- Søren --><soapenv:Body>".encode("latin-1"))
    assert dfdg.post("TestSupportService", xml, content_type="text/xml")[0] == 200
    assert dfdg.testsupport.GetDato() == date(2026, 3, 5)
    utf16 = _testsupport("<t:SetDatoRequest><t:Dato>2026-03-06</t:Dato></t:SetDatoRequest>").decode().encode("utf-16")
    assert dfdg.post("TestSupportService", utf16, content_type="text/xml; charset=utf-16")[0] == 200
    assert dfdg.testsupport.GetDato() == date(2026, 3, 6)


def test_collapsed_whitespace_is_read_as_xsd_says(dfdg):
    """xs:boolean, xs:int and xs:date collapse whitespace: ' true ' is true."""
    status, response = dfdg.post(
        "TestSupportService",
        _testsupport(
            "<t:OpretTestborgerRequest><t:Testborger><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            "<t:Navn>Test</t:Navn><t:Kommunekode>101</t:Kommunekode><t:JobcenterKode>10100</t:JobcenterKode>"
            "<t:Tilmeldt> true </t:Tilmeldt><t:Kontaktgruppehistorik><t:KontaktgruppeType>\n 24 \n</t:KontaktgruppeType>"
            "<t:Startdato> 2025-01-01\t</t:Startdato></t:Kontaktgruppehistorik></t:Testborger></t:OpretTestborgerRequest>"
        ),
    )
    assert status == 200, response
    tilstand = dfdg.tilstand("0101801234")
    assert tilstand.TilmeldtSomJobsoegende is True
    assert [(k.KontaktgruppeType, k.Startdato) for k in tilstand.Kontaktgruppe] == [(24, date(2025, 1, 1))]


def test_empty_request_id_is_refused_not_taken_as_none(dfdg):
    cpr = dfdg.borger()
    header = _headers() + '<r:RequestId xmlns:r="http://service.bm.dk/pjaktass/2026/01/01/Faelles/"></r:RequestId>'
    status, response = dfdg.post("SygemeldingService", _sygemelding("2026-03-01", cpr).replace(_headers().encode(), header.encode()))
    code, violations = _fault(response)
    assert (code, violations[0]["Field"]) == (1014, "Header/RequestId")
    assert dfdg.tilstand(cpr).Fravaer == []


@pytest.mark.parametrize("after_body", ["<soapenv:Body/>", "<x:Extra xmlns:x='urn:x'/>", "tekst"])
def test_nothing_may_follow_the_body(dfdg, after_body):
    cpr = dfdg.borger()
    body = _sygemelding("2026-03-01", cpr).replace(b"</soapenv:Body>", b"</soapenv:Body>" + after_body.encode())
    code, violations = _fault(dfdg.post("SygemeldingService", body)[1])
    assert code == 1014
    assert dfdg.tilstand(cpr).Fravaer == []


WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


def _address(wsdl: bytes) -> str:
    return etree.fromstring(wsdl).find(f".//{{{WSDL_SOAP}}}address").get("location")


@pytest.mark.parametrize("query", ["wsdl=1", "WSDL=evil", "Wsdl", "wsdl="])
def test_a_hostile_host_header_does_not_reach_the_next_caller(emulator, query):
    """spyne's own ?wsdl=<x> route cached the first caller's Host for everyone (issue 8 item 7)."""
    client = Client(emulator)
    hostile = client.get(f"/KodelisteService?{query}", headers={"Host": "evil.example.com"})
    assert hostile.status_code == 200 and _address(hostile.data) == "http://evil.example.com/KodelisteService"
    for after in ("wsdl", query):
        plain = client.get(f"/KodelisteService?{after}", headers={"Host": "dfdg.local:8080"})
        assert _address(plain.data) == "http://dfdg.local:8080/KodelisteService"


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("GET", "/KodelisteService", 404),
        ("GET", "/KodelisteService?xsd=1", 404),
        ("GET", "/KodelisteService?wsdl&x=1", 404),
        ("GET", "/KodelisteService/KodelisteService.wsdl", 404),
        ("GET", "/KodelisteService/x?wsdl", 404),
        ("POST", "/KodelisteService/x", 404),
        ("PUT", "/KodelisteService", 405),
        ("DELETE", "/KodelisteService?wsdl", 405),
        ("GET", "/Ukendt?wsdl", 404),
    ],
)
def test_only_our_wsdl_route_answers_gets(emulator, method, url, status):
    response = Client(emulator).open(url, method=method, headers={"Host": "evil.example.com"})
    assert response.status_code == status
    assert b"definitions" not in response.data


def test_a_flood_of_schema_errors_gives_a_bounded_answer(dfdg):
    attributes = " ".join(f'a{i}="1"' for i in range(5000))
    status, response = dfdg.post(
        "SygemeldingService",
        _sygemelding("2026-03-01").replace(b"<t:CreateSygemeldingRequest>", f"<t:CreateSygemeldingRequest {attributes}>".encode()),
    )
    code, violations = _fault(response)
    assert code == 1014 and len(violations) == 51 and "4950 skemafejl mere" in violations[-1]["Message"]
    assert len(response) < 50_000


def test_an_exception_escaping_spyne_is_a_1011_fault_not_a_plain_text_500(dfdg, monkeypatch):
    from service.soap.protocol import DfdgSoap11

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(DfdgSoap11, "from_unicode", broken)
    status, response = dfdg.post("SygemeldingService", _sygemelding("2026-03-01"))
    code, violations = _fault(response)
    assert (status, code) == (500, 1011) and b"boom" not in response


def test_a_schema_compile_that_fails_now_and_then_is_tried_again():
    """libxml2 now and then fails a thread's first compile of a schema with imports while other threads parse
    (service/soap/xmlschema.py); the compile is tried again, and a schema that never compiles still fails."""
    import threading

    from lxml import etree

    from service.soap import xmlschema

    good = etree.XMLSchema(etree.fromstring(b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'))
    attempts = []

    def flaky() -> etree.XMLSchema:
        attempts.append(1)
        if len(attempts) < 3:
            etree.XMLSchema(
                etree.fromstring(b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="nix"/></xs:schema>')
            )
        return good

    assert xmlschema.thread_schema(threading.local(), flaky) is good and len(attempts) == 3

    def broken() -> etree.XMLSchema:
        return etree.XMLSchema(
            etree.fromstring(b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="nix"/></xs:schema>')
        )

    with pytest.raises(etree.XMLSchemaParseError):
        xmlschema.thread_schema(threading.local(), broken)


@pytest.mark.parametrize(
    "text",
    ["2026-03-01", "2026-3-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-03-01Z", "2026-03-01+01:00", "2026-W09-1", "20260301"],
)
def test_a_date_is_read_as_spyne_reads_it(text: str) -> None:
    """The fast path for a plain xs:date (protocol.py) gives what spyne's own reading gives, or refuses as it does."""
    from spyne.model.primitive import Date
    from spyne.protocol.soap import Soap11

    from service.soap.protocol import DfdgSoap11

    def read(protocol: Soap11) -> object:
        try:
            return protocol.date_from_unicode_iso(Date, text)
        except Exception as error:  # the type of refusal is compared
            return type(error)

    assert read(DfdgSoap11()) == read(Soap11())
