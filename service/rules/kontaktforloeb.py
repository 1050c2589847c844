"""The contact-course table (tables/kontaktforloeb.toml): benefits, requirements, counting conversations, settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from service.rules.catalogue import load_table
from service.rules.periode import Periode


@dataclass(frozen=True)
class Ydelse:
    noegle: str
    navn: str
    kontaktgrupper: tuple[int, ...]
    kilde: str


@dataclass(frozen=True)
class Krav:
    id: str
    beskrivelse: str
    ydelser: tuple[str, ...]
    art: str
    anker: str
    kilde: str
    antal: int = 1
    frist: str | None = None
    sidste_dag_i: bool = False
    taeller_fra: str | None = None

    def taeller_fra_dato(self, anker: date) -> date:
        """The first day a conversation counts toward this requirement (the anchor, unless `taeller_fra`)."""
        if self.taeller_fra is None:
            return anker
        return Periode.parse(self.taeller_fra).after_or_none(anker) or date.max

    def frist_fra(self, anker: date) -> date | None:
        """The deadline from the anchor: the day the span ends, or its last day (`sidste_dag_i`); None when the
        requirement has no deadline, or it would lie beyond the calendar (an anchor in year 9999)."""
        if self.frist is None:
            return None
        slut = Periode.parse(self.frist).after_or_none(anker)
        if slut is None:
            return None
        return slut - timedelta(days=1) if self.sidste_dag_i else slut


@cache
def _table() -> dict[str, Any]:
    return load_table("kontaktforloeb.toml")


def indstillinger() -> dict[str, Any]:
    return dict(_table()["indstillinger"])


@cache
def ydelser() -> dict[str, Ydelse]:
    return {y["noegle"]: Ydelse(y["noegle"], y["navn"], tuple(y["kontaktgrupper"]), y["kilde"]) for y in _table()["ydelse"]}


def ydelse_for(kontaktgruppe: int) -> Ydelse | None:
    return next((y for y in ydelser().values() if kontaktgruppe in y.kontaktgrupper), None)


@cache
def krav() -> tuple[Krav, ...]:
    return tuple(Krav(**dict(k, ydelser=tuple(k["ydelser"]))) for k in _table()["krav"])


def krav_for(ydelse: str) -> list[Krav]:
    return [k for k in krav() if ydelse in k.ydelser]


def statusbeskrivelser() -> dict[str, str]:
    """Every status word of a requirement and what it means."""
    return {row["noegle"]: row["beskrivelse"] for row in _table()["status"]}


def samtaletyper(art: str) -> frozenset[int]:
    """"taeller", "faellessamtale" or "cv_samtale"."""
    return frozenset(_table()["samtaler"][art])
