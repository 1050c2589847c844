"""The additional information on a sick notice (tables/sygemelding.toml): which contact group each fact is for,
and who may write it; and the pure checks of the sick-notice operations (recovery, additional information)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.rules.catalogue import load_typed, regel, table_loader
from service.rules.schema import felt
from service.rules.violation import Violation


@dataclass(frozen=True, kw_only=True)
class Oplysning:
    """One fact of YderligereInformationOmSygemelding: the groups it is for."""

    kontaktgrupper: tuple[int, ...] = felt("the contact groups (on the registration date) the fact may be given for")
    kraever_arbejdsgiver: bool = felt("the sick notice must name an employer", default=False)
    kilde: str = felt("the source")


@dataclass(frozen=True, kw_only=True)
class Indberettere:
    roller: tuple[str, ...] = felt("the reporter roles that may write it")
    kilde: str = felt("the source")


@dataclass(frozen=True, kw_only=True)
class SygemeldingTabel:
    """sygemelding.toml"""

    delvis_raskmeldt: Oplysning = felt("partial recovery")
    forventet_raskmelding_inden_13_uger: Oplysning = felt("expected recovery within 13 weeks")
    indberettere: Indberettere = felt("who may write the information")


@table_loader
def sygemeldingstabel() -> SygemeldingTabel:
    return load_typed(SygemeldingTabel, "sygemelding.toml")


# --- the checks: pure, on what the domain gathered (domain/sygemelding.py) ---


@dataclass(frozen=True, kw_only=True)
class DelvisRaskmelding:
    """The partial recovery's period."""

    startdato: date
    slutdato: date | None = None


@dataclass(frozen=True, kw_only=True)
class Oplysninger:
    """The facts a YderligereInformationOmSygemelding proposes (None: not given)."""

    delvis_raskmeldt: DelvisRaskmelding | None = None
    forventet_raskmelding_inden_13_uger: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Situation:
    """Who writes, the citizen's contact group on the registration date (d.d.), and the sick notice's employer."""

    rolle: str
    organisation: str
    kontaktgruppe: int | None
    arbejdsgiver: bool


def check(forslag: Oplysninger, situation: Situation) -> list[Violation]:
    """The additional information: the reporter may write it, at least one fact is given, and each fact is for the
    citizen's group (and the employer it needs)."""
    tabel = sygemeldingstabel()
    violations = check_indberetter(situation.rolle, situation.organisation)
    if forslag.delvis_raskmeldt is None and forslag.forventet_raskmelding_inden_13_uger is None:
        violations.append(regel("YDERLIGERE_MINDST_EN").violation())
    kontaktgruppe = situation.kontaktgruppe
    if forslag.delvis_raskmeldt is not None:
        if kontaktgruppe not in tabel.delvis_raskmeldt.kontaktgrupper:
            violations.append(
                regel("YDERLIGERE_DELVIS_KG13").violation(kontaktgruppe=kontaktgruppe or "ingen", tilladte=_grupper(tabel.delvis_raskmeldt))
            )
        d = forslag.delvis_raskmeldt
        if d.slutdato is not None and d.slutdato < d.startdato:
            violations.append(
                regel("SLUTDATO_FOER_STARTDATO").violation(
                    felt="YderligereInformationOmSygemelding/DelvisRaskmeldt/Slutdato", slutdato=d.slutdato, startdato=d.startdato
                )
            )
    if forslag.forventet_raskmelding_inden_13_uger is not None:
        tretten_uger = tabel.forventet_raskmelding_inden_13_uger
        if kontaktgruppe not in tretten_uger.kontaktgrupper:
            violations.append(
                regel("YDERLIGERE_13_UGER_KG24").violation(kontaktgruppe=kontaktgruppe or "ingen", tilladte=_grupper(tretten_uger))
            )
        if tretten_uger.kraever_arbejdsgiver and not situation.arbejdsgiver:
            violations.append(regel("YDERLIGERE_13_UGER_ARBEJDSGIVER").violation())
    return violations


def _grupper(oplysning: Oplysning) -> str:
    return ", ".join(str(g) for g in oplysning.kontaktgrupper)


def check_indberetter(rolle: str, organisation: str) -> list[Violation]:
    """Only the reporters of the table write (or delete) the additional information."""
    if rolle in sygemeldingstabel().indberettere.roller:
        return []
    return [regel("YDERLIGERE_INDBERETTER").violation(organisation=organisation)]


def check_sygemelding(identifier: str, fravaer_type: int, sygemelding_type: int) -> list[Violation]:
    """The absence named is a sick notice."""
    if fravaer_type == sygemelding_type:
        return []
    return [regel("SYGEMELDING_IKKE_TYPE_11").violation(identifier=identifier, type=fravaer_type)]


def check_aaben(identifier: str, aaben: bool, slutdato: date | None) -> list[Violation]:
    """The sick notice is open (not recovered, not deleted): only an open one takes recovery or information."""
    return [] if aaben else [regel("SYGEMELDING_IKKE_AABEN").violation(identifier=identifier, slutdato=slutdato)]


def check_raskmelding(slutdato: date, startdato: date, today: date) -> list[Violation]:
    """Full recovery: the last sick day lies between the first and d.d. (003 § 83 nr. 2)."""
    violations = []
    if slutdato < startdato:
        violations.append(regel("SLUTDATO_FOER_STARTDATO").violation(slutdato=slutdato, startdato=startdato))
    if slutdato > today:
        violations.append(regel("RASKMELDING_FREMTID").violation(slutdato=slutdato, dd=today))
    return violations
