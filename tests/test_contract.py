"""The common contract of interface.md §§ 1-3: schema first, caller headers, RequestId, CPR, faults, hostile XML."""

from datetime import timedelta

from lxml import etree

from service.harness.replay import caller_headers_xml
from tests.conftest import TODAY, parse_fault, refused

SY = "http://service.bm.dk/SygemeldingService/2026/01/01/"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
FAULT = "http://service.bm.dk/xml/schemas/2011/01/12/"


def _body(inner: str, header: str = "") -> bytes:
    return (
        f'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{SY}">'
        f"<soapenv:Header>{header}</soapenv:Header><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>"
    ).encode()


def test_wsdl_lists_the_six_sygemelding_operations(emulator):
    from werkzeug.test import Client

    wsdl = etree.fromstring(Client(emulator).get("/SygemeldingService?wsdl").data)
    operations = {op.get("name") for op in wsdl.find(f"{{{WSDL}}}portType")}
    assert operations == {
        "CreateSygemelding",
        "Raskmeld",
        "GetSygemelding",
        "CreateYderligereInformationOmSygemelding",
        "UpdateYderligereInformationOmSygemelding",
        "DeleteYderligereInformationOmSygemelding",
    }


def test_index_lists_services_with_wsdl_links(emulator):
    from werkzeug.test import Client

    page = Client(emulator).get("/").data.decode()
    for name in ("SygemeldingService", "KontaktgruppeService", "TestSupportService", "KodelisteService"):
        assert f"/{name}?wsdl" in page


def test_missing_headers_give_8232_and_8233(dfdg):
    cpr = dfdg.borger()
    headers = dfdg.headers()
    create = dfdg.sygemelding.CreateSygemelding
    sygemelding = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}
    assert refused(create, cpr, sygemelding, _soapheaders={"RequestUserMetadataHeader": headers["RequestUserMetadataHeader"]})[0] == 8232
    assert refused(create, cpr, sygemelding, _soapheaders={"ActiveOrganisationHeader": headers["ActiveOrganisationHeader"]})[0] == 8233


def test_unknown_organisation_and_user_types(dfdg):
    cpr = dfdg.borger()
    sygemelding = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}
    assert refused(dfdg.sygemelding.CreateSygemelding, cpr, sygemelding, _soapheaders=dfdg.headers((42, "1")))[0] == 8173
    assert refused(dfdg.sygemelding.CreateSygemelding, cpr, sygemelding, _soapheaders=dfdg.headers(user_type=77))[0] == 8174


def test_same_request_id_twice_is_refused_and_writes_nothing(dfdg):
    cpr = dfdg.borger()
    sygemelding = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}
    dfdg.sygemelding.CreateSygemelding(cpr, sygemelding, _soapheaders=dfdg.headers(request_id="req-1"))
    code, violations, _ = refused(dfdg.sygemelding.CreateSygemelding, cpr, sygemelding, _soapheaders=dfdg.headers(request_id="req-1"))
    assert (code, violations[0]["RuleIdentifier"]) == (7001, "REQUESTID_GENBRUGT")
    assert len(dfdg.tilstand(cpr).Fravaer) == 1


def test_request_id_of_a_refused_call_is_not_used_up(dfdg):
    cpr = dfdg.borger()
    headers = dfdg.headers(request_id="req-2")
    refused(
        dfdg.sygemelding.CreateSygemelding, cpr, {"Startdato": TODAY - timedelta(days=61), "Anmeldelsesdato": TODAY}, _soapheaders=headers
    )
    dfdg.sygemelding.CreateSygemelding(cpr, {"Startdato": TODAY, "Anmeldelsesdato": TODAY}, _soapheaders=headers)


