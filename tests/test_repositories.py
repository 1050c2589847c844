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


def _fravaer(identifier: str, cpr: str, fravaer_type: int, start: date, slut: date | None, registreret: datetime, **fields: Any) -> Fravaer:
    return Fravaer(
        identifier=identifier,
        cpr=cpr,
        fravaer_type=fravaer_type,
        startdato=start,
        anmeldelsesdato=start,
        registreret=registreret,
        slutdato=slut,
        kontaktgruppe=2,
        personkategori="jobparat",
        **fields,
    )


def _data(start: datetime, titel: str) -> Indkaldelsesdata:
    return Indkaldelsesdata(
        samtale_type=7,
        start=start,
        slut=start + timedelta(hours=1),
        samtaleform=1,
        titel=titel,
        adresse=Adresse(vejnavn="Vej", husnummer="1", postnummer="1000", by="By"),
        alternative_tidspunkter=(Tidsrum(start=start, slut=start + timedelta(hours=1)),),
        ombookingsfrist=start.date(),
        indberetter=(8, "10100"),
    )


class _Stopped(Exception):
    pass


def sequence(store: Lager, navn: str, until: str | None = None) -> list[tuple[str, Any]]:
    """Every protocol method, in the order a sandbox's life might call them; the answers in order.
    `until`: stop before the step of that label (the sandbox left filled)."""
    try:
        return _sequence(store, navn, until)
    except _Stopped:
        return []


