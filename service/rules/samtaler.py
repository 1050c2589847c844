"""The conversation tables: which types are legal per contact group and health status (source 000), and code lists."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from service.rules.catalogue import load_table

RASK, SYG = "rask", "syg"


@dataclass(frozen=True)
class Legalitet:
    """The legal types for a contact group in one health status, merged over the table's rows."""

    kontaktgruppe: int
    status: str
    samtaletyper: frozenset[int]
    nulstillende: frozenset[int]
    kilde: str
    # Types only the a-kasse may register in this row (000's remark, KG 1 only), and where that comes from.
    kun_akasse: frozenset[int] = frozenset()
    kun_akasse_kilde: str = ""


@dataclass(frozen=True)
class Samtaletype:
    id: int
    navn: str
    kilde: str


@cache
def samtaletyper() -> dict[int, Samtaletype]:
    return {t["id"]: Samtaletype(t["id"], t["navn"], t["kilde"]) for t in load_table("samtale_legalitet.toml")["samtaletype"]}


@cache
def _legalitet() -> dict[tuple[int, str], Legalitet]:
    """Rows for the same group and status are merged (000 has two "Syg" rows for KG 8, l. 224-251)."""
    result: dict[tuple[int, str], Legalitet] = {}
    for row in load_table("samtale_legalitet.toml")["raekke"]:
        key = (row["kontaktgruppe"], row["status"])
        old = result.get(key)
        result[key] = Legalitet(
            row["kontaktgruppe"], row["status"],
            frozenset(row["samtaletyper"]) | (old.samtaletyper if old else frozenset()),
            frozenset(row.get("nulstillende", [])) | (old.nulstillende if old else frozenset()),
            row["kilde"] if old is None else f"{old.kilde}; {row['kilde']}",
            frozenset(row.get("kun_akasse", [])) | (old.kun_akasse if old else frozenset()),
            row.get("kun_akasse_kilde", "") or (old.kun_akasse_kilde if old else ""),
        )
    return result


def legalitet(kontaktgruppe: int, syg: bool) -> Legalitet | None:
    """The row for the group in the citizen's status; a group 000 lists in one status only (KG 24 and 25:
    "Syg") is judged by that row in either status, since the group itself means sickness benefit."""
    rows = _legalitet()
    wanted, other = (SYG, RASK) if syg else (RASK, SYG)
    return rows.get((kontaktgruppe, wanted)) or rows.get((kontaktgruppe, other))


@cache
def kun_akasse() -> frozenset[int]:
    """Types only an a-kasse may register in some row (000's remark, l. 30-36: KG 1); each row says where."""
    return frozenset(t for row in _legalitet().values() for t in row.kun_akasse)


@cache
def koder() -> dict[str, Any]:
    return load_table("samtale_koder.toml")


def kodeliste(navn: str) -> dict[int, dict[str, Any]]:
    return {row["kode"]: row for row in koder()[navn]}


def akassedeltagelse_typer() -> frozenset[int]:
    return frozenset(koder()["akassedeltagelse_typer"]["samtaletyper"])


def sidste_samtale_typer() -> frozenset[int]:
    return frozenset(koder()["sidste_samtale"]["samtaletyper"])
