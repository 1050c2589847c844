"""Test set-up, never part of real DFDG: citizens with a history, the business date, reset, read-out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from service.domain import cpr as cprs
from service.domain.borger import kontaktgruppe_on, tilmeldt_on
from service.domain.context import DATO_NOEGLE, Kontekst
from service.domain.model import (
    Borger,
    Fravaer,
    Kontaktgruppe,
    Kvittering,
    Personkategoriperiode,
    Tilmeldingshaendelse,
    YderligereInformation,
)
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
        kategorier = ([Personkategoriperiode(personkategori=p.personkategori, startdato=p.startdato, slutdato=p.slutdato)]
                      if p.personkategori is not None else [])
        k.repo.save_kontaktgruppe(Kontaktgruppe(identifier=k.new_identifier(None, "Testborger"), cpr=cpr, kontaktgruppe_type=p.kontaktgruppe_type,
                                                startdato=p.startdato, slutdato=p.slutdato, personkategorier=kategorier))
    if t.tilmeldt:
        fra = t.kontaktgrupper[0].startdato if t.kontaktgrupper else k.today()
        k.repo.add_tilmelding(Tilmeldingshaendelse(cpr=cpr, tilmeldt=True, fra=fra, aarsag="Tilmeldt ved oprettelse af testborger",
                                                   registreret=kvittering.event_date))
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
    return Tilstand(borger, tilmeldt_on(tilmeldinger, today), kontaktgruppe_on(grupper, today),
                    tilmeldinger, grupper, fravaer, yderligere)


def set_dato(k: Kontekst, dato: date) -> date:
    k.repo.set_indstilling(DATO_NOEGLE, dato.isoformat())
    k._today = None
    return k.today()


def nulstil(k: Kontekst) -> None:
    """Empty every table, the business date included (back to --today or the real date)."""
    k.repo.delete_all()
    k._today = None
