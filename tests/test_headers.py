"""DFDG's caller headers on the wire (dfdg-wire.md § 2.3-2.4): STAR's shape accepted, the old flat shape refused with
8235 naming the expected structure, SOAP attributes accepted, and xsi:nil meaning absent (interface.md § 1)."""

from lxml import etree

from tests.conftest import TODAY, parse_fault
from tests.test_contract import _headers

SY = "http://service.bm.dk/SygemeldingService/2026/01/01/"
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _create(dfdg, header: str) -> tuple[int, bytes]:
    return dfdg.post(
        "SygemeldingService",
        (
            f'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{SY}" {XSI}>'
            f"<soapenv:Header>{header}</soapenv:Header><soapenv:Body><t:CreateSygemeldingRequest>"
            "<t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            f"<t:Sygemelding><t:Startdato>{TODAY}</t:Startdato><t:Anmeldelsesdato>{TODAY}</t:Anmeldelsesdato></t:Sygemelding>"
            "</t:CreateSygemeldingRequest></soapenv:Body></soapenv:Envelope>"
        ).encode(),
    )


def _violations(body: bytes) -> list[str]:
    return [m.text for m in etree.fromstring(body).iter() if isinstance(m.tag, str) and etree.QName(m).localname == "Message"]


def test_headers_shaped_like_stars_published_example_are_accepted(dfdg):
    dfdg.borger()
    status, body = _create(dfdg, _headers())
    assert status == 200, body
    assert len(dfdg.tilstand("0101801234").Fravaer) == 1


def test_must_understand_and_actor_on_the_headers_are_accepted(dfdg):
    dfdg.borger()
    header = _headers().replace("<rum:RequestUserMetadataHeader ", '<rum:RequestUserMetadataHeader soapenv:mustUnderstand="1" ')
    header = header.replace(
        "<ams:ActiveOrganisationHeader ", '<ams:ActiveOrganisationHeader soapenv:actor="http://schemas.xmlsoap.org/soap/actor/next" '
    )
    status, body = _create(dfdg, header)
    assert status == 200, body


def test_the_old_flat_user_header_is_8235_naming_the_expected_structure(dfdg):
    dfdg.borger()
    flat = (
        '<u:RequestUserMetadataHeader xmlns:u="http://service.bm.dk/RequestUserMetadata/2015/01/21/">'
        "<u:UserIdentifier>u</u:UserIdentifier><u:UserFullName>U</u:UserFullName>"
        "<u:RequestUserTypeIdentifier>3</u:RequestUserTypeIdentifier></u:RequestUserMetadataHeader>"
    )
    organisation = _headers()[_headers().index("<ams:ActiveOrganisationHeader") :]
    status, body = _create(dfdg, flat + organisation)
    assert (status, parse_fault(body)[0]) == (500, 8235)
    assert any("RequestUserStructure{UserFullName, RequestUserTypeIdentifier{CodeListItemIdentifier}" in m for m in _violations(body))
    assert dfdg.tilstand("0101801234").Fravaer == []


def test_an_unreadable_organisation_header_is_8234(dfdg):
    dfdg.borger()
    user = _headers()[: _headers().index("<ams:ActiveOrganisationHeader")]
    broken = (
        '<ams:ActiveOrganisationHeader xmlns:ams="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/">'
        "<ams:OrganisationCode>10100</ams:OrganisationCode></ams:ActiveOrganisationHeader>"
    )
    status, body = _create(dfdg, user + broken)
    assert parse_fault(body)[0] == 8234


def test_organisation_code_is_any_string_of_1_to_20_characters(dfdg):
    dfdg.borger()
    header = _headers().replace(
        "<ams:OrganisationCode>10100</ams:OrganisationCode>", f"<ams:OrganisationCode>{'A' * 20}</ams:OrganisationCode>"
    )
    status, body = _create(dfdg, header)
    assert parse_fault(body)[0] == 4575  # read, then refused by the access rule: not jobcentre 10100
    header = _headers().replace(
        "<ams:OrganisationCode>10100</ams:OrganisationCode>", f"<ams:OrganisationCode>{'A' * 21}</ams:OrganisationCode>"
    )
    assert parse_fault(_create(dfdg, header)[1])[0] == 8234


def test_nil_request_id_is_absent(dfdg):
    dfdg.borger()
    shared = "http://service.bm.dk/pjaktass/2026/01/01/Faelles/"
    status, body = _create(dfdg, _headers() + f'<e:RequestId xmlns:e="{shared}" {XSI} xsi:nil="true"/>')
    assert status == 200, body
    # Not nil, the same header is read: too long is a schema fault (so the nil one above was not ignored as unknown).
    assert parse_fault(_create(dfdg, _headers() + f'<e:RequestId xmlns:e="{shared}">{"x" * 47}</e:RequestId>')[1])[0] == 1014


def test_nil_caller_headers_are_missing_headers(dfdg):
    dfdg.borger()
    organisation = _headers()[_headers().index("<ams:ActiveOrganisationHeader") :]
    user = _headers()[: _headers().index("<ams:ActiveOrganisationHeader")]
    nil_user = '<rum:RequestUserMetadataHeader xmlns:rum="http://service.bm.dk/RequestUserMetadata/2015/01/21/" xsi:nil="true"/>'
    nil_organisation = '<ams:ActiveOrganisationHeader xmlns:ams="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/" xsi:nil="true"/>'
    assert parse_fault(_create(dfdg, nil_user + organisation)[1])[0] == 8233
    assert parse_fault(_create(dfdg, user + nil_organisation)[1])[0] == 8232


def test_nil_optional_body_element_is_absent(dfdg):
    dfdg.borger()
    status, body = dfdg.post(
        "SygemeldingService",
        (
            f'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{SY}" {XSI}>'
            f"<soapenv:Header>{_headers()}</soapenv:Header><soapenv:Body><t:CreateSygemeldingRequest>"
            "<t:PersonCivilRegistrationIdentifier>0101801234</t:PersonCivilRegistrationIdentifier>"
            f'<t:Sygemelding><t:FravaerIdentifier xsi:nil="true"/><t:Startdato>{TODAY}</t:Startdato><t:Slutdato xsi:nil="true"/>'
            f"<t:Anmeldelsesdato>{TODAY}</t:Anmeldelsesdato></t:Sygemelding>"
            "</t:CreateSygemeldingRequest></soapenv:Body></soapenv:Envelope>"
        ).encode(),
    )
    assert status == 200, body
    assert dfdg.tilstand("0101801234").Fravaer[0].Slutdato is None


def test_unknown_type_in_the_user_headers_organisation_structure_is_8173(dfdg):
    dfdg.borger()
    header = _headers().replace(
        "8</clb:CodeListItemIdentifier></ros:OrganisationTypeIdentifier>",
        "42</clb:CodeListItemIdentifier></ros:OrganisationTypeIdentifier>",
    )
    assert parse_fault(_create(dfdg, header)[1])[0] == 8173