def _sequence(store: Lager, navn: str, until: str | None) -> list[tuple[str, Any]]:
    answers: list[tuple[str, Any]] = []

    def step(label: str, work: Callable[[Repositorier], Any]) -> None:
        if label == until:
            raise _Stopped
        with store.transaction(True, navn) as repo:
            answers.append((label, work(repo)))

    assert store.opret_sandkasse(navn, 10_000, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    step("registered", lambda r: r.sandkasse_data())

    # Citizens and registrations.
    step("add A", lambda r: r.add_borger(Borger(cpr=A, navn="Anne", kommunekode="101", jobcenterkode="10100", akassekode="55")))
    step("add A again", lambda r: r.add_borger(Borger(cpr=A, navn="Anden", kommunekode="147", jobcenterkode="14700")))
    step(
        "add B, C",
        lambda r: [
            r.add_borger(Borger(cpr=B, navn="Bo", kommunekode="101", jobcenterkode="10100")),
            r.add_borger(Borger(cpr=C, navn="Cai", kommunekode="147", jobcenterkode="14700")),
        ],
    )
    step("get", lambda r: [r.get_borger(A), r.get_borger(B, lock=True), r.get_borger("0404804567")])
    step(
        "tilmeld",
        lambda r: [
            r.add_tilmelding(
                Tilmeldingshaendelse(cpr=A, tilmeldt=True, fra=date(2025, 1, 1), aarsag="oprettet", registreret=at(date(2025, 1, 1)))
            ),
            r.add_tilmelding(
                Tilmeldingshaendelse(cpr=A, tilmeldt=False, fra=date(2026, 2, 1), aarsag="afmeldt", registreret=at(date(2026, 2, 1), 9))
            ),
            r.add_tilmelding(
                Tilmeldingshaendelse(cpr=B, tilmeldt=True, fra=date(2025, 5, 1), aarsag="oprettet", registreret=at(date(2025, 5, 1)))
            ),
        ],
    )
    step("tilmeldinger", lambda r: [r.tilmeldinger(A), r.tilmeldinger(B), r.tilmeldinger(C)])

    # Contact groups: created out of date order, one updated (ended, its periods replaced).
    step(
        "grupper",
        lambda r: [
            r.save_kontaktgruppe(
                Kontaktgruppe(
                    identifier="g2",
                    cpr=A,
                    kontaktgruppe_type=2,
                    startdato=date(2025, 6, 1),
                    slutdato=None,
                    personkategorier=[Personkategoriperiode(personkategori=4, startdato=date(2025, 6, 1))],
                )
            ),
            r.save_kontaktgruppe(
                Kontaktgruppe(
                    identifier="g1",
                    cpr=A,
                    kontaktgruppe_type=24,
                    startdato=date(2025, 1, 1),
                    slutdato=date(2025, 5, 31),
                    personkategorier=[Personkategoriperiode(personkategori=21, startdato=date(2025, 1, 1))],
                )
            ),
            r.save_kontaktgruppe(
                Kontaktgruppe(identifier="g0", cpr=A, kontaktgruppe_type=1, startdato=date(2025, 6, 1), slutdato=date(2025, 6, 1))
            ),
            r.save_kontaktgruppe(
                Kontaktgruppe(
                    identifier="gb",
                    cpr=B,
                    kontaktgruppe_type=2,
                    startdato=date(2026, 2, 1),
                    slutdato=None,
                    personkategorier=[Personkategoriperiode(personkategori=5, startdato=date(2026, 2, 1))],
                )
            ),
            r.save_kontaktgruppe(Kontaktgruppe(identifier="gc", cpr=C, kontaktgruppe_type=1, startdato=date(2024, 1, 1), slutdato=None)),
        ],
    )
    step(
        "gruppe ended",
        lambda r: r.save_kontaktgruppe(
            Kontaktgruppe(
                identifier="g2",
                cpr=A,
                kontaktgruppe_type=2,
                startdato=date(2025, 6, 1),
                slutdato=date(2026, 1, 31),
                personkategorier=[
                    Personkategoriperiode(personkategori=4, startdato=date(2025, 6, 1), slutdato=date(2025, 9, 30)),
                    Personkategoriperiode(personkategori=5, startdato=date(2025, 10, 1), slutdato=date(2026, 1, 31)),
                ],
            )
        ),
    )

    def changed_but_not_saved(r: Repositorier) -> list[Kontaktgruppe]:
        grupper = r.kontaktgrupper(A)
        grupper[0].slutdato = date(2030, 1, 1)
        grupper[0].personkategorier.clear()
        return r.kontaktgrupper(A)

    step("kontaktgrupper", changed_but_not_saved)

    # Absences and further information.
    step(
        "fravaer",
        lambda r: [
            r.save_fravaer(_fravaer("f2", A, 8, date(2026, 3, 1), date(2026, 4, 30), at(date(2026, 3, 1)))),
            r.save_fravaer(
                _fravaer(
                    "f1",
                    A,
                    11,
                    date(2026, 1, 5),
                    None,
                    at(date(2026, 1, 5)),
                    kommentar="syg",
                    arbejdsgiver=Arbejdsgiver(cvr="12345678", pnummer="1000000001"),
                )
            ),
            r.save_fravaer(
                _fravaer("f3", A, 3, date(2025, 7, 1), date(2025, 8, 1), at(date(2025, 7, 1)), slettet=True, berigtigelseskommentar="fejl")
            ),
            r.save_fravaer(_fravaer("fb", B, 79, date(2026, 2, 10), date(2026, 2, 20), at(date(2026, 2, 10)))),
        ],
    )
    step(
        "fravaer updated",
        lambda r: r.save_fravaer(
            _fravaer("f1", A, 11, date(2026, 1, 5), date(2026, 2, 1), at(date(2026, 2, 2)), afslutningsaarsag=1, ledighedsgrad=50)
        ),
    )
    step("fravaer read", lambda r: [r.fravaer(A), r.fravaer(C), r.get_fravaer("f1"), r.get_fravaer("ukendt")])
    step("fravaersperioder", lambda r: [r.fravaersperioder(A), r.fravaersperioder(C)])
    step(
        "yderligere",
        lambda r: [
            r.save_yderligere_information(
                YderligereInformation(
                    identifier="y2",
                    fravaer_identifier="f1",
                    registreret=at(date(2026, 1, 10)),
                    delvis_raskmeldt=None,
                    forventet_raskmelding_inden_13_uger=True,
                    kommentar="x",
                )
            ),
            r.save_yderligere_information(
                YderligereInformation(
                    identifier="y1",
                    fravaer_identifier="f1",
                    registreret=at(date(2026, 1, 10)),
                    delvis_raskmeldt=DelvisRaskmeldt(startdato=date(2026, 1, 10), slutdato=None, timer_pr_uge=20),
                    forventet_raskmelding_inden_13_uger=None,
                    kommentar=None,
                )
            ),
            r.save_yderligere_information(
                YderligereInformation(
                    identifier="y0",
                    fravaer_identifier="f1",
                    registreret=at(date(2026, 1, 6)),
                    delvis_raskmeldt=None,
                    forventet_raskmelding_inden_13_uger=False,
                    kommentar=None,
                )
            ),
        ],
    )
    step(
        "yderligere updated",
        lambda r: r.save_yderligere_information(
            YderligereInformation(
                identifier="y0",
                fravaer_identifier="f1",
                registreret=at(date(2026, 1, 6)),
                delvis_raskmeldt=None,
                forventet_raskmelding_inden_13_uger=False,
                kommentar="rettet",
                slettet=True,
            )
        ),
    )
    step(
        "yderligere read",
        lambda r: [
            r.yderligere_information("f1"),
            r.yderligere_information("f2"),
            r.get_yderligere_information("y1"),
            r.get_yderligere_information("ukendt"),
        ],
    )

    # Conversations.
    deltagere = [Deltager(navn="Sara", rolle=1, deltagelsesform=2), Deltager(navn="Anne", rolle=3, deltagelsesform=1)]
    step(
        "samtaler",
        lambda r: [
            r.save_samtale(
                Samtale(
                    identifier="s2",
                    cpr=A,
                    samtale_type=7,
                    afholdt=at(date(2026, 2, 20), 9),
                    samtaleform=1,
                    registreret=at(date(2026, 2, 20), 9),
                    deltagere=deltagere,
                    indkaldelse_identifier="i1",
                    aftale="aftale",
                    akasse_deltagelse=1,
                    nulstillende=True,
                    cv_godkendelse=1,
                    konklusion="k",
                    aftaler="a",
                    saerlig_indsats="s",
                    indberetter=(8, "10100"),
                )
            ),
            r.save_samtale(
                Samtale(
                    identifier="s1",
                    cpr=A,
                    samtale_type=12,
                    afholdt=at(date(2026, 2, 1), 23, 30),
                    samtaleform=2,
                    registreret=at(date(2026, 2, 2)),
                )
            ),
            r.save_samtale(
                Samtale(
                    identifier="s3", cpr=A, samtale_type=7, afholdt=at(date(2026, 2, 25)), samtaleform=1, registreret=at(date(2026, 2, 25))
                )
            ),
            r.save_samtale(
                Samtale(
                    identifier="sb", cpr=B, samtale_type=7, afholdt=at(date(2026, 2, 21)), samtaleform=1, registreret=at(date(2026, 2, 21))
                )
            ),
        ],
    )
    step(
        "samtale deleted",
        lambda r: r.save_samtale(
            Samtale(
                identifier="s3",
                cpr=A,
                samtale_type=7,
                afholdt=at(date(2026, 2, 25)),
                samtaleform=1,
                registreret=at(date(2026, 2, 25)),
                slettet=True,
            )
        ),
    )
    step("samtaler read", lambda r: [r.samtaler(A), r.samtaler(C), r.get_samtale("s2"), r.get_samtale("ukendt")])
    step("afholdte samtaler", lambda r: [r.afholdte_samtaler(A), r.afholdte_samtaler(C)])

    # Invitations with versions.
    step(
        "indkaldelser",
        lambda r: [
            r.add_indkaldelsesversion(
                A,
                "i2",
                False,
                Indkaldelsesversion(
                    version=1, aendring="Oprettet", data=_data(at(date(2026, 3, 5)), "anden"), registreret=at(date(2026, 2, 1))
                ),
            ),
            r.add_indkaldelsesversion(
                A,
                "i1",
                False,
                Indkaldelsesversion(
                    version=1, aendring="Oprettet", data=_data(at(date(2026, 3, 10)), "første"), registreret=at(date(2026, 2, 1))
                ),
            ),
            r.add_indkaldelsesversion(
                A,
                "i1",
                False,
                Indkaldelsesversion(
                    version=2,
                    aendring="Flyttet",
                    data=_data(at(date(2026, 3, 3)), "flyttet"),
                    registreret=at(date(2026, 2, 2)),
                    begrundelse="flyttet",
                ),
            ),
            r.add_indkaldelsesversion(
                A,
                "i1",
                True,
                Indkaldelsesversion(
                    version=3, aendring="Aflyst", data=_data(at(date(2026, 3, 3)), "flyttet"), registreret=at(date(2026, 2, 3))
                ),
            ),
        ],
    )
    step("indkaldelser read", lambda r: [r.indkaldelser(A), r.indkaldelser(B), r.get_indkaldelse("i1"), r.get_indkaldelse("ukendt")])

    # Claims.
    step("identifier", lambda r: [r.claim_identifier("x1"), r.claim_identifier("x1"), r.claim_identifier("x2")])
    window = timedelta(days=7)
    step(
        "request id",
        lambda r: [
            r.claim_request_id("r1", at(date(2026, 2, 1)), window),
            r.claim_request_id("r1", at(date(2026, 2, 5)), window),
            r.claim_request_id("r1", at(date(2026, 2, 8)), window),
            r.claim_request_id("r1", at(date(2026, 2, 9)), window),
        ],
    )

    # The sandbox's clock and id sequence.
    step("ur", lambda r: [r.set_ur(Ur(date(2026, 3, 1))), r.sandkasse_data()])
    step(
        "tidspunkt", lambda r: [r.set_ur(Ur(None, at(date(2026, 3, 2), 8), True, datetime(2026, 1, 1, 12, tzinfo=UTC))), r.sandkasse_data()]
    )
    step("id numbers", lambda r: [r.naeste_id_nummer(), r.naeste_id_nummer()])
    step("id number", lambda r: r.naeste_id_nummer())

    # The measurement's set-based reads.
    step(
        "kontaktgrupper_for",
        lambda r: [
            r.kontaktgrupper_for(kommunekode="101"),
            r.kontaktgrupper_for(jobcenterkode="14700"),
            r.kontaktgrupper_for(kommunekode="101", fra=date(2025, 6, 1), til=date(2025, 12, 31)),
            r.kontaktgrupper_for(kommunekode="101", fra=date.min),
            r.kontaktgrupper_for(kommunekode="101", gruppe_paa=date(2026, 2, 15), gruppe_startet_fra=date(2026, 1, 1)),
            r.kontaktgrupper_for(gruppe_paa=date(2025, 6, 1)),
        ],
    )
    step(
        "fravaersperioder_for",
        lambda r: [
            r.fravaersperioder_for([A]),
            r.fravaersperioder_for(cprs=[A, B, C]),
            r.fravaersperioder_for(cprs=[A, B], fra=date(2026, 2, 15)),
            r.fravaersperioder_for([A], til=date(2026, 2, 28)),
            r.fravaersperioder_for(cprs=[]),
        ],
    )
    step(
        "afholdte_samtaler_for",
        lambda r: [
            r.afholdte_samtaler_for([A, B]),
            r.afholdte_samtaler_for([A], fra=date(2026, 2, 2)),
            r.afholdte_samtaler_for([A, B], til=date(2026, 2, 1)),
            r.afholdte_samtaler_for([A, B], til=date.max),
            r.afholdte_samtaler_for([A, B], typer=frozenset({12})),
            r.afholdte_samtaler_for([]),
        ],
    )

    # A failed call writes nothing.
    try:
        with store.transaction(True, navn) as repo:
            repo.add_borger(Borger(cpr="0505805678", navn="Rullet", kommunekode="101", jobcenterkode="10100"))
            repo.claim_identifier("x3")
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    step("rolled back", lambda r: [r.get_borger("0505805678"), r.claim_identifier("x3")])

    # The registry, emptying and deleting.
    step("alle", lambda r: [s for s in r.alle_sandkasser() if s.navn == navn])
    step(
        "nulstil",
        lambda r: [
            r.delete_all(7),
            r.sandkasse_data(),
            r.get_borger(A),
            r.kontaktgrupper(A),
            r.samtaler(A),
            r.claim_identifier("x1"),
            r.claim_request_id("r1", at(date(2026, 2, 9)), window),
            r.naeste_id_nummer(),
        ],
    )
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
