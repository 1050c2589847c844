"""A corpus of hostile and broken requests (issue 8 item 5 of "Deliver"): every one is answered with a SOAP
fault carrying DFDG's FaultDetails (1014, or 8232/8233 where a caller header is missing), nothing is
written, and the emulator keeps serving."""

from __future__ import annotations

import codecs

import pytest
from lxml import etree
from sqlalchemy import func, select

from service.harness.replay import caller_headers_xml
from service.store.tables import Base
from tests.conftest import FAULT_NS, TODAY, VIOLATIONS_NS

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
FR = "http://service.bm.dk/FravaerService/2026/01/01/"
SY = "http://service.bm.dk/SygemeldingService/2026/01/01/"
ORG = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"
USER = "http://service.bm.dk/RequestUserMetadata/2015/01/21/"
CPR = "0101801234"
XML = "text/xml; charset=utf-8"

# DFDG's two caller headers, as STAR's published example serialises them.
HEADERS = caller_headers_xml()
ORG_HEADER = HEADERS[HEADERS.index("<ams:ActiveOrganisationHeader") :]
USER_HEADER = HEADERS[: HEADERS.index("<ams:ActiveOrganisationHeader")]
FIELDS = {
    "FravaerIdentifier": "11111111-1111-4111-8111-111111111111",
    "FravaerType": "10",
    "Startdato": "2026-03-02",
    "Slutdato": "2026-03-05",
    "Anmeldelsesdato": "2026-03-01",
    "Kommentar": "ferie",
}


def envelope(operation: str, header: str = ORG_HEADER + USER_HEADER, tns: str = FR, env: str = ENV, after_body: str = "") -> str:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{env}" xmlns:t="{tns}"><soapenv:Header>{header}</soapenv:Header>'
        f"<soapenv:Body>{operation}</soapenv:Body>{after_body}</soapenv:Envelope>"
    )


def create(cpr: str = f"<t:PersonCivilRegistrationIdentifier>{CPR}</t:PersonCivilRegistrationIdentifier>", **fields: str | None) -> str:
    """CreateFravaer with each field's text replaced (a str), or the field left out (None); `_extra` is appended."""
    values = {**FIELDS, **{k: v for k, v in fields.items() if not k.startswith("_")}}
    inner = "".join(f"<t:{k}>{v}</t:{k}>" for k, v in values.items() if v is not None)
    return f"<t:CreateFravaerRequest>{cpr}<t:Fravaer>{inner}{fields.get('_extra') or ''}</t:Fravaer></t:CreateFravaerRequest>"


def valid() -> str:
    return envelope(create())


def lol(levels: int = 9) -> str:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, levels + 1))
    return f"<!DOCTYPE soapenv:Envelope [{entities}]>" + envelope(create(Kommentar=f"&a{levels};"))


