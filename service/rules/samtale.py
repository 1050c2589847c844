"""The rules of a held conversation (samtale): pure checks of a proposed registration against the situation the domain
gathered (domain/samtale.py). Legal per contact group and health status (000), the code lists, the items of the
reporter's list (003 § 25 jobcentre, § 30 municipality's CV conversations, § 63 a-kasse), at most `tilbage` back
(samtale.toml, 003 § 25 stk. 2), not in the future, no duplicate, DFDG's resetting-conversation order, a linked
invitation of the citizen's, and a changed subgroup. The legality and code checks serve invitations too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from service.rules.catalogue import regel
from service.rules.kontaktgruppe import check_personkategori
from service.rules.registreringspligter import AKASSE, liste_for, mangler
from service.rules.samtaler import kodeliste, legalitet, samtaletabel, samtaletyper
from service.rules.violation import Violation


@dataclass(frozen=True, kw_only=True)
class Deltagelse:
    """A participant's codes: role and form of participation (003 § 25 stk. 1 nr. 10)."""

    rolle: int
    deltagelsesform: int


@dataclass(frozen=True, kw_only=True)
class Forslag:
    """A held conversation as the caller sent it (CreateSamtale)."""

    samtale_type: int
    afholdt: datetime
    samtaleform: int
    akasse_deltagelse: int | None = None
    cv_godkendelse: int | None = None
    personkategori: int | None = None
    indkaldelse_identifier: str | None = None
    deltagere: tuple[Deltagelse, ...] = ()
    # The elements by the paths registreringspligter.toml names (None or "" when absent).
    vaerdier: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class TidligereSamtale:
    """A held conversation already registered (not deleted) for the citizen."""

    samtale_type: int
    afholdt: datetime
    nulstillende: bool


@dataclass(frozen=True, kw_only=True)
class Situation:
    """What a conversation is judged against: the business moment, who reports, the citizen on the day it was held
    (contact group, sick or not), its conversations, whether the linked invitation is the citizen's, and the group
    open today (where a new subgroup would go)."""

    now: datetime
    today: date
    rolle: str
    kontaktgruppe: int | None
    syg: bool
    samtaler: tuple[TidligereSamtale, ...] = ()
    indkaldelse_kendt: bool = False
    kontaktgruppe_i_dag: int | None = None


def check(forslag: Forslag, situation: Situation) -> list[Violation]:
    """Every rule the conversation breaks, at once."""
    s, f = situation, forslag
    violations = check_lovlig(f.samtale_type, f.afholdt.date(), s.kontaktgruppe, s.syg, "Samtale/SamtaleType")
    navn = _navn(f.samtale_type)
    row = legalitet(s.kontaktgruppe, s.syg) if s.kontaktgruppe is not None and not violations else None
    # Only where the group's row says so (000's remark stands in KG 1's row alone; other groups' jobcentres
    # register the CV conversations they hold themselves, 003 §§ 28-29).
    if row is not None and f.samtale_type in row.kun_akasse and s.rolle != AKASSE:
        violations.append(
            regel("SAMTALE_KUN_AKASSE").violation(
                kilde=row.kun_akasse_kilde, navn=navn, type=f.samtale_type, kontaktgruppe=row.kontaktgruppe
            )
        )
    violations += check_kode("samtaleform", f.samtaleform, "Samtale/Samtaleform")
    violations += check_kode("akassedeltagelse", f.akasse_deltagelse, "Samtale/AkasseDeltagelsesstatus")
    violations += check_kode("cvgodkendelsesstatus", f.cv_godkendelse, "Samtale/CvGodkendelsesstatus")
    # The items of the reporter's own list: the jobcentre's (§ 25), the municipality's for its CV conversations
    # (§ 30) or the a-kasse's (§ 63).
    liste = liste_for(s.rolle, "samtale", f.samtale_type)
    violations += mangler(liste, "samtale", f.samtale_type, f.samtaleform, f.vaerdier, tuple(d.rolle for d in f.deltagere), "Samtale/")
    for i, d in enumerate(f.deltagere, 1):
        violations += check_kode("deltagerrolle", d.rolle, f"Samtale/Deltager[{i}]/Rolle")
        violations += check_kode("deltagelsesform", d.deltagelsesform, f"Samtale/Deltager[{i}]/Deltagelsesform")
    registrering = samtaletabel().registrering
    if f.afholdt.date() < registrering.tilbage.before(s.today):
        violations.append(
            regel("SAMTALE_TILBAGE").violation(
                kilde=registrering.kilde, tidspunkt=f.afholdt.isoformat(), dd=s.today, tilbage=registrering.tilbage.tekst
            )
        )
    if f.afholdt > s.now:
        violations.append(regel("SAMTALE_FREMTID").violation(tidspunkt=f.afholdt.isoformat(), nu=s.now.isoformat()))
    violations += _check_order(s.samtaler, f, row is not None and f.samtale_type in row.nulstillende, navn)
    if f.indkaldelse_identifier is not None and not s.indkaldelse_kendt:
        violations.append(regel("SAMTALE_INDKALDELSE_UKENDT").violation(identifier=f.indkaldelse_identifier))
    if f.personkategori is not None:
        # The match or visitation group is the jobcentre's (003 § 23 stk. 1, § 25 nr. 8-9; not in § 63's list); it
        # takes effect from the registration date (§ 25 stk. 2), so the group open today must allow it.
        if liste == AKASSE:
            violations.append(regel("SAMTALE_PERSONKATEGORI_INDBERETTER").violation())
        elif s.kontaktgruppe_i_dag is None:
            violations.append(regel("SAMTALE_PERSONKATEGORI_KONTAKTGRUPPE").violation(dd=s.today))
        else:
            violations += check_personkategori(s.kontaktgruppe_i_dag, f.personkategori)
    return violations


