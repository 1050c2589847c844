"""Shared fixtures: the emulator in-process (SQLite in memory, or DFDG_TEST_DATABASE_URL), zeep clients, helpers."""

from __future__ import annotations

import os
import socket
from datetime import UTC, date, datetime
from typing import Any

import pytest
import zeep
from lxml import etree

from service.app import Emulator, create_app
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from tests.faces import Refused, Rest, RestFace, SoapFace

DATABASE_URL = os.environ.get("DFDG_TEST_DATABASE_URL", "sqlite://")
BASE = "http://dfdg.local"
FAULT_NS = "http://service.bm.dk/xml/schemas/2011/01/12/"
VIOLATIONS_NS = "urn:dfdg-emulator:Violations:1"
JOBCENTER = (8, "10100")
TODAY = date(2026, 3, 1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "server: starts a real server process and may use loopback sockets")


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to the app in-process; only tests marked `server` may open sockets."""
    if request.node.get_closest_marker("server"):
        return

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a unit test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def emulator() -> Emulator:
    app = create_app(Settings(database_url=DATABASE_URL), FixedClock(), IdGenerator(0))
    yield app
    app.deps.store.dispose()


@pytest.fixture(scope="session")
def _clients(emulator: Emulator) -> dict[str, zeep.Client]:
    transport = WsgiTransport(emulator, BASE)
    return {name: zeep.Client(f"{BASE}/{name}?wsdl", transport=transport) for name in emulator.services}


def caller_headers(
    org: tuple[int, str] = JOBCENTER, user_type: int = 3, request_id: str | None = None, user_identifier: str = "sagsbehandler1"
) -> dict[str, Any]:
    """zeep _soapheaders in DFDG's shape: the acting organisation, and the user with the organisation it belongs to."""
    h: dict[str, Any] = {
        "RequestUserMetadataHeader": {
            "RequestUserStructure": {
                "UserFullName": "Sara Sagsbehandler",
                "RequestUserTypeIdentifier": {"CodeListItemIdentifier": user_type},
                "UserIdentifier": user_identifier,
            },
            "RequestOrganisationStructure": {
                "OrganisationTypeIdentifier": {"CodeListItemIdentifier": org[0]},
                "OrganisationCode": org[1] if org[1].isdigit() else "-1",
            },
            "RegistrationDateTime": datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        },
        "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": org[0], "OrganisationCode": org[1]},
    }
    if request_id is not None:
        h["RequestId"] = request_id
    return h


class Dfdg:
    """The emulator as a vendor's test sees it: one zeep client per service, plus set-up helpers."""

    def __init__(self, clients: dict[str, zeep.Client], emulator: Emulator) -> None:
        self.clients = clients
        self.emulator = emulator
        # One zeep service per published service (service/app.py SERVICES, the one list), named as the tests use it:
        # FravaerService as `dfdg.fravaer`, TestSupportService as `dfdg.testsupport`.
        for name, client in clients.items():
            setattr(self, name.removesuffix("Service").lower(), client.service)

    def __getattr__(self, name: str) -> Any:
        # Only reached for a name no service gave (the services are set in __init__): say which exist.
        raise AttributeError(f"no service {name!r}; published: {', '.join(sorted(self.clients))}")

    @staticmethod
    def headers(
        org: tuple[int, str] = JOBCENTER, user_type: int = 3, request_id: str | None = None, user_identifier: str = "sagsbehandler1"
    ) -> dict[str, Any]:
        """DFDG's two caller headers (dfdg-wire.md § 2.3-2.4), and the emulator's optional RequestId."""
        return caller_headers(org, user_type, request_id, user_identifier)

    def borger(
        self,
        cpr: str = "0101801234",
        kontaktgruppe: int | None = 24,
        start: date = date(2025, 1, 1),
        personkategori: int | None = None,
        tilmeldt: bool = True,
        akasse: str | None = None,
        historik: list[dict[str, Any]] | None = None,
    ) -> str:
        if historik is None:
            historik = (
                []
                if kontaktgruppe is None
                else [{"KontaktgruppeType": kontaktgruppe, "Startdato": start, "Personkategori": personkategori}]
            )
        self.testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": cpr,
                "Navn": "Test Borger",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "AkasseKode": akasse,
                "Tilmeldt": tilmeldt,
                "Kontaktgruppehistorik": historik,
            }
        )
        return cpr

    def sygemeld(self, cpr: str, start: date, org: tuple[int, str] = JOBCENTER, **fields: Any) -> Any:
        sygemelding = {"Startdato": start, "Anmeldelsesdato": fields.pop("Anmeldelsesdato", TODAY), **fields}
        return self.sygemelding.CreateSygemelding(
            PersonCivilRegistrationIdentifier=cpr, Sygemelding=sygemelding, _soapheaders=self.headers(org)
        )

    def tilstand(self, cpr: str) -> Any:
        return self.testsupport.GetTilstand(cpr)

    def post(self, service: str, body: bytes, content_type: str = "text/xml; charset=utf-8") -> tuple[int, bytes]:
        from werkzeug.test import Client

        response = Client(self.emulator).post(f"/{service}", data=body, headers={"Content-Type": content_type})
        return response.status_code, response.data


@pytest.fixture
def dfdg(emulator: Emulator, _clients: dict[str, zeep.Client]) -> Dfdg:
    emulator.deps.store.reset()
    emulator.deps.ids.reseed(0)
    client = Dfdg(_clients, emulator)
    client.testsupport.SetDato(TODAY)
    return client


def fault_of(error: zeep.exceptions.Fault) -> tuple[int, list[dict[str, str]]]:
    """DFDG's FaultDetails error code, and the emulator's violations next to it in the detail."""
    details = error.detail.find(f"{{{FAULT_NS}}}FaultDetails")
    violations = [
        {etree.QName(c).localname: c.text for c in v}
        for v in error.detail.findall(f"{{{VIOLATIONS_NS}}}Violations/{{{VIOLATIONS_NS}}}Violation")
    ]
    return int(details.find(f"{{{FAULT_NS}}}ErrorCode").text), violations


def refused(call: Any, *args: Any, **kwargs: Any) -> tuple[int, list[dict[str, str]], str]:
    """Call, expect a fault (or a REST refusal, tests/faces.py); its error code, violations and faultstring."""
    with pytest.raises((zeep.exceptions.Fault, Refused)) as info:
        call(*args, **kwargs)
    if isinstance(info.value, Refused):
        return info.value.code, info.value.violations, info.value.message
    code, violations = fault_of(info.value)
    return code, violations, info.value.message


def parse_fault(body: bytes) -> tuple[int, str]:
    """The error code of a raw fault response, and its violations' (Danish, rule-level) messages."""
    root = etree.fromstring(body)
    messages = [m.text for m in root.iterfind(f".//{{{VIOLATIONS_NS}}}Violation/{{{VIOLATIONS_NS}}}Message")]
    return int(root.find(f".//{{{FAULT_NS}}}ErrorCode").text), " | ".join(messages)


@pytest.fixture
def rest(dfdg: Dfdg) -> Rest:
    """The REST face (issue 12) on the same emulator, emptied and dated like `dfdg`."""
    return Rest(dfdg.emulator)


@pytest.fixture(params=["soap", "rest"])
def face(request: pytest.FixtureRequest, dfdg: Dfdg, rest: Rest) -> SoapFace | RestFace:
    """Either face: the rule-family tests run through SOAP and REST alike."""
    return SoapFace(dfdg) if request.param == "soap" else RestFace(dfdg, rest)
