"""The additional information on a sick notice (tables/sygemelding.toml): which contact group each fact is for,
and who may write it."""

from __future__ import annotations

from dataclasses import dataclass

from service.rules.catalogue import load_typed, table_loader
from service.rules.schema import felt


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
