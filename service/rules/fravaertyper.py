"""Source 002's tables loaded into typed rows: absence types (tables/fravaer/), contact groups and
subgroups (kontaktgrupper.toml), and the duties absences exempt from (pligter.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from service.rules.catalogue import TABLES, load_table
from service.rules.periode import Periode

# A row may override these keys of its type (README.md of tables/).
OVERRIDABLE = ("tilbage", "frem", "max_varighed", "slutdato_obligatorisk", "lukket_fra_startdato", "aaben_fra_startdato")


@dataclass(frozen=True)
class Raekke:
    """One contact-group row of a type's table."""

    kontaktgrupper: tuple[int, ...]
    personkategorier: tuple[str, ...]
    fritager_for: tuple[str, ...]
    afmeldes: str
    kilde: str
    hjemmel: str = ""
    afmeldes_note: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)

    def matches(self, kontaktgruppe: int, personkategori: str | None) -> bool:
        if kontaktgruppe not in self.kontaktgrupper:
            return False
        return not self.personkategorier or personkategori in self.personkategorier


@dataclass(frozen=True)
class FravaerType:
    id: int
    navn: str
    kilde: str
    datoregel_kilde: str
    raekker: tuple[Raekke, ...]
    values: dict[str, Any]
    undtagelser: dict[str, dict[str, Any]]

    def value(self, key: str, raekke: Raekke | None = None, indberetter: str | None = None) -> Any:
        """A rule parameter: the reporter's exception wins over the row, the row over the type."""
        if indberetter and key in self.undtagelser.get(indberetter, {}):
            return self.undtagelser[indberetter][key]
        if raekke is not None and key in raekke.overrides:
            return raekke.overrides[key]
        return self.values.get(key, DEFAULTS.get(key))

    def periode(self, key: str, raekke: Raekke | None = None, indberetter: str | None = None) -> Periode:
        return Periode.parse(self.value(key, raekke, indberetter))

    def kilde_for(self, key: str, raekke: Raekke | None = None, indberetter: str | None = None) -> str:
        if indberetter and key in self.undtagelser.get(indberetter, {}):
            return self.undtagelser[indberetter]["kilde"]
        if raekke is not None and key in raekke.overrides:
            return raekke.kilde
        return self.datoregel_kilde

    def raekke_for(self, kontaktgruppe: int, personkategori: str | None) -> Raekke | None:
        return next((r for r in self.raekker if r.matches(kontaktgruppe, personkategori)), None)

    @property
    def indberettere(self) -> tuple[str, ...]:
        return tuple(self.value("indberettere"))


DEFAULTS: dict[str, Any] = {
    "tilbage": "ubegraenset",
    "frem": "ubegraenset",
    "tilbage_til_sidste_samtale": False,
    "slutdato_obligatorisk": False,
    "max_varighed": "ubegraenset",
    "slutdato_ikke_tilbage": False,
    "kommentar_obligatorisk": False,
    "lukket": False,
    "lukket_fra_startdato": None,
    "aaben_fra_startdato": None,
    "indberettere": ["jobcenter"],
    "overlap_forbudt_med": [],
}


def _raekke(row: dict[str, Any]) -> Raekke:
    return Raekke(
        kontaktgrupper=tuple(row["kontaktgrupper"]),
        personkategorier=tuple(row.get("personkategorier", [])),
        fritager_for=tuple(row.get("fritager_for", [])),
        afmeldes=row.get("afmeldes", "nej"),
        kilde=row["kilde"],
        hjemmel=row.get("hjemmel", ""),
        afmeldes_note=row.get("afmeldes_note", ""),
        overrides={k: row[k] for k in OVERRIDABLE if k in row},
    )


def _fravaertype(data: dict[str, Any]) -> FravaerType:
    values = {k: v for k, v in data.items() if k in DEFAULTS}
    return FravaerType(
        id=data["id"],
        navn=data["navn"],
        kilde=data["kilde"],
        datoregel_kilde=data.get("datoregel_kilde", data["kilde"]),
        raekker=tuple(_raekke(r) for r in data.get("raekke", [])),
        values=values,
        undtagelser={u["indberetter"]: u for u in data.get("undtagelse", [])},
    )


@cache
def fravaertyper() -> dict[int, FravaerType]:
    result = {}
    for path in sorted((TABLES / "fravaer").glob("*.toml")):
        with open(path, "rb") as f:
            fravaertype = _fravaertype(tomllib.load(f))
        result[fravaertype.id] = fravaertype
    return result


@dataclass(frozen=True)
class KontaktgruppeType:
    id: int
    navn: str
    kilde: str
    personkategorier: tuple[str, ...] = ()
    ophoert: date | None = None


@dataclass(frozen=True)
class Personkategori:
    kode: int
    noegle: str
    navn: str
    kilde: str


@cache
def kontaktgruppetyper() -> dict[int, KontaktgruppeType]:
    rows = load_table("kontaktgrupper.toml")["kontaktgruppe"]
    return {r["id"]: KontaktgruppeType(**dict(r, personkategorier=tuple(r.get("personkategorier", [])))) for r in rows}


@cache
def personkategorier() -> dict[int, Personkategori]:
    return {r["kode"]: Personkategori(**r) for r in load_table("kontaktgrupper.toml")["personkategori"]}


def personkategori_noegle(kode: int | None) -> str | None:
    return personkategorier()[kode].noegle if kode in personkategorier() else None


@dataclass(frozen=True)
class Pligt:
    navn: str
    kilde: str


@cache
def pligter_for_tekst() -> dict[str, tuple[Pligt, ...]]:
    """Each "Fritager for" text of the tables -> the duties it exempts from (empty: none)."""
    table = load_table("pligter.toml")
    result: dict[str, tuple[Pligt, ...]] = {row["tekst"]: () for row in table["ikke_pligt"]}
    for row in table["pligt"]:
        for tekst in row["tekster"]:
            result[tekst] = result.get(tekst, ()) + (Pligt(row["navn"], row["kilde"]),)
    return result
