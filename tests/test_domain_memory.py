"""Domain operations on the in-memory repositories (service/domain/memory.py): no SOAP, no database, fast.

Each call goes the one call path of both faces (`domain/kald.udfoer`: the sandbox registered on first use, one
transaction, the RequestId claimed, a refusal rolled back), with the caller given directly instead of headers.
The zeep tests of the same rules stay; these show the domain works on anything that keeps its protocols."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TypeVar

import pytest

from service.domain import fravaer, indkaldelse, kontaktgruppe, samtale, sygemelding, testsupport
from service.domain.caller import Caller
from service.domain.clock import COPENHAGEN, STANDARD_KLOKKESLAET, FixedClock
from service.domain.context import Kontekst
from service.domain.ids import IdGenerator
from service.domain.kald import udfoer
from service.domain.memory import MemoryStore
from service.domain.model import Adresse, Arbejdsgiver, Borger, Indkaldelsesdata
from service.rules.violation import Afvisning

T = TypeVar("T")
TODAY = date(2026, 3, 1)
CPR = "0101801234"
JOBCENTER = Caller(
    organisation_type=8, organisation_code="10100", user_identifier="sagsbehandler1", user_full_name="Sara Sagsbehandler", user_type=3
)
# The items every reporter's list may require (003 § 25 nr. 5-6): a conversation with them all is complete.
OPLYSNINGER = {
    "aftale": "Næste samtale om 4 uger",
    "konklusion": "CV'et er fyldestgørende",
    "cv_godkendelse": 1,
    "aftaler": "Søger 5 job om ugen",
}


@dataclass
class Deps:
    """What `udfoer` reads of the application's Deps, with the store in memory."""

    store: MemoryStore
    clock: FixedClock
    ids: IdGenerator
    fixed_today: date | None = TODAY
    klokkeslaet: time | None = STANDARD_KLOKKESLAET
    maks_sandkasser: int = 5


@pytest.fixture
def deps() -> Deps:
    return Deps(MemoryStore(), FixedClock(), IdGenerator(seed=1))


def kald(deps: Deps, work: Callable[[Kontekst], T], caller: Caller | None = JOBCENTER, laesning: bool = False) -> T:
    """One call as a face makes it: its own transaction, rolled back if refused."""

    def med_kalder(k: Kontekst) -> T:
        if caller is not None:
            k.begin(caller)
        return work(k)

    return udfoer(deps, med_kalder, navn="test", laesning=laesning, identificer=None)


def refused(deps: Deps, work: Callable[[Kontekst], object], caller: Caller | None = JOBCENTER) -> list[str]:
    """The rule ids of the refusal (the call must be refused)."""
    with pytest.raises(Afvisning) as refusal:
        kald(deps, work, caller)
    return [v.regel for v in refusal.value.violations]


def borger(deps: Deps, kontaktgruppe_type: int | None = 2, personkategori: int | None = 4, cpr: str = CPR) -> str:
    grupper = (
        ()
        if kontaktgruppe_type is None
        else (
            testsupport.Historikperiode(
                kontaktgruppe_type=kontaktgruppe_type, startdato=date(2025, 1, 1), slutdato=None, personkategori=personkategori
            ),
        )
    )
    kald(
        deps,
        lambda k: testsupport.opret_testborger(
            k,
            testsupport.Testborger(
                borger=Borger(cpr=cpr, navn="Test Borger", kommunekode="101", jobcenterkode="10100"), tilmeldt=True, kontaktgrupper=grupper
            ),
        ),
        caller=None,
    )
    return cpr


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def test_a_citizen_is_created_once(deps):
    borger(deps)
    tilstand = kald(deps, lambda k: testsupport.get_tilstand(k, CPR), laesning=True)
    assert (tilstand.borger.cpr, tilstand.tilmeldt, tilstand.kontaktgruppe.kontaktgruppe_type) == (CPR, True, 2)
    assert refused(
        deps,
        lambda k: testsupport.opret_testborger(
            k, testsupport.Testborger(borger=Borger(cpr=CPR, navn="Igen", kommunekode="101", jobcenterkode="10100"))
        ),
        caller=None,
    ) == ["BORGER_FINDES"]


