"""Contact groups: one open at a time, starting today; a new group ends the previous one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service.domain.borger import require_borger
from service.domain.context import Kontekst
from service.domain.model import Kontaktgruppe, Kvittering, Personkategoriperiode
from service.rules.catalogue import regel
from service.rules.fravaertyper import kontaktgruppetyper, personkategorier
from service.rules.violation import Afvisning, Violation, raise_if


@dataclass(frozen=True)
class NyKontaktgruppe:
    kontaktgruppe_type: int
    startdato: date
    personkategori: int | None = None
    identifier: str | None = None


def check_type(kontaktgruppe: int, personkategori: int | None, dag: date, felt: str = "KontaktgruppeType") -> list[Violation]:
    """The group exists and has not ceased on `dag`; the subgroup exists and belongs to the group.

    A ceased group takes no new registrations from its cessation date on; before it, it is an ordinary group
    (002 l. 7159-7194: "Udgår pr. 1. juli 2025 - der må fra 1.7.2025 ikke ske nyregistreringer")."""
    kg = kontaktgruppetyper().get(kontaktgruppe)
    if kg is None:
        return [regel("KONTAKTGRUPPE_UKENDT").violation(felt=felt, kontaktgruppe=kontaktgruppe)]
    violations = []
    if kg.ophoert is not None and dag >= kg.ophoert:
        violations.append(regel("KONTAKTGRUPPE_OPHOERT").violation(felt=felt, kontaktgruppe=kg.id, navn=kg.navn, ophoert=kg.ophoert))
    violations += check_personkategori(kontaktgruppe, personkategori)
    return violations


def check_personkategori(kontaktgruppe: int, personkategori: int | None) -> list[Violation]:
    if personkategori is None:
        return []
    kategori = personkategorier().get(personkategori)
    if kategori is None:
        return [regel("PERSONKATEGORI_UKENDT").violation(personkategori=personkategori)]
    tilladte = kontaktgruppetyper()[kontaktgruppe].personkategorier
    if kategori.noegle not in tilladte:
        navne = [f"{k.kode} {k.navn}" for k in personkategorier().values() if k.noegle in tilladte]
        return [regel("PERSONKATEGORI_KOMBINATION").violation(
            personkategori=f"{kategori.kode} ({kategori.navn})", kontaktgruppe=kontaktgruppe,
            tilladte=", ".join(navne) or "ingen")]
    return []


def create(k: Kontekst, cpr: str, ny: NyKontaktgruppe) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    today = k.today()
    violations = check_type(ny.kontaktgruppe_type, ny.personkategori, today, "Kontaktgruppe/KontaktgruppeType")
    if ny.startdato != today:
        violations.append(regel("KONTAKTGRUPPE_STARTDATO").violation(startdato=ny.startdato, dd=today))
    grupper = k.repo.kontaktgrupper(cpr)
    aabne = [kg for kg in grupper if kg.slutdato is None or kg.slutdato >= today]
    aaben = aabne[-1] if aabne else None
    if aaben is not None and aaben.kontaktgruppe_type == ny.kontaktgruppe_type:
        violations.append(regel("KONTAKTGRUPPE_AABEN").violation(kontaktgruppe=aaben.kontaktgruppe_type, startdato=aaben.startdato))
    raise_if(violations)
    identifier = k.new_identifier(ny.identifier, "Kontaktgruppe/KontaktgruppeIdentifier")
    if aaben is not None:
        # A change of contact group ends the previous one the day before (interface.md § 4).
        end(aaben, max(aaben.startdato, today - timedelta(days=1)))
        k.repo.save_kontaktgruppe(aaben)
    kategorier = [Personkategoriperiode(ny.personkategori, today)] if ny.personkategori is not None else []
    k.repo.save_kontaktgruppe(Kontaktgruppe(identifier, cpr, ny.kontaktgruppe_type, today, None, kategorier))
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
    if kg.slutdato is not None and kg.slutdato < k.today():
        raise Afvisning([regel("KONTAKTGRUPPE_AFSLUTTET").violation(identifier=identifier, slutdato=kg.slutdato)])
    return kg


def afslut(k: Kontekst, cpr: str, identifier: str, slutdato: date) -> Kvittering:
    require_borger(k, cpr)
    kg = _open_group(k, cpr, identifier)
    violations = []
    if slutdato > k.today():
        violations.append(regel("KONTAKTGRUPPE_SLUTDATO_FREMTID").violation(slutdato=slutdato, dd=k.today()))
    if slutdato < kg.startdato:
        violations.append(regel("SLUTDATO_FOER_STARTDATO").violation(slutdato=slutdato, startdato=kg.startdato))
    raise_if(violations)
    end(kg, slutdato)
    k.repo.save_kontaktgruppe(kg)
    return k.kvittering()


def update_personkategori(k: Kontekst, cpr: str, identifier: str, personkategori: int) -> Kvittering:
    """A new visitation/match group or sickness-benefit category, effective from today (003 § 25 stk. 2)."""
    require_borger(k, cpr)
    kg = _open_group(k, cpr, identifier)
    raise_if(check_personkategori(kg.kontaktgruppe_type, personkategori))
    set_personkategori(k, kg, personkategori)
    return k.kvittering()


def set_personkategori(k: Kontekst, kg: Kontaktgruppe, personkategori: int) -> None:
    """End the current subgroup yesterday and start `personkategori` today (also used by CreateSamtale)."""
    today = k.today()
    for periode in kg.personkategorier:
        if periode.slutdato is None or periode.slutdato >= today:
            periode.slutdato = max(periode.startdato, today - timedelta(days=1))
    kg.personkategorier = [p for p in kg.personkategorier if p.startdato < today]
    kg.personkategorier.append(Personkategoriperiode(personkategori, today))
    k.repo.save_kontaktgruppe(kg)


def list_for(k: Kontekst, cpr: str) -> list[Kontaktgruppe]:
    require_borger(k, cpr, for_write=False)
    return k.repo.kontaktgrupper(cpr)