def test_request_id_may_be_reused_after_7_days(dfdg):
    cpr = dfdg.borger()
    headers = dfdg.headers(request_id="req-3")
    dfdg.sygemelding.CreateSygemelding(cpr, {"Startdato": TODAY, "Anmeldelsesdato": TODAY}, _soapheaders=headers)
    dfdg.testsupport.SetDato(TODAY + timedelta(days=6))
    assert refused(dfdg.sygemelding.GetSygemelding, cpr, dfdg.tilstand(cpr).Fravaer[0].FravaerIdentifier, _soapheaders=headers)[0] == 7001
    dfdg.testsupport.SetDato(TODAY + timedelta(days=7))
    dfdg.sygemelding.GetSygemelding(cpr, dfdg.tilstand(cpr).Fravaer[0].FravaerIdentifier, _soapheaders=headers)


def test_request_id_longer_than_46_is_a_schema_fault(dfdg):
    cpr = dfdg.borger()
    assert (
        refused(
            dfdg.sygemelding.CreateSygemelding,
            cpr,
            {"Startdato": TODAY, "Anmeldelsesdato": TODAY},
            _soapheaders=dfdg.headers(request_id="x" * 47),
        )[0]
        == 1014
    )


def test_cpr_with_impossible_date_is_1001_and_unknown_cpr_is_1010(dfdg):
    sygemelding = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}
    assert refused(dfdg.sygemelding.CreateSygemelding, "3002801234", sygemelding, _soapheaders=dfdg.headers())[0] == 1001
    assert refused(dfdg.sygemelding.CreateSygemelding, "0000000000", sygemelding, _soapheaders=dfdg.headers())[0] == 1001
    assert refused(dfdg.sygemelding.CreateSygemelding, "0101801234", sygemelding, _soapheaders=dfdg.headers())[0] == 1010


def test_malformed_envelope_gets_1014_and_the_server_keeps_serving(dfdg):
    status, body = dfdg.post("SygemeldingService", b"<soapenv:Envelope><unclosed>")
    code, message = parse_fault(body)
    assert (status, code) == (500, 1014)
    assert "Traceback" not in body.decode()
    assert dfdg.testsupport.GetDato() == TODAY


def test_schema_violation_names_the_element(dfdg):
    status, body = dfdg.post(
        "SygemeldingService",
        _body(
            "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            "<t:Sygemelding><t:Startdato>2026-02-31</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato></t:Sygemelding>"
            "</t:CreateSygemeldingRequest>"
        ),
    )
    code, message = parse_fault(body)
    assert code == 1014 and "Startdato" in message


def test_external_entities_are_refused_and_not_resolved(dfdg):
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + _body(
        "<t:GetSygemeldingRequest><t:PersonCivilRegistrationIdentifier>&xxe;</t:PersonCivilRegistrationIdentifier></t:GetSygemeldingRequest>"
    )
    status, response = dfdg.post("SygemeldingService", body)
    assert parse_fault(response)[0] == 1014
    assert b"root:" not in response


