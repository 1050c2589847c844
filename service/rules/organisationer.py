"""Who calls (tables/organisationer.toml): organisation types and user types, each organisation type's reporter
role in the rule tables and whose citizens it may act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.rules.catalogue import load_typed, table_loader
from service.rules.schema import felt

# The reporter role of a citizen acting on itself (user type 1, as on Jobnet); the others come from the table.
BORGER_ROLLE = "borger"
Adgang = Literal["alle", "jobcenter", "kommune", "akasse", "ingen"]


@dataclass(frozen=True, kw_only=True)
class Organisationstype:
    """`[[organisationstype]]`: ActiveOrganisationHeader's and RequestOrganisationStructure's OrganisationTypeIdentifier."""

    kode: int = felt("the organisation type's code")
    navn: str = felt("its name (KodelisteService, Organisationstype)")
    rolle: str = felt('the reporter role the rule tables use (`indberettere`): `"jobcenter"`, `"akasse"`, `"ksd"`, ...')
    adgang: Adgang = felt("whose citizens it may act on: everyone, its jobcentre's, its municipality's, its members, none")
    kilde: str = felt("DFDG's table, or that the code is project-defined")


@dataclass(frozen=True, kw_only=True)
class Brugertype:
    """`[[brugertype]]`: RequestUserStructure's RequestUserTypeIdentifier."""

    kode: int = felt("the user type's code")
    navn: str = felt("its name")
    kilde: str = felt("DFDG's table")


@dataclass(frozen=True, kw_only=True)
class OrganisationTabel:
    """organisationer.toml"""

    organisationstyper: tuple[Organisationstype, ...] = felt("the organisation types", toml="organisationstype")
    brugertyper: tuple[Brugertype, ...] = felt("the user types", toml="brugertype")


@table_loader
def _tabel() -> OrganisationTabel:
    return load_typed(OrganisationTabel, "organisationer.toml")


@table_loader
def organisationstyper() -> dict[int, Organisationstype]:
    return {o.kode: o for o in _tabel().organisationstyper}


@table_loader
def brugertyper() -> dict[int, Brugertype]:
    return {b.kode: b for b in _tabel().brugertyper}


def roller() -> frozenset[str]:
    """Every reporter role a rule table may name."""
    return frozenset(o.rolle for o in organisationstyper().values()) | {BORGER_ROLLE}
