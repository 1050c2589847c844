"""The registration duties of 003 per reporter (tables/registreringspligter.toml): which list judges a registration,
and the items of that list that require an element or limit the participants' roles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from service.rules.catalogue import load_table, regel
from service.rules.samtaler import kodeliste, samtaletyper
from service.rules.violation import Violation

JOBCENTER, KOMMUNE, AKASSE = "jobcenter", "kommune", "akasse"
# How a list names its reporter in a fault message.
INDBERETTER = {JOBCENTER: "jobcentret", KOMMUNE: "kommunen", AKASSE: "a-kassen"}


@dataclass(frozen=True)
class Punkt:
    """One numbered item (or unnumbered stk.) of 003 §§ 20-25, 28-30, 60-63."""

    kilde: str
    paragraf: int
    stk: int
    nr: int
    liste: str
    registrering: str
    tekst: str
    element: str
    kontaktgruppe: int | None = None
    kraever: tuple[str, ...] = ()
    samtaletyper: tuple[int, ...] = ()
    samtaleform: str | None = None
    naar: str | None = None
    deltagerroller: tuple[int, ...] = ()
    regel: str | None = None
    regler: tuple[str, ...] = ()
    ikke_haandhaevet: str | None = None
    note: str | None = None

    def gaelder(self, samtale_type: int, samtaleform: int | None, vaerdier: Mapping[str, object]) -> bool:
        """Whether the item's requirement applies to a registration of this type and form."""
        if self.samtaletyper and samtale_type not in self.samtaletyper:
            return False
        if self.samtaleform is not None and not kodeliste("samtaleform").get(samtaleform or 0, {}).get(self.samtaleform):
            return False
        return self.naar is None or vaerdier.get(self.naar) is True


@cache
def punkter() -> tuple[Punkt, ...]:
    result = []
    for row in load_table("registreringspligter.toml")["punkt"]:
        row = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
        result.append(Punkt(**row))
    return tuple(result)


@cache
def kommune_samtaletyper() -> frozenset[int]:
    return frozenset(load_table("registreringspligter.toml")["lister"]["kommune"]["samtaletyper"])


def liste_for(rolle: str, registrering: str, samtale_type: int) -> str:
    """The list that judges the registration: the a-kasse's for an a-kasse; the municipality's for a CV
    conversation it holds (003 kapitel 7); the jobcentre's for the rest (every other reporter role)."""
    if rolle == AKASSE:
        return AKASSE
    if registrering == "samtale" and samtale_type in kommune_samtaletyper():
        return KOMMUNE
    return JOBCENTER


def mangler(
    liste: str,
    registrering: str,
    samtale_type: int,
    samtaleform: int | None,
    vaerdier: Mapping[str, object],
    deltagerroller: tuple[int, ...] = (),
    felt_prefix: str = "",
) -> list[Violation]:
    """Every item of the list whose element is required and missing, and every participant role the list lacks.
    `vaerdier` maps each element path the table names to its value (None or "" when absent)."""
    violations = []
    navn = samtaletyper()[samtale_type].navn if samtale_type in samtaletyper() else str(samtale_type)
    form = kodeliste("samtaleform").get(samtaleform or 0, {}).get("navn", "")
    for p in punkter():
        if p.liste != liste or p.registrering != registrering or p.regel is None:
            continue
        if p.kraever and p.gaelder(samtale_type, samtaleform, vaerdier):
            for felt in p.kraever:
                if vaerdier[felt] in (None, ""):
                    violations.append(
                        regel(p.regel).violation(
                            kilde=p.kilde, felt=felt, indberetter=INDBERETTER[liste], punkt=p.tekst, navn=navn, type=samtale_type, form=form
                        )
                    )
        if p.deltagerroller:
            roller = kodeliste("deltagerrolle")
            tilladte = ", ".join(f"{r} {roller[r]['navn']}" for r in p.deltagerroller)
            for i, rolle in enumerate(deltagerroller, 1):
                if rolle in roller and rolle not in p.deltagerroller:
                    violations.append(
                        regel(p.regel).violation(
                            kilde=p.kilde,
                            felt=f"{felt_prefix}Deltager[{i}]/Rolle",
                            rolle=rolle,
                            rollenavn=roller[rolle]["navn"],
                            indberetter=INDBERETTER[liste],
                            tilladte=tilladte,
                        )
                    )
    return violations
