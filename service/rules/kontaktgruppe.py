"""The contact-group rules (kontaktgrupper.toml, 002, interface.md § 4): pure checks of a proposed group, subgroup or end
date against the situation the domain gathered. No store, no clock: everything comes in as arguments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from service.rules.catalogue import regel
from service.rules.fravaertyper import kontaktgruppetyper, personkategorier
from service.rules.violation import Violation


@dataclass(frozen=True, kw_only=True)
class Forslag:
    """A new contact group as the caller sent it (CreateKontaktgruppe)."""

    kontaktgruppe_type: int
    startdato: date
    personkategori: int | None = None


@dataclass(frozen=True, kw_only=True)
class AabenGruppe:
    """The citizen's group still open today: its type and start."""

    kontaktgruppe_type: int
    startdato: date


@dataclass(frozen=True, kw_only=True)
class Situation:
    """What a new group is judged against: d.d. and the group open today, if any."""

    today: date
    aaben: AabenGruppe | None = None


def check(forslag: Forslag, situation: Situation) -> list[Violation]:
    """A new group: it exists and has not ceased today, its subgroup fits, it starts today, and it is not the group
    already open."""
    today = situation.today
    violations = check_type(forslag.kontaktgruppe_type, forslag.personkategori, today, "Kontaktgruppe/KontaktgruppeType")
    if forslag.startdato != today:
        violations.append(regel("KONTAKTGRUPPE_STARTDATO").violation(startdato=forslag.startdato, dd=today))
    aaben = situation.aaben
    if aaben is not None and aaben.kontaktgruppe_type == forslag.kontaktgruppe_type:
        violations.append(regel("KONTAKTGRUPPE_AABEN").violation(kontaktgruppe=aaben.kontaktgruppe_type, startdato=aaben.startdato))
    return violations


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
    """The subgroup (None: none given) exists and is one of the group's (kontaktgrupper.toml)."""
    if personkategori is None:
        return []
    kategori = personkategorier().get(personkategori)
    if kategori is None:
        return [regel("PERSONKATEGORI_UKENDT").violation(personkategori=personkategori)]
    tilladte = kontaktgruppetyper()[kontaktgruppe].personkategorier
    if kategori.noegle not in tilladte:
        navne = [f"{k.kode} {k.navn}" for k in personkategorier().values() if k.noegle in tilladte]
        return [
            regel("PERSONKATEGORI_KOMBINATION").violation(
                personkategori=f"{kategori.kode} ({kategori.navn})", kontaktgruppe=kontaktgruppe, tilladte=", ".join(navne) or "ingen"
            )
        ]
    return []


def check_aaben(identifier: str, slutdato: date | None, today: date) -> list[Violation]:
    """The group named by `identifier` (ending `slutdato`) is still open today: it can be ended or get a subgroup."""
    if slutdato is not None and slutdato < today:
        return [regel("KONTAKTGRUPPE_AFSLUTTET").violation(identifier=identifier, slutdato=slutdato)]
    return []


def check_afslutning(slutdato: date, startdato: date, today: date) -> list[Violation]:
    """An end date of a group that started `startdato`: not after d.d., not before the start."""
    violations = []
    if slutdato > today:
        violations.append(regel("KONTAKTGRUPPE_SLUTDATO_FREMTID").violation(slutdato=slutdato, dd=today))
    if slutdato < startdato:
        violations.append(regel("SLUTDATO_FOER_STARTDATO").violation(slutdato=slutdato, startdato=startdato))
    return violations


@dataclass(frozen=True, kw_only=True)
class Gruppeperiode:
    """One period of a test citizen's contact-group history (TestSupportService.OpretTestborger)."""

    kontaktgruppe_type: int
    startdato: date
    slutdato: date | None = None
    personkategori: int | None = None


def check_historik(perioder: Sequence[Gruppeperiode]) -> list[Violation]:
    """A test citizen's history: every group known, none started in a group after it ceased (past periods in a
    ceased group are history), subgroups that fit, each period ending after it starts, in order without overlap,
    only the last one open."""
    violations: list[Violation] = []
    previous: Gruppeperiode | None = None
    for i, p in enumerate(perioder):
        felt = f"Testborger/Kontaktgruppehistorik/Kontaktgruppe[{i + 1}]"
        violations += check_type(p.kontaktgruppe_type, p.personkategori, p.startdato, felt)
        if p.kontaktgruppe_type not in kontaktgruppetyper():
            continue
        if p.slutdato is not None and p.slutdato < p.startdato:
            violations.append(regel("SLUTDATO_FOER_STARTDATO").violation(felt=felt, slutdato=p.slutdato, startdato=p.startdato))
        if previous is not None and (previous.slutdato is None or p.startdato <= previous.slutdato):
            violations.append(regel("KONTAKTGRUPPE_HISTORIK_OVERLAP").violation(periode=f"nr. {i + 1} ({p.startdato})"))
        previous = p
    return violations
