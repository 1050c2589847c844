"""The rules of an invitation (indkaldelse): pure checks of a proposed invitation, or a new version of one, against the
situation the domain gathered (domain/indkaldelse.py): the conversation type is legal for the citizen on the day
(000), the codes are known, the times lie ahead and end after they start, the items of the reporter's own list
(003 §§ 20-21 jobcentre, § 60 a-kasse), and self-booking only where it may be offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from service.rules.catalogue import regel
from service.rules.registreringspligter import JOBCENTER, liste_for, mangler
from service.rules.samtale import check_kode, check_lovlig
from service.rules.samtaler import akassedeltagelse_typer, samtaletyper
from service.rules.violation import Violation


@dataclass(frozen=True, kw_only=True)
class Tidspunkt:
    """An alternative time offered for self-booking."""

    start: datetime
    slut: datetime


@dataclass(frozen=True, kw_only=True)
class Forslag:
    """An invitation (or its new version) as the caller sent it."""

    samtale_type: int
    start: datetime
    slut: datetime | None = None
    samtaleform: int | None = None
    akasse_deltagelse: int | None = None
    alternative_tidspunkter: tuple[Tidspunkt, ...] = ()
    selvbooking_mulig: bool = False
    ombookingsfrist: date | None = None
    selvbookingsfrist: date | None = None
    # The elements by the paths registreringspligter.toml names (None or "" when absent).
    vaerdier: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Situation:
    """What an invitation is judged against: the business moment, who reports, and the citizen on the day of the
    conversation (contact group, sick or not)."""

    now: datetime
    rolle: str
    kontaktgruppe: int | None
    syg: bool


def check(forslag: Forslag, situation: Situation) -> list[Violation]:
    """The rules every invitation meets, and the items of the reporter's own list: the jobcentre's (003 §§ 20-21)
    or the a-kasse's (§ 60), never the other's."""
    f, now = forslag, situation.now
    liste = liste_for(situation.rolle, "indkaldelse", f.samtale_type)
    violations = check_lovlig(f.samtale_type, f.start.date(), situation.kontaktgruppe, situation.syg, "Indkaldelse/SamtaleType")
    violations += check_kode("samtaleform", f.samtaleform, "Indkaldelse/Samtaleform")
    violations += check_kode("akassedeltagelse", f.akasse_deltagelse, "Indkaldelse/AkasseDeltagelsesstatus")
    tider = [("Indkaldelse/Starttidspunkt", "Indkaldelse/Sluttidspunkt", f.start, f.slut)]
    tider += [
        (f"Indkaldelse/AlternativtTidspunkt[{i}]/Starttidspunkt", f"Indkaldelse/AlternativtTidspunkt[{i}]/Sluttidspunkt", t.start, t.slut)
        for i, t in enumerate(f.alternative_tidspunkter, 1)
    ]
    for start_felt, slut_felt, start, slut in tider:
        if start < now:
            violations.append(regel("INDKALDELSE_FORTID").violation(felt=start_felt, tidspunkt=start.isoformat(), nu=now.isoformat()))
        if slut is not None and slut <= start:
            violations.append(
                regel("INDKALDELSE_SLUT_FOER_START").violation(felt=slut_felt, start=start.isoformat(), slut=slut.isoformat())
            )
    violations += mangler(liste, "indkaldelse", f.samtale_type, f.samtaleform, f.vaerdier)
    # 003 § 21 stk. 2: jobsamtaler with the a-kasse taking part "som jobcentret har indkaldt til".
    if liste == JOBCENTER and f.samtale_type in akassedeltagelse_typer():
        navn = samtaletyper()[f.samtale_type].navn
        if f.selvbooking_mulig:
            violations.append(
                regel("INDKALDELSE_AKASSE_SELVBOOKING").violation(felt="Indkaldelse/SelvbookingMulig", navn=navn, type=f.samtale_type)
            )
        if f.alternative_tidspunkter:
            violations.append(
                regel("INDKALDELSE_AKASSE_SELVBOOKING").violation(felt="Indkaldelse/AlternativtTidspunkt", navn=navn, type=f.samtale_type)
            )
    if (f.ombookingsfrist or f.selvbookingsfrist) and not f.selvbooking_mulig:
        violations.append(regel("INDKALDELSE_FRIST_UDEN_SELVBOOKING").violation())
    return violations