def test_fravaer_create_update_delete(deps):
    borger(deps)
    ny = fravaer.NytFravaer(fravaer_type=3, startdato=TODAY, anmeldelsesdato=TODAY)  # Borgerligt ombud: max. 3 mdr.
    identifier, kvittering = kald(deps, lambda k: fravaer.create(k, CPR, ny))
    stored = kald(deps, lambda k: fravaer.get(k, CPR, identifier), laesning=True)
    assert (stored.fravaer_type, stored.startdato, stored.registreret, stored.kontaktgruppe) == (3, TODAY, kvittering.event_date, 2)

    kald(deps, lambda k: fravaer.update(k, CPR, identifier, date(2026, 6, 1), "ændret", None))
    stored = kald(deps, lambda k: fravaer.get(k, CPR, identifier), laesning=True)
    assert (stored.slutdato, stored.kommentar) == (date(2026, 6, 1), "ændret")
    assert refused(deps, lambda k: fravaer.update(k, CPR, identifier, date(2026, 6, 2), None, None)) == ["FRAVAER_MAX_VARIGHED"]
    # The refused update wrote nothing.
    assert kald(deps, lambda k: fravaer.get(k, CPR, identifier), laesning=True).slutdato == date(2026, 6, 1)

    kald(deps, lambda k: fravaer.delete(k, CPR, identifier, "Fejlregistrering"))
    [slettet] = kald(deps, lambda k: fravaer.alle(k, CPR), laesning=True)
    assert (slettet.slettet, slettet.berigtigelseskommentar) == (True, "Fejlregistrering")
    assert refused(deps, lambda k: fravaer.update(k, CPR, identifier, None, "x", None)) == ["FRAVAER_UKENDT"]


def test_fravaer_overlap_and_the_identifier_claim(deps):
    borger(deps)
    barsel = fravaer.NytFravaer(
        fravaer_type=8,
        startdato=TODAY,
        anmeldelsesdato=TODAY,
        slutdato=date(2026, 4, 30),
        identifier="AAAAAAAA-0000-4000-8000-000000000001",
    )
    identifier, _ = kald(deps, lambda k: fravaer.create(k, CPR, barsel))
    assert identifier == barsel.identifier.lower()
    sorgorlov = fravaer.NytFravaer(fravaer_type=79, startdato=date(2026, 4, 30), anmeldelsesdato=TODAY, slutdato=date(2026, 5, 30))
    assert "FRAVAER_OVERLAP" in refused(deps, lambda k: fravaer.create(k, CPR, sorgorlov))
    # The client's own id is taken: refused (DFDG 4977), whatever the rest.
    later = replace(sorgorlov, startdato=date(2026, 5, 1), identifier=barsel.identifier)
    assert refused(deps, lambda k: fravaer.create(k, CPR, later)) == ["ID_FINDES"]
    kald(deps, lambda k: fravaer.create(k, CPR, replace(later, identifier=None)))
    assert [f.fravaer_type for f in kald(deps, lambda k: fravaer.alle(k, CPR), laesning=True)] == [8, 79]


def test_samtale_create_order_and_delete(deps):
    borger(deps)
    ny = samtale.NySamtale(samtale_type=7, afholdt=at(TODAY), samtaleform=1, **OPLYSNINGER)
    identifier, _ = kald(deps, lambda k: samtale.create(k, CPR, ny))
    assert refused(deps, lambda k: samtale.create(k, CPR, ny)) == ["SAMTALE_DUBLET"]
    assert refused(deps, lambda k: samtale.create(k, CPR, replace(ny, afholdt=at(TODAY, 13)))) == ["SAMTALE_FREMTID"]
    [stored] = kald(deps, lambda k: samtale.list_for(k, CPR), laesning=True)
    assert (stored.identifier, stored.samtale_type, stored.afholdt, stored.indberetter) == (identifier, 7, at(TODAY), (8, "10100"))
    kald(deps, lambda k: samtale.delete(k, CPR, identifier))
    kald(deps, lambda k: samtale.create(k, CPR, ny))  # the time is free again
    assert [m.slettet for m in kald(deps, lambda k: samtale.list_for(k, CPR), laesning=True)] == [True, False]


def test_samtale_needs_a_contact_group(deps):
    borger(deps, kontaktgruppe_type=None)
    ny = samtale.NySamtale(samtale_type=7, afholdt=at(TODAY), samtaleform=1, **OPLYSNINGER)
    assert refused(deps, lambda k: samtale.create(k, CPR, ny)) == ["SAMTALE_KONTAKTGRUPPE_MANGLER"]


def test_kontaktgruppe_create_ends_the_previous_and_afslut(deps):
    borger(deps, kontaktgruppe_type=24, personkategori=21)
    identifier, _ = kald(
        deps,
        lambda k: kontaktgruppe.create(k, CPR, kontaktgruppe.NyKontaktgruppe(kontaktgruppe_type=25, startdato=TODAY, personkategori=22)),
    )
    old, new = kald(deps, lambda k: kontaktgruppe.list_for(k, CPR), laesning=True)
    assert (old.kontaktgruppe_type, old.slutdato, old.personkategorier[0].slutdato) == (24, date(2026, 2, 28), date(2026, 2, 28))
    assert (new.identifier, new.kontaktgruppe_type, new.startdato, new.slutdato) == (identifier, 25, TODAY, None)
    assert refused(deps, lambda k: kontaktgruppe.create(k, CPR, kontaktgruppe.NyKontaktgruppe(kontaktgruppe_type=25, startdato=TODAY))) == [
        "KONTAKTGRUPPE_AABEN"
    ]
    assert refused(deps, lambda k: kontaktgruppe.afslut(k, CPR, identifier, date(2026, 3, 2))) == ["KONTAKTGRUPPE_SLUTDATO_FREMTID"]
    kald(deps, lambda k: kontaktgruppe.afslut(k, CPR, identifier, TODAY))
    [_, ended] = kald(deps, lambda k: kontaktgruppe.list_for(k, CPR), laesning=True)
    assert (ended.slutdato, ended.personkategorier[0].slutdato) == (TODAY, TODAY)