def nulstillende(samtale_type: int, kontaktgruppe: int | None, syg: bool) -> bool:
    """The type resets the contact course for the citizen's group and health status on the day (000)."""
    row = legalitet(kontaktgruppe, syg) if kontaktgruppe is not None else None
    return row is not None and samtale_type in row.nulstillende


def check_lovlig(samtale_type: int, dag: date, kontaktgruppe: int | None, syg: bool, felt: str) -> list[Violation]:
    """The type is known and legal for the citizen's group (`kontaktgruppe` on `dag`, None: none) and health status."""
    if samtale_type not in samtaletyper():
        return [regel("SAMTALE_TYPE_UKENDT").violation(felt=felt, type=samtale_type)]
    if kontaktgruppe is None:
        return [regel("SAMTALE_KONTAKTGRUPPE_MANGLER").violation(felt=felt, dato=dag)]
    row = legalitet(kontaktgruppe, syg)
    if row is None or samtale_type not in row.samtaletyper:
        lovlige = ", ".join(f"{t} {samtaletyper()[t].navn}" for t in sorted(row.samtaletyper)) if row else "ingen"
        return [
            regel("SAMTALE_IKKE_LOVLIG").violation(
                kilde=row.kilde if row else "000",
                felt=felt,
                navn=samtaletyper()[samtale_type].navn,
                type=samtale_type,
                kontaktgruppe=kontaktgruppe,
                status="syg" if syg else "rask",
                dato=dag,
                lovlige=lovlige,
            )
        ]
    return []


def check_kode(liste: str, kode: int | None, felt: str) -> list[Violation]:
    """The code (None: not given) is in the code list `liste` of samtale_koder.toml."""
    if kode is None or kode in kodeliste(liste):
        return []
    return [regel("KODE_UKENDT").violation(felt=felt, liste=liste, kode=kode)]


def _navn(samtale_type: int) -> str:
    return samtaletyper()[samtale_type].navn if samtale_type in samtaletyper() else str(samtale_type)


def _check_order(samtaler: tuple[TidligereSamtale, ...], ny: Forslag, nulstillende: bool, navn: str) -> list[Violation]:
    """No duplicate of type and time; nothing before the latest resetting conversation, and a resetting one
    strictly after it (dfdg-interfaces.md § 2.4)."""
    violations = []
    if any(m.samtale_type == ny.samtale_type and m.afholdt == ny.afholdt for m in samtaler):
        violations.append(regel("SAMTALE_DUBLET").violation(navn=navn, type=ny.samtale_type, tidspunkt=ny.afholdt.isoformat()))
    seneste = max((m.afholdt for m in samtaler if m.nulstillende), default=None)
    if seneste is not None:
        if nulstillende and ny.afholdt <= seneste:
            violations.append(
                regel("SAMTALE_NULSTILLENDE_SAMTIDIG").violation(tidspunkt=ny.afholdt.isoformat(), nulstillende=seneste.isoformat())
            )
        elif ny.afholdt < seneste:
            violations.append(
                regel("SAMTALE_FOER_NULSTILLENDE").violation(tidspunkt=ny.afholdt.isoformat(), nulstillende=seneste.isoformat())
            )
    return violations