def _cases() -> list[tuple[str, bytes, str, set[int]]]:
    c: list[tuple[str, bytes | str, str, set[int]]] = []

    def add(name: str, body: bytes | str, content_type: str = XML, codes: set[int] | None = None) -> None:
        c.append((name, body, content_type, codes or {1014}))

    # Malformed XML
    add("empty body", b"")
    add("only whitespace", b"   \n ")
    add("only a declaration", b'<?xml version="1.0"?>')
    add("unclosed element", valid()[:-20])
    add("mismatched end tag", valid().replace("</t:Startdato>", "</t:Slutdato>", 1))
    add("two root elements", valid() + valid())
    add("text after the root", valid() + "garbage")
    add("unquoted attribute", valid().replace('xmlns:t="', "xmlns:t=", 1))
    add("bare ampersand", envelope(create(Kommentar="a & b")))
    add("less-than in text", envelope(create(Kommentar="a < b")))
    add("undefined entity", envelope(create(Kommentar="&nbsp;")))
    add("character reference to NUL", envelope(create(Kommentar="&#0;")))
    add("character reference to a surrogate", envelope(create(Kommentar="&#xD800;")))
    add("undeclared prefix", valid().replace("<t:Startdato>", "<x:Startdato>").replace("</t:Startdato>", "</x:Startdato>"))
    add("declaration not at the start", " " + '<?xml version="1.0"?>' + valid())
    add("declaration twice", '<?xml version="1.0"?><?xml version="1.0"?>' + valid())
    add("XML 1.1 control character", envelope(create(Kommentar="\x01")))
    add("attribute twice", valid().replace("<t:CreateFravaerRequest>", '<t:CreateFravaerRequest a="1" a="2">'))
    # XXE and entity expansion
    add("XXE file", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + envelope(create(Kommentar="&e;")))
    add("XXE http", '<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>' + envelope(create(Kommentar="&e;")))
    add("XXE parameter entity", '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>' + valid())
    add("external DTD subset", '<!DOCTYPE x SYSTEM "file:///etc/passwd">' + valid())
    add("XXE public id", '<!DOCTYPE x PUBLIC "-//X//EN" "http://127.0.0.1:9/x.dtd">' + valid())
    add("billion laughs", lol(9))
    add("billion laughs, shallow", lol(3))
    add("quadratic blowup", f'<!DOCTYPE x [<!ENTITY a "{"x" * 50_000}">]>' + envelope(create(Kommentar="&a;" * 15)))
    add("internal entity harmless", '<!DOCTYPE x [<!ENTITY a "ferie">]>' + envelope(create(Kommentar="&a;")))
    add(
        "XInclude",
        envelope(create(Kommentar='<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>')),
    )
    # Size and shape
    add("deep nesting 5000", envelope(create(_extra="<t:x>" * 5000 + "</t:x>" * 5000)))
    add("nesting 200", envelope(create(_extra="<t:x>" * 200 + "</t:x>" * 200)))
    add("huge attribute", valid().replace("<t:CreateFravaerRequest>", f'<t:CreateFravaerRequest a="{"x" * 500_000}">'))
    add(
        "many attributes",
        valid().replace("<t:CreateFravaerRequest>", "<t:CreateFravaerRequest " + " ".join(f'a{i}="1"' for i in range(20_000)) + ">"),
    )
    add("many siblings", envelope(create(_extra="<t:Kommentar>x</t:Kommentar>" * 30_000)))
    add("huge element name", valid().replace("t:Kommentar", "t:K" + "x" * 200_000))
    add("oversized", envelope(create(Kommentar="x" * 1_100_000)))
    add("comment too long", envelope(create(Kommentar="x" * 1501)))
    add("oversized in entities", lol(12))
    # Envelope and SOAP version
    add("SOAP 1.2 envelope", envelope(create(), env="http://www.w3.org/2003/05/soap-envelope"), "application/soap+xml; charset=utf-8")
    add("envelope without namespace", valid().replace(f' xmlns:soapenv="{ENV}"', "").replace("soapenv:", ""))
    add("envelope in another namespace", envelope(create(), env="urn:not-soap"))
    add("no envelope, bare operation", create().replace("<t:CreateFravaerRequest>", f'<t:CreateFravaerRequest xmlns:t="{FR}">'))
    add("no Body", envelope("").replace("<soapenv:Body></soapenv:Body>", ""))
    add("empty Body", envelope(""))
    add("two operations in Body", envelope(create() + create()))
    add("second Body", envelope(create(), after_body="<soapenv:Body/>"))
    add("element after Body", envelope(create(), after_body='<x:y xmlns:x="urn:x"/>'))
    add("Header after Body", envelope(create(), after_body="<soapenv:Header/>"))
    add("two Headers", valid().replace("<soapenv:Header>", "<soapenv:Header></soapenv:Header><soapenv:Header>", 1))
    add("text in Envelope", valid().replace("<soapenv:Body>", "hej<soapenv:Body>"))
    add("text in Body", valid().replace("<soapenv:Body>", "<soapenv:Body>hej"))
    add("unknown element in Envelope", valid().replace("<soapenv:Body>", '<x:Foo xmlns:x="urn:x"/><soapenv:Body>'))
    # Content types and encodings
    add("JSON content type", b'{"CreateFravaer": {}}', "application/json")
    add("XML sent as JSON", valid(), "application/json")
    add("form encoded", b"a=1&b=2", "application/x-www-form-urlencoded")
    add("plain text", valid(), "text/plain")
    add("multipart", valid(), "multipart/form-data; boundary=x")
    add("unknown charset", valid(), "text/xml; charset=bogus")
    add("binary codec as charset", valid(), "text/xml; charset=base64")
    add("latin-1 labelled utf-8", envelope(create(Kommentar="Søren")).encode("latin-1"))
    add("latin-1 without label or declaration", envelope(create(Kommentar="Søren")).encode("latin-1"), "text/xml")
    add("declaration names unknown encoding", '<?xml version="1.0" encoding="bogus"?>' + valid(), "text/xml")
    add("declaration disagrees with charset", '<?xml version="1.0" encoding="ISO-8859-1"?>' + valid())
    add("utf-16 labelled utf-8", valid().encode("utf-16"))
    add("utf-8 labelled utf-16", valid().encode(), "text/xml; charset=utf-16")
    add("utf-16 without BOM", valid().encode("utf-16-le"), "text/xml")
    add("utf-32", valid().encode("utf-32"), "text/xml")
    add("BOM then latin-1", codecs.BOM_UTF8 + envelope(create(Kommentar="Søren")).encode("latin-1"), "text/xml")
    # Invalid UTF-8 and NUL bytes
    for name, raw in [
        ("overlong slash", b"\xc0\xaf"),
        ("lone continuation byte", b"\x80"),
        ("encoded surrogate", b"\xed\xa0\x80"),
        ("byte FF", b"\xff"),
        ("truncated sequence", b"\xe2\x82"),
        ("five-byte sequence", b"\xf8\x88\x80\x80\x80"),
    ]:
        add(f"invalid UTF-8: {name}", valid().encode().replace(b"ferie", b"fe" + raw + b"rie"))
    add("NUL in text", valid().encode().replace(b"ferie", b"fe\x00rie"))
    add("NUL in a tag", valid().encode().replace(b"<t:Kommentar>", b"<t:Komm\x00entar>"))
    add("NUL at the end", valid().encode() + b"\x00")
    add("NUL before the root", b"\x00" + valid().encode())
    # Comments, processing instructions, CDATA in odd places
    add("comment before the declaration", '<!-- x --><?xml version="1.0"?>' + valid())
    add("PI named xml inside", valid().replace("<t:Fravaer>", '<t:Fravaer><?xml version="1.0"?>'))
    add("comment with double hyphen", valid().replace("<t:Fravaer>", "<t:Fravaer><!-- a -- b -->"))
    add("unterminated comment", valid().replace("<t:Fravaer>", "<t:Fravaer><!-- a"))
    add("comment hiding an invalid date", envelope(create(Startdato="2026-<!-- x -->13-01")))
    add("PI splitting a type code", envelope(create(FravaerType="1<?pi x?>x")))
    add("CDATA with an invalid date", envelope(create(Startdato="<![CDATA[not-a-date]]>")))
    add("CDATA wrapping markup", envelope(create(_extra="<![CDATA[<t:Slutdato>2026-03-09</t:Slutdato>]]>")))
    add("unterminated CDATA", envelope(create(Kommentar="<![CDATA[abc")))
    add("CDATA outside the root", valid() + "<![CDATA[x]]>")
    # Wrong namespaces
    add("operation of another service", envelope(create(), tns=SY))
    add("operation without namespace", valid().replace("t:CreateFravaer", "CreateFravaer"))
    add("operation in a misspelt namespace", envelope(create(), tns=FR + "x"))
    add("children without namespace", valid().replace("<t:Startdato>", "<Startdato>").replace("</t:Startdato>", "</Startdato>"))
    add("children in the envelope namespace", valid().replace("t:Startdato", "soapenv:Startdato"))
    add("caller header in a wrong namespace", envelope(create(), header=ORG_HEADER.replace(ORG, ORG + "x") + USER_HEADER), codes={8232})
    add("user header in a wrong namespace", envelope(create(), header=ORG_HEADER + USER_HEADER.replace(USER, "urn:x")), codes={8233})
    # A caller header present but not in DFDG's shape is DFDG's 8234 (organisation) or 8235 (user).
    add(
        "header children in a wrong namespace",
        envelope(
            create(),
            header=ORG_HEADER.replace("<ams:OrganisationCode>", '<OrganisationCode xmlns="urn:x">').replace(
                "</ams:OrganisationCode>", "</OrganisationCode>"
            )
            + USER_HEADER,
        ),
        codes={8234},
    )
    # Missing headers and mandatory elements
    add("no caller headers", envelope(create(), header=""), codes={8232, 8233})
    add("no organisation header", envelope(create(), header=USER_HEADER), codes={8232})
    add("no user header", envelope(create(), header=ORG_HEADER), codes={8233})
    add(
        "header missing a child",
        envelope(create(), header=ORG_HEADER + USER_HEADER.replace("<rus:UserFullName>Sara Sagsbehandler</rus:UserFullName>", "")),
        codes={8235},
    )
    add("header value empty", envelope(create(), header=ORG_HEADER.replace(">10100<", "><") + USER_HEADER), codes={8234})
    add("no CPR", envelope(create(cpr="")))
    add(
        "no Fravaer",
        envelope(
            f"<t:CreateFravaerRequest><t:PersonCivilRegistrationIdentifier>{CPR}</t:PersonCivilRegistrationIdentifier></t:CreateFravaerRequest>"
        ),
    )
    add("no FravaerType", envelope(create(FravaerType=None)))
    add("no Startdato", envelope(create(Startdato=None)))
    add("no Anmeldelsesdato", envelope(create(Anmeldelsesdato=None)))
    add("empty operation", envelope("<t:CreateFravaer/>"))
    # Duplicated, unknown and misplaced elements
    add("CPR twice", envelope(create(cpr=f"<t:PersonCivilRegistrationIdentifier>{CPR}</t:PersonCivilRegistrationIdentifier>" * 2)))
    add("Startdato twice", envelope(create(_extra="<t:Startdato>2026-03-02</t:Startdato>")))
    add("elements out of order", envelope(create(Startdato=None, _extra="<t:Startdato>2026-03-02</t:Startdato>")))
    add("organisation header twice", envelope(create(), header=ORG_HEADER * 2 + USER_HEADER))
    add("unknown element in Fravaer", envelope(create(_extra="<t:Hemmelig>1</t:Hemmelig>")))
    add("unknown operation", envelope(create().replace("CreateFravaer", "DropAllTables")))
    add("response element as request", envelope(create().replace("CreateFravaer", "CreateFravaerResponse")))
    add("type name as element", envelope("<t:Fravaer/>"))
    add("unknown attribute", valid().replace("<t:Startdato>", '<t:Startdato x="1">'))
    add(
        "xsi:type to another type",
        envelope(
            create().replace("<t:Fravaer>", '<t:Fravaer xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:FravaerFindes">')
        ),
    )
    add(
        "xsi:nil on a mandatory element",
        valid().replace(
            "<t:Startdato>2026-03-02</t:Startdato>", '<t:Startdato xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'
        ),
    )
    add("child elements in a date", envelope(create(Startdato="<t:x>2026-03-02</t:x>")))
    add("text directly in Fravaer", envelope(create(_extra="tekst")))
    # Wrong values in every field kind
    for value in [
        "2026-02-30",
        "2026-13-01",
        "26-03-01",
        "2026/03/02",
        "",
        "i dag",
        "2026-3-2",
        "20260302",
        "2026-03-02T00:00:00",
        "+2026-03-02",
        "2026-03-02 12",
        "０２０２６-03-02",
    ]:
        add(f"date '{value}'", envelope(create(Startdato=value)))
    for value in ["abc", "1.5", "1e3", "99999999999999999999999", "-1", "", "0x10", "+", "٣", "10001", "1 0"]:
        add(f"code '{value}'", envelope(create(FravaerType=value)))
    for value in [
        "1111",
        "11111111-1111-4111-8111-11111111111g",
        "{11111111-1111-4111-8111-111111111111}",
        "11111111111141118111111111111111",
        " 11111111-1111-4111-8111-111111111111",
        "",
    ]:
        add(f"guid '{value}'", envelope(create(FravaerIdentifier=value)))
    for value in ["010180123", "01018012345", "01018O1234", "010180-1234", "", " 0101801234", "0101801234 ", "０１０１８０１２３４"]:
        add(f"cpr '{value}'", envelope(create(cpr=f"<t:PersonCivilRegistrationIdentifier>{value}</t:PersonCivilRegistrationIdentifier>")))
    for value in ["10:00", "2026-03-02T25:00:00", "2026-03-02T10:00:60", "2026-03-02 10:00:00", "nu", "", "2026-03-02T10:00:00+15:00"]:
        add(
            f"dateTime '{value}'",
            envelope(
                "<t:CreateSamtaleRequest><t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier><t:Samtale>"
                f"<t:SamtaleType>7</t:SamtaleType><t:Afholdelsestidspunkt>{value}</t:Afholdelsestidspunkt>"
                "<t:Samtaleform>1</t:Samtaleform></t:Samtale></t:CreateSamtaleRequest>",
                tns="http://service.bm.dk/SamtaleService/2026/01/01/",
            ),
        )
    for value in ["yes", "True", "2", ""]:
        add(
            f"boolean '{value}'",
            envelope(
                "<t:OpretTestborgerRequest><t:Testborger><t:PersonCivilRegistrationIdentifier>0202802345</t:PersonCivilRegistrationIdentifier>"
                "<t:Navn>X</t:Navn><t:Kommunekode>101</t:Kommunekode><t:JobcenterKode>10100</t:JobcenterKode>"
                f"<t:Tilmeldt>{value}</t:Tilmeldt></t:Testborger></t:OpretTestborgerRequest>",
                header="",
                tns="http://service.bm.dk/TestSupportService/2026/01/01/",
            ),
        )
    for value in ["", "x" * 47]:
        add(
            f"RequestId of {len(value)} characters",
            envelope(
                create(),
                header=ORG_HEADER
                + USER_HEADER
                + (f'<r:RequestId xmlns:r="http://service.bm.dk/pjaktass/2026/01/01/Faelles/">{value}</r:RequestId>'),
            ),
        )
    return [(name, body if isinstance(body, bytes) else body.encode(), content_type, codes) for name, body, content_type, codes in c]