def test_indkaldelse_keeps_every_version(deps):
    borger(deps)
    start = at(date(2026, 3, 2))
    data = Indkaldelsesdata(
        samtale_type=7,
        start=start,
        slut=start.replace(hour=11),
        samtaleform=1,
        titel="Jobsamtale",
        sted="Jobcenter Aarhus",
        adresse=Adresse(vejnavn="Jobvej", husnummer="1", postnummer="8000", by="Aarhus C"),
        beskrivelse="Samtale om jobsøgning",
        kontaktmuligheder="Ring 70123456 ved forfald",
    )
    identifier, _ = kald(deps, lambda k: indkaldelse.create(k, CPR, data, None))
    assert refused(deps, lambda k: indkaldelse.create(k, CPR, replace(data, start=at(TODAY, 9)), None)) == ["INDKALDELSE_FORTID"]
    kald(
        deps,
        lambda k: indkaldelse.update(
            k, CPR, identifier, replace(data, start=start.replace(hour=13), slut=start.replace(hour=14)), "flyttet"
        ),
    )
    kald(deps, lambda k: indkaldelse.aflys(k, CPR, identifier, "syg"))
    assert refused(deps, lambda k: indkaldelse.aflys(k, CPR, identifier, None)) == ["INDKALDELSE_AFLYST"]
    [stored] = kald(deps, lambda k: indkaldelse.list_for(k, CPR), laesning=True)
    assert (stored.aflyst, [(v.version, v.aendring, v.begrundelse) for v in stored.historik]) == (
        True,
        [(1, "Oprettet", None), (2, "Flyttet", "flyttet"), (3, "Aflyst", "syg")],
    )
    assert (stored.data.start, stored.data.indberetter) == (start.replace(hour=13), (8, "10100"))


def test_sygemelding_with_further_information(deps):
    borger(deps, kontaktgruppe_type=24, personkategori=21)
    ny = fravaer.NytFravaer(fravaer_type=11, startdato=TODAY, anmeldelsesdato=TODAY, arbejdsgiver=Arbejdsgiver(cvr="12345678"))
    assert refused(deps, lambda k: fravaer.create(k, CPR, ny)) == ["FRAVAER_SYGEMELDING_SERVICE"]
    fid, _ = kald(deps, lambda k: sygemelding.create(k, CPR, ny))
    oplysninger = sygemelding.Oplysninger(delvis_raskmeldt=None, forventet_raskmelding_inden_13_uger=True, kommentar="venter svar")
    yid, _ = kald(deps, lambda k: sygemelding.create_yderligere(k, CPR, fid, oplysninger, None))
    assert refused(
        deps,
        lambda k: sygemelding.create_yderligere(
            k, CPR, fid, sygemelding.Oplysninger(delvis_raskmeldt=None, forventet_raskmelding_inden_13_uger=None, kommentar=None), None
        ),
    ) == ["YDERLIGERE_MINDST_EN"]
    kald(deps, lambda k: sygemelding.raskmeld(k, CPR, fid, TODAY, None))
    notice, [info] = kald(deps, lambda k: sygemelding.get(k, CPR, fid), laesning=True)
    assert (notice.slutdato, info.identifier, info.forventet_raskmelding_inden_13_uger, info.kommentar) == (TODAY, yid, True, "venter svar")


def test_a_request_id_is_claimed_once(deps):
    borger(deps)
    caller = replace(JOBCENTER, request_id="3f2504e0-4f89-41d3-9a0c-0305e82c3301")
    kald(deps, lambda k: fravaer.alle(k, CPR), caller=caller, laesning=True)
    assert refused(deps, lambda k: fravaer.alle(k, CPR), caller=caller) == ["REQUESTID_GENBRUGT"]


def test_sandboxes_are_apart_and_limited(deps):
    borger(deps)
    assert kald(deps, lambda k: k.repo.get_borger(CPR), caller=None) is not None
    assert udfoer(deps, lambda k: k.repo.get_borger(CPR), navn="test", laesning=True, identificer=None, sandkasse="b") is None
    for navn in ("c", "d", "e"):
        udfoer(deps, lambda k: None, navn="test", laesning=True, identificer=None, sandkasse=navn)
    with pytest.raises(Afvisning) as refusal:
        udfoer(deps, lambda k: None, navn="test", laesning=True, identificer=None, sandkasse="f")
    assert [v.regel for v in refusal.value.violations] == ["SANDKASSE_GRAENSE"]
