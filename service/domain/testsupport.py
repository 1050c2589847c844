"""Test set-up, never part of real DFDG: citizens with a history, the business date, reset, read-out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from service.domain import cpr as cprs
from service.domain.borger import kontaktgruppe_on, tilmeldt_on
from service.domain.clock import Ur, forretningstid
from service.domain.context import Kontekst
from service.domain.model import (
    Borger,
    Fravaer,
    Kontaktgruppe,
    Kvittering,
    Personkategoriperiode,
    Tilmeldingshaendelse,
    YderligereInformation,
)
from service.domain.sandkasse import Sandkasse
from service.rules import kontaktgruppe as regler
from service.rules.catalogue import regel
from service.rules.violation import Afvisning, raise_if

# A period of a test citizen's contact-group history: one shape, the one its check judges (rules/kontaktgruppe.py).
Historikperiode = regler.Gruppeperiode


@dataclass(frozen=True, kw_only=True)
class Testborger:
    borger: Borger
    tilmeldt: bool = False
    kontaktgrupper: tuple[Historikperiode, ...] = ()


@dataclass
class Tilstand:
    borger: Borger
    tilmeldt: bool
    kontaktgruppe: Kontaktgruppe | None
    tilmeldinger: list[Tilmeldingshaendelse]
    kontaktgrupper: list[Kontaktgruppe]
    fravaer: list[Fravaer]
    yderligere_information: list[YderligereInformation] = field(default_factory=list)


def opret_testborger(k: Kontekst, t: Testborger) -> Kvittering:
    cpr = t.borger.cpr
    raise_if(cprs.check(cpr))
    raise_if(regler.check_historik(t.kontaktgrupper))
    if not k.repo.add_borger(t.borger):
        raise Afvisning([regel("BORGER_FINDES").violation(cpr=cpr)])
    kvittering = k.kvittering()
    for p in t.kontaktgrupper:
        kategorier = (
            [Personkategoriperiode(personkategori=p.personkategori, startdato=p.startdato, slutdato=p.slutdato)]
            if p.personkategori is not None
            else []
        )
        k.repo.save_kontaktgruppe(
            Kontaktgruppe(
                identifier=k.new_identifier(None, "Testborger"),
                cpr=cpr,
                kontaktgruppe_type=p.kontaktgruppe_type,
                startdato=p.startdato,
                slutdato=p.slutdato,
                personkategorier=kategorier,
            )
        )
    if t.tilmeldt:
        fra = t.kontaktgrupper[0].startdato if t.kontaktgrupper else k.today()
        k.repo.add_tilmelding(
            Tilmeldingshaendelse(
                cpr=cpr, tilmeldt=True, fra=fra, aarsag="Tilmeldt ved oprettelse af testborger", registreret=kvittering.event_date
            )
        )
    return kvittering


def get_tilstand(k: Kontekst, cpr: str) -> Tilstand:
    raise_if(cprs.check(cpr, for_write=False))
    borger = k.repo.get_borger(cpr)
    if borger is None:
        raise Afvisning([regel("CPR_UKENDT").violation(cpr=cpr)])
    today = k.today()
    tilmeldinger = k.repo.tilmeldinger(cpr)
    grupper = k.repo.kontaktgrupper(cpr)
    fravaer = k.repo.fravaer(cpr)
    yderligere = [y for f in fravaer for y in k.repo.yderligere_information(f.identifier)]
    return Tilstand(borger, tilmeldt_on(tilmeldinger, today), kontaktgruppe_on(grupper, today), tilmeldinger, grupper, fravaer, yderligere)


def set_dato(k: Kontekst, dato: date) -> date:
    """The business date, at the fixed time of day (serve --time, default 12:00); a SetTidspunkt is dropped."""
    k.set_ur(Ur(dato=dato))
    return k.today()


def set_tidspunkt(k: Kontekst, tidspunkt: datetime, loebende: bool = False) -> datetime:
    """The business moment (date and time, Copenhagen): fixed there, or running on from it with the wall clock."""
    k.set_ur(Ur(tidspunkt=tidspunkt, loebende=loebende, reference=k.clock.now() if loebende else None))
    return k.now()


def nulstil(k: Kontekst, id_froe: int | None = None) -> None:
    """Empty the caller's sandbox, its clock included (back to --today or the real date); other sandboxes keep
    theirs. With `id_froe`, the sandbox's new ids come from that seed's sequence, the same run after run."""
    k.repo.delete_all(id_froe)
    if k.sandkasse is not None:
        k.sandkasse = replace(k.sandkasse, ur=Ur(), id_froe=id_froe)
    k._now = None


def sandkasser(k: Kontekst) -> list[tuple[Sandkasse, datetime]]:
    """Every sandbox, with its business moment now."""
    return [(s, forretningstid(s.ur, k.clock, k.fixed_today, k.klokkeslaet)) for s in k.repo.alle_sandkasser()]


def slet_sandkasse(k: Kontekst, navn: str) -> None:
    """Delete a sandbox and everything in it (its name may be used again: it is created anew)."""
    if not k.repo.slet_sandkasse(navn):
        raise Afvisning([regel("SANDKASSE_UKENDT").violation(navn=navn)])
    if k.sandkasse is not None and k.sandkasse.navn == navn:
        k.sandkasse = replace(k.sandkasse, id_froe=None)  # its sequence went with it