CASES = _cases()
SERVICE = {"SamtaleService": b"SamtaleService", "TestSupportService": b"TestSupportService"}


def test_the_corpus_is_large_and_the_carrier_is_valid(dfdg):
    """At least 100 payloads, and the request they are made from is accepted, so each refusal is the payload's."""
    assert len(CASES) >= 100 and len({name for name, *_ in CASES}) == len(CASES)
    dfdg.borger(CPR)
    assert dfdg.post("FravaerService", valid().encode())[0] == 200


def _rows(dfdg) -> dict[str, int]:
    with dfdg.emulator.deps.store.engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize("name, body, content_type, codes", CASES, ids=[c[0] for c in CASES])
def test_hostile_request_gets_a_fault_writes_nothing_and_the_server_keeps_serving(dfdg, name, body, content_type, codes):
    dfdg.borger(CPR)
    before = _rows(dfdg)
    service = next((s for s, marker in SERVICE.items() if marker in body[:400].replace(b"\x00", b"")), "FravaerService")
    status, response = dfdg.post(service, body, content_type=content_type)
    assert status == 500, response[:300]
    root = etree.fromstring(response)
    assert root.tag == f"{{{ENV}}}Envelope"
    details = root.find(f".//{{{FAULT_NS}}}FaultDetails")
    assert details is not None, response[:300]
    assert int(details.find(f"{{{FAULT_NS}}}ErrorCode").text) in codes
    violations = root.findall(f".//{{{VIOLATIONS_NS}}}Violation")
    assert violations and all(v.find(f"{{{VIOLATIONS_NS}}}Field").text for v in violations)
    assert b"Traceback" not in response and b"root:" not in response
    assert _rows(dfdg) == before
    assert dfdg.testsupport.GetDato() == TODAY