def test_entity_expansion_is_refused(dfdg):
    lol = (
        '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    status, response = dfdg.post("SygemeldingService", lol.encode() + _body("<t:GetSygemeldingRequest>&i;</t:GetSygemeldingRequest>"))
    assert parse_fault(response)[0] == 1014


def test_oversized_request_is_refused_before_parsing(dfdg):
    status, response = dfdg.post("SygemeldingService", _body("<t:GetSygemeldingRequest>" + "x" * 1_100_000 + "</t:GetSygemeldingRequest>"))
    code, message = parse_fault(response)
    assert code == 1014 and "bytes" in message


def test_internal_error_is_a_server_fault_without_traceback_and_writes_nothing(dfdg, monkeypatch):
    from service.domain import fravaer

    # KG 2 jobparat deregisters, so the failure comes after the sick notice was written in the transaction.
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(fravaer, "tilmeldt_on", broken)
    status, body = dfdg.post(
        "SygemeldingService",
        _body(
            "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            "<t:Sygemelding><t:Startdato>2026-03-01</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato></t:Sygemelding>"
            "</t:CreateSygemeldingRequest>",
            header=_headers(),
        ),
    )
    code, message = parse_fault(body)
    assert code == 1011 and b"<faultcode>soap11env:Server.1011</faultcode>" in body
    assert b"boom" not in body and b"Traceback" not in body
    assert dfdg.tilstand(cpr).Fravaer == []


def _headers() -> str:
    return caller_headers_xml()


def test_fault_detail_is_dfdgs_fault_details_first_then_the_violations(dfdg):
    """A client validating FaultDetails against DFDG's schema accepts it (dfdg-wire.md § 2.7); the rules follow it."""
    from pathlib import Path

    schema = etree.XMLSchema(etree.parse(str(Path(__file__).resolve().parent.parent / "service/soap/xsd/FaultDetails.xsd")))
    status, body = dfdg.post(
        "SygemeldingService",
        _body(
            "<t:CreateSygemeldingRequest><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            "<t:Sygemelding><t:Startdato>2026-03-01</t:Startdato><t:Anmeldelsesdato>2026-03-01</t:Anmeldelsesdato></t:Sygemelding>"
            "</t:CreateSygemeldingRequest>",
            header=_headers(),
        ),
    )
    fault = etree.fromstring(body).find(".//{http://schemas.xmlsoap.org/soap/envelope/}Fault")
    details, violations = list(fault.find("detail"))
    assert schema.validate(details), schema.error_log
    assert fault.findtext("faultcode") == "soap11env:Client.1010"
    # DFDG's published text for its common code; the rule's Danish message in InnerException and the violation.
    assert fault.findtext("faultstring") == details.findtext(f"{{{FAULT}}}Message") == "Unknown cpr"
    assert "0101801234" in details.findtext(f"{{{FAULT}}}InnerException")
    assert etree.QName(violations).namespace == "urn:dfdg-emulator:Violations:1"
    assert violations[0].findtext("{urn:dfdg-emulator:Violations:1}RuleIdentifier") == "CPR_UKENDT"


def test_wsdl_follows_dfdgs_body_header_fault_and_soap_action_conventions(emulator):
    """dfdg-wire.md §§ 2.1-2.7: <Operation>Request/Response roots in a dated payload namespace, messages
    <Operation>RequestMsg/ResponseMsg, headers bound on every input (RequestUserMetadataHeader first), FaultDetails
    on every operation, soapAction <WSDL namespace>#<Operation>, the receipt required with qualified children."""
    from werkzeug.test import Client

    wsdl = etree.fromstring(Client(emulator).get("/SygemeldingService?wsdl").data)
    w, soap, xs = "{http://schemas.xmlsoap.org/wsdl/}", "{http://schemas.xmlsoap.org/wsdl/soap/}", "{http://www.w3.org/2001/XMLSchema}"
    tns = "http://service.bm.dk/pjaktass/1/SygemeldingService"
    assert wsdl.get("targetNamespace") == tns
    messages = {m.get("name"): m[0] for m in wsdl.iter(w + "message")}
    for operation in wsdl.find(w + "binding").iter(w + "operation"):
        name = operation.get("name")
        assert operation.find(soap + "operation").get("soapAction") == f"{tns}#{name}"
        assert [h.get("part") for h in operation.find(w + "input").iter(soap + "header")] == [
            "RequestUserMetadataHeader",
            "ActiveOrganisationHeader",
            "RequestId",
        ]
        assert operation.find(w + "fault").find(soap + "fault").get("name") == "FaultDetails"
        part = messages[f"{name}RequestMsg"]
        assert etree.QName(part.nsmap[part.get("element").split(":")[0]], part.get("element").split(":")[1]) == etree.QName(
            SY, f"{name}Request"
        )
        assert f"{name}ResponseMsg" in messages
    assert messages["FaultDetails"].get("element").endswith(":FaultDetails")
    schemas = {s.get("targetNamespace"): s for s in wsdl.iter(xs + "schema")}
    assert tns not in schemas  # payload and WSDL namespaces differ, as DFDG's
    response = schemas[SY].find(f"{xs}complexType[@name='CreateSygemeldingResponseType']")
    receipt = response.find(f".//{xs}element[@name='ServiceReceipt']")
    assert receipt.get("minOccurs") is None and receipt.get("nillable") is None
    shared = schemas["http://service.bm.dk/pjaktass/2026/01/01/Faelles/"]
    assert shared.get("elementFormDefault") == "qualified"
    assert [e.get("name") for e in shared.find(f"{xs}complexType[@name='ServiceReceiptType']").iter(xs + "element")] == [
        "EventDate",
        "MessageIdentifier",
    ]


def test_every_inline_schema_follows_the_schemas_it_imports():
    """JAX-WS wsimport reads the WSDL's inline schemas in order and warns (src-resolve) about each reference into one
    further down; so each schema comes after those it imports (issue 15: wsimport printed 8 warnings per service)."""
    from pathlib import Path

    xs = "http://www.w3.org/2001/XMLSchema"
    for path in sorted(Path(__file__).resolve().parent.parent.glob("wsdl/*.wsdl")):
        seen: list[str] = []
        for schema in etree.parse(str(path)).getroot().find(f"{{{WSDL}}}types"):
            imported = {i.get("namespace") for i in schema.findall(f"{{{xs}}}import")}
            assert imported <= set(seen), (path.name, schema.get("targetNamespace"), imported - set(seen))
            seen.append(schema.get("targetNamespace"))


def test_services_answer_at_dfdgs_paths_so_only_the_host_name_changes(dfdg):
    """dfdg-wire.md § 2.1 (R1c): /PjakTassWCF/1/<Service>.svc (POST, ?wsdl) and /PjakTassWCF/1/wsdl/<Service>.wsdl."""
    import zeep

    from service.harness.transport import WsgiTransport
    from tests.conftest import BASE

    transport = WsgiTransport(dfdg.emulator, BASE)
    for url in (f"{BASE}/PjakTassWCF/1/wsdl/SygemeldingService.wsdl", f"{BASE}/PjakTassWCF/1/SygemeldingService.svc?wsdl"):
        client = zeep.Client(url, transport=transport)
        assert client.service._binding_options["address"] == f"{BASE}/PjakTassWCF/1/SygemeldingService.svc"
    cpr = dfdg.borger()
    created = client.service.CreateSygemelding(cpr, {"Startdato": TODAY, "Anmeldelsesdato": TODAY}, _soapheaders=dfdg.headers())
    assert [f.FravaerIdentifier for f in dfdg.tilstand(cpr).Fravaer] == [created.FravaerIdentifier]
    assert dfdg.post("SygemeldingService", b"<x/>")[0] == 500  # the plain path keeps working


def test_organisation_and_user_types_are_stars(dfdg):
    """dfdg-wire.md § 2.4 (W3): 7 Kommune (own citizens), 8 Jobcenter, 4 AndenAktoer, 24 Virksomhed; user types 1-4.
    The old project value 2 for Kommune is no longer a type."""
    cpr = dfdg.borger()
    assert refused(dfdg.kontaktgruppe.GetKontaktgrupper, cpr, _soapheaders=dfdg.headers((2, "101")))[0] == 8173
    assert len(dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=dfdg.headers((7, "101"), user_type=4))) == 1
    assert refused(dfdg.kontaktgruppe.GetKontaktgrupper, cpr, _soapheaders=dfdg.headers((7, "202")))[0] == 4575
    assert refused(dfdg.kontaktgruppe.GetKontaktgrupper, cpr, _soapheaders=dfdg.headers((24, "12345678")))[0] == 4575
    lists = {k.Navn: {c.Vaerdi: c for c in k.Kode} for k in dfdg.kodeliste.GetKodeliste()}
    assert {v: c.Navn for v, c in lists["Organisationstype"].items() if v in (4, 7, 8, 24)} == {
        4: "AndenAktoer",
        7: "Kommune",
        8: "Jobcenter",
        24: "Virksomhed",
    }
    assert {v: c.Navn for v, c in lists["Brugertype"].items()} == {1: "Borger", 2: "Sagsbehandler", 3: "System", 4: "Medarbejder"}
    # The types DFDG has not published are marked as the project's own.
    assert all(lists["Organisationstype"][v].Kilde.startswith("projekt-defineret") for v in (1, 3, 9))
    assert not any(c.Kilde.startswith("projekt-defineret") for v, c in lists["Organisationstype"].items() if v in (4, 7, 8, 24))
