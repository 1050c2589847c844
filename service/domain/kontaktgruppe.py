"""Contact groups: one open at a time, starting today; a new group ends the previous one. The rules are pure checks in
service/rules/kontaktgruppe.py; this module gathers what they judge (the group open today) and writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service.domain.borger import require_borger
from service.domain.context import Kontekst
from service.domain.model import Kontaktgruppe, Kvittering, Personkategoriperiode
from service.rules import kontaktgruppe as regler
from service.rules.catalogue import regel
from service.rules.violation import Afvisning, raise_if


@dataclass(frozen=True, kw_only=True)
class NyKontaktgruppe:
    kontaktgruppe_type: int
    startdato: date
    personkategori: int | None = None
    identifier: str | None = None


def create(k: Kontekst, cpr: str, ny: NyKontaktgruppe) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    today = k.today()
    aabne = [kg for kg in k.repo.kontaktgrupper(cpr) if kg.slutdato is None or kg.slutdato >= today]
    aaben = aabne[-1] if aabne else None
    situation = regler.Situation(
        today=today,
        aaben=None if aaben is None else regler.AabenGruppe(kontaktgruppe_type=aaben.kontaktgruppe_type, startdato=aaben.startdato),
    )
    raise_if(
        regler.check(
            regler.Forslag(kontaktgruppe_type=ny.kontaktgruppe_type, startdato=ny.startdato, personkategori=ny.personkategori), situation
        )
    )
    identifier = k.new_identifier(ny.identifier, "Kontaktgruppe/KontaktgruppeIdentifier")
    if aaben is not None:
        # A change of contact group ends the previous one the day before (interface.md § 4).
        end(aaben, max(aaben.startdato, today - timedelta(days=1)))
        k.repo.save_kontaktgruppe(aaben)
    kategorier = [Personkategoriperiode(personkategori=ny.personkategori, startdato=today)] if ny.personkategori is not None else []
    k.repo.save_kontaktgruppe(
        Kontaktgruppe(
            identifier=identifier, cpr=cpr, kontaktgruppe_type=ny.kontaktgruppe_type, startdato=today, personkategorier=kategorier
        )
    )
    return identifier, k.kvittering()


def end(kg: Kontaktgruppe, slutdato: date) -> None:
    kg.slutdato = slutdato
    for periode in kg.personkategorier:
        if periode.slutdato is None or periode.slutdato > slutdato:
            periode.slutdato = max(periode.startdato, slutdato)


def _open_group(k: Kontekst, cpr: str, identifier: str) -> Kontaktgruppe:
    kg = next((g for g in k.repo.kontaktgrupper(cpr) if g.identifier == identifier.lower()), None)
    if kg is None:
        raise Afvisning([regel("KONTAKTGRUPPE_IKKE_FUNDET").violation(identifier=identifier)])
    raise_if(regler.check_aaben(identifier, kg.slutdato, k.today()))
    return kg


def afslut(k: Kontekst, cpr: str, identifier: str, slutdato: date) -> Kvittering:
    require_borger(k, cpr)
    kg = _open_group(k, cpr, identifier)
    raise_if(regler.check_afslutning(slutdato, kg.startdato, k.today()))
    end(kg, slutdato)
    k.repo.save_kontaktgruppe(kg)
    return k.kvittering()


def update_personkategori(k: Kontekst, cpr: str, identifier: str, personkategori: int) -> Kvittering:
    """A new visitation/match group or sickness-benefit category, effective from today (003 § 25 stk. 2)."""
    require_borger(k, cpr)
    kg = _open_group(k, cpr, identifier)
    raise_if(regler.check_personkategori(kg.kontaktgruppe_type, personkategori))
    set_personkategori(k, kg, personkategori)
    return k.kvittering()


def set_personkategori(k: Kontekst, kg: Kontaktgruppe, personkategori: int) -> None:
    """End the current subgroup yesterday and start `personkategori` today (also used by CreateSamtale)."""
    today = k.today()
    for periode in kg.personkategorier:
        if periode.slutdato is None or periode.slutdato >= today:
            periode.slutdato = max(periode.startdato, today - timedelta(days=1))
    kg.personkategorier = [p for p in kg.personkategorier if p.startdato < today]
    kg.personkategorier.append(Personkategoriperiode(personkategori=personkategori, startdato=today))
    k.repo.save_kontaktgruppe(kg)


def list_for(k: Kontekst, cpr: str) -> list[Kontaktgruppe]:
    require_borger(k, cpr, for_write=False)
    return k.repo.kontaktgrupper(cpr)
