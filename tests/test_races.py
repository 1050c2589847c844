"""Races: 32 concurrent clients on each invariant, against two server processes on one database.

Every invariant a rule promises must hold by the database (README, "Concurrency"): exactly one of the
racing calls wins, and every loser gets the business fault, never 1011 and never a lost write.
Requests are built by zeep from the running server's WSDL and fired at once through a barrier.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
import zeep
from lxml import etree

from service.domain.clock import COPENHAGEN
from tests.conftest import DATABASE_URL, TODAY, Dfdg, parse_fault
from tests.servers import running_server, running_servers

pytestmark = pytest.mark.server
CLIENTS = 32
CPR = "0101801234"
ID = "3f2b1c0d-0000-4000-8000-00000000abcd"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path_factory.mktemp('races') / 'races.db'}"
    with running_servers(url, 2) as bases:
        yield bases


class Race:
    """zeep clients of the first server to set up and read back, and a barrier to fire many calls at once."""

    def __init__(self, bases: list[str]) -> None:
        self.bases = bases
        self._clients: dict[str, zeep.Client] = {}
        self.testsupport = self.client("TestSupportService").service
        self.testsupport.Nulstil()
        self.testsupport.SetDato(TODAY)

    def client(self, service: str) -> zeep.Client:
        if service not in self._clients:
            self._clients[service] = zeep.Client(f"{self.bases[0]}/{service}?wsdl")
        return self._clients[service]

    def borger(self, cpr: str = CPR, kontaktgruppe: int | None = 1) -> str:
        historik = [] if kontaktgruppe is None else [{"KontaktgruppeType": kontaktgruppe, "Startdato": TODAY - timedelta(days=60)}]
        self.testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": cpr,
                "Navn": "Race",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "AkasseKode": "55",
                "Tilmeldt": True,
                "Kontaktgruppehistorik": historik,
            }
        )
        return cpr

    def message(self, service: str, operation: str, headers: object | None = None, **kwargs: object) -> bytes:
        client = self.client(service)
        if headers is not None:
            kwargs["_soapheaders"] = headers
        return etree.tostring(client.create_message(client.service, operation, **kwargs))

    def fire(self, service: str, messages: list[bytes]) -> list[int | str | None]:
        return self.fire_mixed([(service, m) for m in messages])

    def fire_mixed(self, calls: list[tuple[str, bytes]]) -> list[int | str | None]:
        """Send every call at once, alternating between the servers; None for success, else the error code."""
        messages = [m for _, m in calls]
        barrier = threading.Barrier(len(messages))
        results: list[int | str | None] = ["no answer"] * len(messages)

        def call(i: int) -> None:
            url = urlparse(self.bases[i % len(self.bases)])
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            barrier.wait()
            connection.request("POST", f"/{calls[i][0]}", messages[i], {"Content-Type": "text/xml; charset=utf-8"})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            if response.status == 200:
                results[i] = None
            elif body.lstrip().startswith(b"<"):
                results[i] = parse_fault(body)[0]
            else:  # a plain-text answer is a failure of its own, never counted as a success
                results[i] = f"HTTP {response.status} {body[:80]!r}"

        threads = [threading.Thread(target=call, args=(i,)) for i in range(len(messages))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "a call never returned"
        return results


@pytest.fixture
def race(servers):
    return Race(servers)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute, tzinfo=COPENHAGEN)


def _outcomes(results: list[int | str | None]) -> Counter:
    return Counter("ok" if r is None else r for r in results)


def test_one_client_supplied_id_for_32_citizens_is_stored_once_on_its_winner(race):
    cprs = [race.borger(f"01018{n:05d}", kontaktgruppe=24) for n in range(CLIENTS)]
    messages = [
        race.message(
            "SygemeldingService",
            "CreateSygemelding",
            Dfdg.headers(),
            PersonCivilRegistrationIdentifier=cpr,
            Sygemelding={"FravaerIdentifier": ID, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
        )
        for cpr in cprs
    ]
    results = race.fire("SygemeldingService", messages)
    assert _outcomes(results) == Counter({"ok": 1, 4977: CLIENTS - 1})
    winner = cprs[results.index(None)]
    stored = {cpr: [f.FravaerIdentifier for f in race.testsupport.GetTilstand(cpr).Fravaer] for cpr in cprs}
    assert stored[winner] == [ID]
    assert all(ids == [] for cpr, ids in stored.items() if cpr != winner)


def test_one_id_across_kinds_of_entity_has_one_owner(race):
    cpr = race.borger()
    sygemelding = race.message(
        "SygemeldingService",
        "CreateSygemelding",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Sygemelding={"FravaerIdentifier": ID, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
    )
    fravaer = race.message(
        "FravaerService",
        "CreateFravaer",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Fravaer={"FravaerIdentifier": ID, "FravaerType": 8, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
    )
    results = race.fire_mixed([("SygemeldingService", sygemelding), ("FravaerService", fravaer)] * (CLIENTS // 2))
    assert _outcomes(results) == Counter({"ok": 1, 4977: CLIENTS - 1})


def test_one_request_id_makes_exactly_one_of_32_different_writes_happen(race):
    cpr = race.borger()
    messages = [
        race.message(
            "SamtaleService",
            "CreateSamtale",
            Dfdg.headers(request_id="race-1"),
            PersonCivilRegistrationIdentifier=cpr,
            Samtale={"SamtaleType": 7, "Afholdelsestidspunkt": at(8, n), "Samtaleform": 1, "AftaleOmDetVidereForloeb": "Næste samtale"},
        )
        for n in range(CLIENTS)
    ]
    results = race.fire("SamtaleService", messages)
    assert _outcomes(results) == Counter({"ok": 1, 7001: CLIENTS - 1})
    samtaler = race.client("SamtaleService").service.GetSamtaler(cpr, _soapheaders=Dfdg.headers())
    assert len(samtaler) == 1


def test_32_identical_conversations_are_stored_once(race):
    cpr = race.borger()
    message = race.message(
        "SamtaleService",
        "CreateSamtale",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Samtale={"SamtaleType": 7, "Afholdelsestidspunkt": at(9), "Samtaleform": 1, "AftaleOmDetVidereForloeb": "Næste samtale"},
    )
    results = race.fire("SamtaleService", [message] * CLIENTS)
    assert _outcomes(results) == Counter({"ok": 1, 7024: CLIENTS - 1})
    assert len(race.client("SamtaleService").service.GetSamtaler(cpr, _soapheaders=Dfdg.headers())) == 1


def test_32_openings_of_a_contact_group_leave_one_open(race):
    cpr = race.borger(kontaktgruppe=None)
    message = race.message(
        "KontaktgruppeService",
        "CreateKontaktgruppe",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Kontaktgruppe={"KontaktgruppeType": 8, "Startdato": TODAY},
    )
    results = race.fire("KontaktgruppeService", [message] * CLIENTS)
    assert _outcomes(results) == Counter({"ok": 1, 4644: CLIENTS - 1})
    grupper = race.testsupport.GetTilstand(cpr).Kontaktgruppe
    assert [(g.KontaktgruppeType, g.Slutdato) for g in grupper] == [(8, None)]


def test_barsel_and_sorgorlov_racing_never_both_stored(race):
    cpr = race.borger()
    barsel = race.message(
        "FravaerService",
        "CreateFravaer",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Fravaer={"FravaerType": 8, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
    )
    sorgorlov = race.message(
        "FravaerService",
        "CreateFravaer",
        Dfdg.headers(),
        PersonCivilRegistrationIdentifier=cpr,
        Fravaer={"FravaerType": 79, "Startdato": TODAY, "Slutdato": TODAY, "Anmeldelsesdato": TODAY, "Kommentar": "race"},
    )
    results = race.fire("FravaerService", [barsel, sorgorlov] * (CLIENTS // 2))
    stored = {f.FravaerType for f in race.testsupport.GetTilstand(cpr).Fravaer}
    assert len(stored) == 1, f"both Barsel and Sorgorlov stored: {stored}"
    losers = [r for i, r in enumerate(results) if [8, 79][i % 2] not in stored]
    assert losers and set(losers) == {7014}
    assert 1011 not in results


def test_32_test_citizens_with_one_cpr_are_created_once(race):
    message = race.message(
        "TestSupportService",
        "OpretTestborger",
        Testborger={"PersonCivilRegistrationIdentifier": CPR, "Navn": "Race", "Kommunekode": "101", "JobcenterKode": "10100"},
    )
    assert _outcomes(race.fire("TestSupportService", [message] * CLIENTS)) == Counter({"ok": 1, 7016: CLIENTS - 1})


def test_set_dato_on_one_process_is_the_date_of_the_other(race):
    other = zeep.Client(f"{race.bases[1]}/TestSupportService?wsdl").service
    race.testsupport.SetDato(TODAY + timedelta(days=3))
    assert other.GetDato() == TODAY + timedelta(days=3)


def test_workers_share_one_port_and_one_database(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'workers.db'}"
    with running_server(url, None, "--workers", "2") as base:
        race = Race([base])
        race.borger()
        message = race.message(
            "SamtaleService",
            "CreateSamtale",
            Dfdg.headers(),
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={"SamtaleType": 7, "Afholdelsestidspunkt": at(9), "Samtaleform": 1, "AftaleOmDetVidereForloeb": "Næste samtale"},
        )
        assert _outcomes(race.fire("SamtaleService", [message] * CLIENTS)) == Counter({"ok": 1, 7024: CLIENTS - 1})


def test_one_request_id_in_two_sandboxes_has_one_winner_in_each(race):
    for navn in ("race-a", "race-b"):
        Race([f"{b}/sandkasse/{navn}" for b in race.bases]).borger()
    messages = [
        race.message(
            "SamtaleService",
            "CreateSamtale",
            Dfdg.headers(request_id="race-2"),
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={"SamtaleType": 7, "Afholdelsestidspunkt": at(8, n), "Samtaleform": 1, "AftaleOmDetVidereForloeb": "Næste samtale"},
        )
        for n in range(CLIENTS)
    ]
    calls = [(f"sandkasse/race-{'ab'[i % 2]}/SamtaleService", m) for i, m in enumerate(messages)]
    results = race.fire_mixed(calls)
    for side in (0, 1):
        assert _outcomes(results[side::2]) == Counter({"ok": 1, 7001: CLIENTS // 2 - 1})


def test_32_first_calls_of_one_new_sandbox_create_it_once(race):
    message = race.message("TestSupportService", "GetDato")
    results = race.fire("sandkasse/race-ny/TestSupportService", [message] * CLIENTS)
    assert _outcomes(results) == Counter({"ok": CLIENTS})
    assert [s.Navn for s in race.testsupport.GetSandkasser("race-ny")] == ["race-ny"]
