"""pytest plugin shipped with the emulator (entry point `pytest11`): the fixture `dfdg_emulator`.

    def test_sick_notice(dfdg_emulator):
        dfdg_emulator.testsupport.OpretTestborger(Testborger={...})
        result = dfdg_emulator.sygemelding.CreateSygemelding(..., _soapheaders=dfdg_emulator.headers())

By default the emulator runs inside the test process, on a free loopback port, on a fresh in-memory
database, started once per session. With `--dfdg-url http://host:8080` (or DFDG_URL) the tests use a running
emulator instead, in a sandbox of their own (`pytest-<random>`, deleted at the end of the session), so
parallel CI jobs sharing one emulator never meet. Every test starts on an emptied sandbox with the business
date `--dfdg-today` (default 2026-03-01, fixed at 12:00 Copenhagen time) and a seeded id sequence.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest

DEFAULT_TODAY = "2026-03-01"
# Attribute names of the services on the fixture (dfdg_emulator.sygemelding, ...).
ATTRIBUTES = {
    "KontaktgruppeService": "kontaktgruppe",
    "FravaerService": "fravaer",
    "SygemeldingService": "sygemelding",
    "SamtaleService": "samtale",
    "IndkaldelseService": "indkaldelse",
    "KontaktforloebService": "kontaktforloeb",
    "KodelisteService": "kodeliste",
    "TestSupportService": "testsupport",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dfdg-emulator")
    group.addoption(
        "--dfdg-url",
        default=os.environ.get("DFDG_URL"),
        help="use the DFDG emulator running at this URL (a sandbox of its own) instead of one in the test process (env DFDG_URL)",
    )
    group.addoption(
        "--dfdg-today",
        default=os.environ.get("DFDG_TODAY_FOR_TESTS", DEFAULT_TODAY),
        help=f"business date every test starts on (default {DEFAULT_TODAY})",
    )


@dataclass
class DfdgEmulator:
    """A DFDG emulator for one test: `url` (its sandbox's base URL), `clients` (one zeep client per service) and each
    service's operations as an attribute (`sygemelding`, `testsupport`, ...)."""

    url: str
    sandkasse: str
    today: date
    clients: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        for service, attribute in ATTRIBUTES.items():
            if attribute == name:
                return self.clients[service].service
        raise AttributeError(name)

    def nulstil(self, dato: date | None = None) -> None:
        """Empty the sandbox (ids from a seeded sequence again) and set the business date."""
        self.testsupport.Nulstil(IdFroe=0)
        self.testsupport.SetDato(dato or self.today)

    @staticmethod
    def headers(
        organisationstype: int = 8,
        organisationskode: str = "10100",
        brugertype: int = 3,
        bruger: str = "CVR:12345678-FID:1234",
        request_id: str | None = None,
    ) -> dict[str, Any]:
        """DFDG's two caller headers for zeep's `_soapheaders` (a system user of jobcentre 10100 by default)."""
        h: dict[str, Any] = {
            "RequestUserMetadataHeader": {
                "RequestUserStructure": {
                    "UserFullName": "pytest",
                    "RequestUserTypeIdentifier": {"CodeListItemIdentifier": brugertype},
                    "UserIdentifier": bruger,
                },
                "RequestOrganisationStructure": {
                    "OrganisationTypeIdentifier": {"CodeListItemIdentifier": organisationstype},
                    "OrganisationCode": organisationskode,
                },
                "RegistrationDateTime": datetime.now(UTC),
            },
            "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": organisationstype, "OrganisationCode": organisationskode},
        }
        if request_id is not None:
            h["RequestId"] = request_id
        return h


@pytest.fixture(scope="session")
def _dfdg_base(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(base URL of the services, sandbox name): a running emulator's new sandbox, or one started here."""
    url = request.config.getoption("--dfdg-url")
    if url:
        import zeep

        name = f"pytest-{uuid.uuid4().hex[:12]}"
        yield f"{url.rstrip('/')}/sandkasse/{name}", name
        zeep.Client(f"{url.rstrip('/')}/TestSupportService?wsdl").service.SletSandkasse(name)
        return
    from waitress.server import create_server

    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings(database_url="sqlite://"))
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="dfdg-emulator", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", "default"
    finally:
        server.close()
        thread.join(timeout=10)
        app.deps.store.dispose()


@pytest.fixture(scope="session")
def _dfdg_clients(_dfdg_base: tuple[str, str]) -> dict[str, Any]:
    import zeep

    base, _ = _dfdg_base
    return {service: zeep.Client(f"{base}/{service}?wsdl") for service in ATTRIBUTES}


@pytest.fixture
def dfdg_emulator(request: pytest.FixtureRequest, _dfdg_base: tuple[str, str], _dfdg_clients: dict[str, Any]) -> DfdgEmulator:
    """The DFDG emulator, emptied, on the business date --dfdg-today, with a zeep client for every service."""
    base, sandkasse = _dfdg_base
    emulator = DfdgEmulator(base, sandkasse, date.fromisoformat(request.config.getoption("--dfdg-today")), _dfdg_clients)
    emulator.nulstil()
    return emulator
