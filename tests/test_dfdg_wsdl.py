"""A client built from a WSDL written by hand from DFDG's published conventions (tests/dfdg_wsdl/, dfdg-wire.md),
not from the emulator's own WSDL, works against the emulator: calls accepted, receipts read, refusals caught as
DFDG's typed FaultDetails with DFDG's error codes."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import zeep

from service.harness.transport import WsgiTransport
from tests.conftest import BASE, TODAY

WSDL = Path(__file__).resolve().parent / "dfdg_wsdl" / "SygemeldingService.wsdl"
FAULT = "http://service.bm.dk/xml/schemas/2011/01/12/"


@pytest.fixture
def client(dfdg):
    return zeep.Client(str(WSDL), transport=WsgiTransport(dfdg.emulator, BASE))


def _headers(org_type: int = 8, org_code: str = "10100", user_type: int = 3) -> dict:
    """Header values as STAR's own client sends them (dfdg-wire.md § 2.3-2.4, R1g: type 8 with the jobcentre number)."""
    return {
        "RequestUserMetadataHeader": {
            "RequestUserStructure": {
                "UserFullName": "Planner job",
                "RequestUserTypeIdentifier": {"CodeListItemIdentifier": user_type},
                "UserIdentifier": "CVR:12345678-FID:98765432",
            },
            "RequestOrganisationStructure": {
                "OrganisationTypeIdentifier": {"CodeListItemIdentifier": org_type},
                "OrganisationCode": org_code,
            },
            "RegistrationDateTime": datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        },
        "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": org_type, "OrganisationCode": org_code},
    }


def _fault_details(client: zeep.Client, error: zeep.exceptions.Fault):
    """The detail's first entry read as the WSDL's FaultDetails type, as a generated client reads its typed fault."""
    first = error.detail[0]
    assert first.tag == f"{{{FAULT}}}FaultDetails"
    return client.get_element(f"{{{FAULT}}}FaultDetails").parse(first, client.wsdl.types)


def test_a_call_is_accepted_and_its_receipt_read(client, dfdg):
    cpr = dfdg.borger()
    response = client.service.CreateSygemelding(
        PersonCivilRegistrationIdentifier=cpr, Sygemelding={"Startdato": TODAY, "Anmeldelsesdato": TODAY}, _soapheaders=_headers()
    )
    assert response.ServiceReceipt.EventDate is not None and len(response.ServiceReceipt.MessageIdentifier) == 36
    assert [f.FravaerIdentifier for f in dfdg.tilstand(cpr).Fravaer] == [response.FravaerIdentifier]


@pytest.mark.parametrize(
    "headers, code",
    [
        (_headers(org_code="20200"), 4575),  # another jobcentre's citizen
        (_headers(org_type=42), 8173),
        (_headers(user_type=77), 8174),
        ({"ActiveOrganisationHeader": _headers()["ActiveOrganisationHeader"]}, 8233),
        ({"RequestUserMetadataHeader": _headers()["RequestUserMetadataHeader"]}, 8232),
    ],
)
def test_a_refused_call_is_a_typed_fault_with_dfdgs_code(client, dfdg, headers, code):
    cpr = dfdg.borger()
    with pytest.raises(zeep.exceptions.Fault) as info:
        client.service.CreateSygemelding(
            PersonCivilRegistrationIdentifier=cpr, Sygemelding={"Startdato": TODAY, "Anmeldelsesdato": TODAY}, _soapheaders=headers
        )
    details = _fault_details(client, info.value)
    assert details.ErrorCode == code and details.Message == info.value.message
    assert dfdg.tilstand(cpr).Fravaer == []


def test_an_unknown_citizen_is_1010_with_dfdgs_text(client, dfdg):
    with pytest.raises(zeep.exceptions.Fault) as info:
        client.service.CreateSygemelding(
            PersonCivilRegistrationIdentifier="0101801234",
            Sygemelding={"Startdato": TODAY, "Anmeldelsesdato": TODAY},
            _soapheaders=_headers(),
        )
    details = _fault_details(client, info.value)
    assert (details.ErrorCode, details.Message) == (1010, "Unknown cpr")
