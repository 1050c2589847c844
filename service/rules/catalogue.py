"""The error catalogue and the rule catalogue, read once from tables/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from service.rules.violation import Violation

TABLES = Path(__file__).parent / "tables"


def load_table(name: str) -> dict[str, Any]:
    with open(TABLES / name, "rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Fejlkode:
    kode: int
    tekst: str
    kilde: str
    server: bool = False
    # DFDG's published (English) FaultString for its common codes (W1), sent as faultstring.
    dfdg_tekst: str | None = None


@dataclass(frozen=True)
class Regel:
    """A rule the emulator enforces: its id, the error code it answers with, and where it is from."""

    id: str
    fejlkode: int
    felt: str
    besked: str
    beskrivelse: str
    kilde: str
    operationer: tuple[str, ...]
    haandhaeves: bool = True

    def violation(self, kilde: str | None = None, felt: str | None = None, **values: Any) -> Violation:
        """The violation of this rule; `kilde` names the table row when the rule is data-driven."""
        felt = felt or self.felt
        return Violation(
            fejlkode=self.fejlkode,
            regel=self.id,
            felt=felt,
            besked=self.besked.format(felt=felt, **values),
            kilde=kilde or self.kilde,
        )


@cache
def fejlkoder() -> dict[int, Fejlkode]:
    return {row["kode"]: Fejlkode(**row) for row in load_table("fejlkoder.toml")["fejlkode"]}


@cache
def regler() -> dict[str, Regel]:
    result = {}
    for row in load_table("regler.toml")["regel"]:
        row = dict(row, operationer=tuple(row["operationer"]))
        if row["fejlkode"] not in fejlkoder():
            raise ValueError(f"rule {row['id']} uses error code {row['fejlkode']}, not in fejlkoder.toml")
        result[row["id"]] = Regel(**row)
    return result


def regel(rule_id: str) -> Regel:
    return regler()[rule_id]
