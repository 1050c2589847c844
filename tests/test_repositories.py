"""The repositories' contract: one sequence of calls of every protocol method (domain/repositories.py) runs against
the SQL store (SQLite in memory, and DFDG_TEST_DATABASE_URL when it is another database) and against the in-memory
one (domain/memory.py), and the answers must be equal, so the two cannot drift apart. A new protocol method gets a
step here."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from service.domain.clock import COPENHAGEN, Ur
from service.domain.memory import MemoryStore
from service.domain.model import (
    Adresse,
    Arbejdsgiver,
    Borger,
    Deltager,
    DelvisRaskmeldt,
    Fravaer,
    Indkaldelsesdata,
    Indkaldelsesversion,
    Kontaktgruppe,
    Personkategoriperiode,
    Samtale,
    Tidsrum,
    Tilmeldingshaendelse,
    YderligereInformation,
)
from service.domain.repositories import Lager, Repositorier
from service.store.sql import Store
from tests.conftest import DATABASE_URL

A, B, C = "0101801234", "0202802345", "0303803456"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


def _fravaer(identifier: str, cpr: str, fravaer_type: int, start: date, slut: date | None, registreret: datetime,
             **fields: Any) -> Fravaer:
    return Fravaer(identifier=identifier, cpr=cpr, fravaer_type=fravaer_type, startdato=start, anmeldelsesdato=start,
                   registreret=registreret, slutdato=slut, kontaktgruppe=2, personkategori="jobparat", **fields)


def _data(start: datetime, titel: str) -> Indkaldelsesdata:
    return Indkaldelsesdata(samtale_type=7, start=start, slut=start + timedelta(hours=1), samtaleform=1, titel=titel,
                            adresse=Adresse("Vej", "1", "1000", "By"), alternative_tidspunkter=(Tidsrum(start, start + timedelta(hours=1)),),
                            ombookingsfrist=start.date(), indberetter=(8, "10100"))


def sequence(store: Lager, navn: str) -> list[tuple[str, Any]]:
    """Every protocol method, in the order a sandbox's life might call them; the answers in order."""
    answers: list[tuple[str, Any]] = []

    def step(label: str, work: Callable[[Repositorier], Any]) -> None:
        with store.transaction(True, navn) as repo:
            answers.append((label, work(repo)))

    assert store.opret_sandkasse(navn, 10_000, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    step("registered", lambda r: r.sandkasse_data())

    # Citizens and registrations.
    step("add A", lambda r: r.add_borger(Borger(A, "Anne", "101", "10100", "55")))
    step("add A again", lambda r: r.add_borger(Borger(A, "Anden", "147", "14700")))
    step("add B, C", lambda r: [r.add_borger(Borger(B, "Bo", "101", "10100")), r.add_borger(Borger(C, "Cai", "147", "14700"))])
    step("get", lambda r: [r.get_borger(A), r.get_borger(B, lock=True), r.get_borger("0404804567")])
    step("tilmeld", lambda r: [r.add_tilmelding(Tilmeldingshaendelse(A, True, date(2025, 1, 1), "oprettet", at(date(2025, 1, 1)))),
                               r.add_tilmelding(Tilmeldingshaendelse(A, False, date(2026, 2, 1), "afmeldt", at(date(2026, 2, 1), 9))),
                               r.add_tilmelding(Tilmeldingshaendelse(B, True, date(2025, 5, 1), "oprettet", at(date(2025, 5, 1))))])
    step("tilmeldinger", lambda r: [r.tilmeldinger(A), r.tilmeldinger(B), r.tilmeldinger(C)])

    # Contact groups: created out of date order, one updated (ended, its periods replaced).
    step("grupper", lambda r: [
        r.save_kontaktgruppe(Kontaktgruppe("g2", A, 2, date(2025, 6, 1), None, [Personkategoriperiode(4, date(2025, 6, 1))])),
        r.save_kontaktgruppe(Kontaktgruppe("g1", A, 24, date(2025, 1, 1), date(2025, 5, 31), [Personkategoriperiode(21, date(2025, 1, 1))])),
        r.save_kontaktgruppe(Kontaktgruppe("g0", A, 1, date(2025, 6, 1), date(2025, 6, 1))),
        r.save_kontaktgruppe(Kontaktgruppe("gb", B, 2, date(2026, 2, 1), None, [Personkategoriperiode(5, date(2026, 2, 1))])),
        r.save_kontaktgruppe(Kontaktgruppe("gc", C, 1, date(2024, 1, 1), None))])
    step("gruppe ended", lambda r: r.save_kontaktgruppe(Kontaktgruppe("g2", A, 2, date(2025, 6, 1), date(2026, 1, 31), [
        Personkategoriperiode(4, date(2025, 6, 1), date(2025, 9, 30)), Personkategoriperiode(5, date(2025, 10, 1), date(2026, 1, 31))])))

    def changed_but_not_saved(r: Repositorier) -> list[Kontaktgruppe]:
        grupper = r.kontaktgrupper(A)
        grupper[0].slutdato = date(2030, 1, 1)
        grupper[0].personkategorier.clear()
        return r.kontaktgrupper(A)
    step("kontaktgrupper", changed_but_not_saved)

    # Absences and further information.
    step("fravaer", lambda r: [
        r.save_fravaer(_fravaer("f2", A, 8, date(2026, 3, 1), date(2026, 4, 30), at(date(2026, 3, 1)))),
        r.save_fravaer(_fravaer("f1", A, 11, date(2026, 1, 5), None, at(date(2026, 1, 5)), kommentar="syg",
                                arbejdsgiver=Arbejdsgiver("12345678", "1000000001"))),
        r.save_fravaer(_fravaer("f3", A, 3, date(2025, 7, 1), date(2025, 8, 1), at(date(2025, 7, 1)), slettet=True,
                                berigtigelseskommentar="fejl")),
        r.save_fravaer(_fravaer("fb", B, 79, date(2026, 2, 10), date(2026, 2, 20), at(date(2026, 2, 10))))])
    step("fravaer updated", lambda r: r.save_fravaer(_fravaer("f1", A, 11, date(2026, 1, 5), date(2026, 2, 1), at(date(2026, 2, 2)),
                                                              afslutningsaarsag=1, ledighedsgrad=50)))
    step("fravaer read", lambda r: [r.fravaer(A), r.fravaer(C), r.get_fravaer("f1"), r.get_fravaer("ukendt")])
    step("yderligere", lambda r: [
        r.save_yderligere_information(YderligereInformation("y2", "f1", at(date(2026, 1, 10)), None, True, "x")),
        r.save_yderligere_information(YderligereInformation("y1", "f1", at(date(2026, 1, 10)),
                                                            DelvisRaskmeldt(date(2026, 1, 10), None, 20), None, None)),
        r.save_yderligere_information(YderligereInformation("y0", "f1", at(date(2026, 1, 6)), None, False, None))])
    step("yderligere updated", lambda r: r.save_yderligere_information(YderligereInformation("y0", "f1", at(date(2026, 1, 6)), None,
                                                                                             False, "rettet", slettet=True)))
    step("yderligere read", lambda r: [r.yderligere_information("f1"), r.yderligere_information("f2"),
                                       r.get_yderligere_information("y1"), r.get_yderligere_information("ukendt")])

    # Conversations.
    deltagere = [Deltager("Sara", 1, 2), Deltager("Anne", 3, 1)]
    step("samtaler", lambda r: [
        r.save_samtale(Samtale("s2", A, 7, at(date(2026, 2, 20), 9), 1, at(date(2026, 2, 20), 9), deltagere, "i1", "aftale", 1,
                               True, cv_godkendelse=1, konklusion="k", aftaler="a", saerlig_indsats="s", indberetter=(8, "10100"))),
        r.save_samtale(Samtale("s1", A, 12, at(date(2026, 2, 1), 23, 30), 2, at(date(2026, 2, 2)))),
        r.save_samtale(Samtale("s3", A, 7, at(date(2026, 2, 25)), 1, at(date(2026, 2, 25)))),
        r.save_samtale(Samtale("sb", B, 7, at(date(2026, 2, 21)), 1, at(date(2026, 2, 21))))])
    step("samtale deleted", lambda r: r.save_samtale(Samtale("s3", A, 7, at(date(2026, 2, 25)), 1, at(date(2026, 2, 25)), slettet=True)))
    step("samtaler read", lambda r: [r.samtaler(A), r.samtaler_for(A), r.samtaler(C), r.get_samtale("s2"), r.get_samtale("ukendt")])

    # Invitations with versions.
    step("indkaldelser", lambda r: [
        r.add_indkaldelsesversion(A, "i2", False, Indkaldelsesversion(1, "Oprettet", _data(at(date(2026, 3, 5)), "anden"), at(date(2026, 2, 1)))),
        r.add_indkaldelsesversion(A, "i1", False, Indkaldelsesversion(1, "Oprettet", _data(at(date(2026, 3, 10)), "første"), at(date(2026, 2, 1)))),
        r.add_indkaldelsesversion(A, "i1", False, Indkaldelsesversion(2, "Flyttet", _data(at(date(2026, 3, 3)), "flyttet"), at(date(2026, 2, 2)),
                                                                      "flyttet")),
        r.add_indkaldelsesversion(A, "i1", True, Indkaldelsesversion(3, "Aflyst", _data(at(date(2026, 3, 3)), "flyttet"), at(date(2026, 2, 3))))])
    step("indkaldelser read", lambda r: [r.indkaldelser(A), r.indkaldelser(B), r.get_indkaldelse("i1"), r.get_indkaldelse("ukendt")])

    # Claims.
    step("identifier", lambda r: [r.claim_identifier("x1"), r.claim_identifier("x1"), r.claim_identifier("x2")])
    window = timedelta(days=7)
    step("request id", lambda r: [r.claim_request_id("r1", at(date(2026, 2, 1)), window),
                                  r.claim_request_id("r1", at(date(2026, 2, 5)), window),
                                  r.claim_request_id("r1", at(date(2026, 2, 8)), window),
                                  r.claim_request_id("r1", at(date(2026, 2, 9)), window)])

    # The sandbox's clock and id sequence.
    step("ur", lambda r: [r.set_ur(Ur(date(2026, 3, 1))), r.sandkasse_data()])
    step("tidspunkt", lambda r: [r.set_ur(Ur(None, at(date(2026, 3, 2), 8), True, datetime(2026, 1, 1, 12, tzinfo=UTC))),
                                 r.sandkasse_data()])
    step("id numbers", lambda r: [r.naeste_id_nummer(), r.naeste_id_nummer()])
    step("id number", lambda r: r.naeste_id_nummer())

    # The measurement's set-based reads.
    step("kontaktgrupper_for", lambda r: [
        r.kontaktgrupper_for(cpr=A), r.kontaktgrupper_for(kommunekode="101"), r.kontaktgrupper_for(jobcenterkode="14700"),
        r.kontaktgrupper_for(cpr=A, fra=date(2025, 6, 1), til=date(2025, 12, 31)), r.kontaktgrupper_for(cpr=A, fra=date.min),
        r.kontaktgrupper_for(kommunekode="101", gruppe_paa=date(2026, 2, 15), gruppe_startet_fra=date(2026, 1, 1)),
        r.kontaktgrupper_for(gruppe_paa=date(2025, 6, 1))])
    step("fravaersperioder_for", lambda r: [
        r.fravaersperioder_for(A), r.fravaersperioder_for(cprs=[A, B, C]), r.fravaersperioder_for(cprs=[A, B], fra=date(2026, 2, 15)),
        r.fravaersperioder_for(A, til=date(2026, 2, 28)), r.fravaersperioder_for(cprs=[])])
    step("afholdte_samtaler_for", lambda r: [
        r.afholdte_samtaler_for([A, B]), r.afholdte_samtaler_for([A], fra=date(2026, 2, 2)),
        r.afholdte_samtaler_for([A, B], til=date(2026, 2, 1)), r.afholdte_samtaler_for([A, B], til=date.max),
        r.afholdte_samtaler_for([A, B], typer=frozenset({12})), r.afholdte_samtaler_for([])])

    # A failed call writes nothing.
    try:
        with store.transaction(True, navn) as repo:
            repo.add_borger(Borger("0505805678", "Rullet", "101", "10100"))
            repo.claim_identifier("x3")
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    step("rolled back", lambda r: [r.get_borger("0505805678"), r.claim_identifier("x3")])

    # The registry, emptying and deleting.
    step("alle", lambda r: [s for s in r.alle_sandkasser() if s.navn == navn])
    step("nulstil", lambda r: [r.delete_all(7), r.sandkasse_data(), r.get_borger(A), r.kontaktgrupper(A), r.samtaler(A),
                               r.claim_identifier("x1"), r.claim_request_id("r1", at(date(2026, 2, 9)), window), r.naeste_id_nummer()])
    step("alle after", lambda r: [s for s in r.alle_sandkasser() if s.navn == navn])
    step("slet", lambda r: [r.slet_sandkasse(navn), r.slet_sandkasse(navn), r.sandkasse_data()])
    return answers


DATABASES = ["sqlite://", *([DATABASE_URL] if DATABASE_URL != "sqlite://" else [])]


@pytest.mark.parametrize("url", DATABASES)
def test_the_sql_and_the_memory_repositories_answer_alike(url):
    navn = f"kontrakt-{uuid.uuid4().hex[:8]}"
    store = Store(url)
    try:
        sql = sequence(store, navn)
    finally:
        store.dispose()
    memory = sequence(MemoryStore(), navn)
    assert [label for label, _ in sql] == [label for label, _ in memory]
    for (label, expected), (_, got) in zip(sql, memory, strict=True):
        assert got == expected, label
    # Not vacuous: the sequence read what it wrote.
    answers = dict(sql)
    assert [g.identifier for g in answers["kontaktgrupper"]] == ["g1", "g2", "g0"]
    assert answers["request id"][1] == at(date(2026, 2, 1)) and answers["request id"][2] is None
    assert answers["rolled back"] == [None, True]
