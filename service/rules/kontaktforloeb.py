"""The contact-course table (tables/kontaktforloeb.toml): benefits, requirements, counting conversations, settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from service.rules.catalogue import load_typed, table_loader
from service.rules.periode import Periode
from service.rules.schema import felt


def _andel(value: float) -> str | None:
    return None if 0 <= value <= 1 else "must lie between 0 and 1"


@dataclass(frozen=True, kw_only=True)
class Ydelse:
    """`[[ydelse]]`: a benefit and the contact groups that receive it (a change of benefit starts a new course)."""

    noegle: str = felt("the name the requirements use (`dagpenge`)")
    navn: str = felt("its Danish name")
    kontaktgrupper: tuple[int, ...] = felt("the contact groups that receive it")
    kilde: str = felt("001 Tabel 2's line")


@dataclass(frozen=True, kw_only=True)
class Krav:
    """`[[krav]]`: one requirement of the contact course."""

    id: str = felt("the requirement's id (`FIRE_SAMTALER_6_MDR`)")
    beskrivelse: str = felt("what it requires, in Danish")
    ydelser: tuple[str, ...] = felt("the benefits (`noegle` of `[[ydelse]]`) it applies to")
    art: Literal["antal", "faelles", "efter_cv"] = felt(
        '`"antal"`: at least `antal` counting conversations from the anchor to the deadline; `"faelles"`: at least `antal` '
        'joint conversations; `"efter_cv"`: the first counting conversation comes after the a-kasse\'s CV conversation'
    )
    anker: Literal["forloebsstart", "foerste_henvendelse", "foerste_sygedag"] = felt("where the deadline counts from")
    kilde: str = felt("the source's lines")
    antal: int = felt("how many conversations", default=1, check=lambda n: None if n >= 1 else "must be at least 1")
    frist: Periode | None = felt("the deadline after the anchor; none: no deadline", default=None)
    sidste_dag_i: bool = felt('the deadline is the last day of the span ("de første 6 måneder"), not the day it ends', default=False)
    taeller_fra: Periode | None = felt("only conversations held on or after the anchor plus this span count", default=None)

    def taeller_fra_dato(self, anker: date) -> date:
        """The first day a conversation counts toward this requirement (the anchor, unless `taeller_fra`)."""
        if self.taeller_fra is None:
            return anker
        return self.taeller_fra.after_or_none(anker) or date.max

    def frist_fra(self, anker: date) -> date | None:
        """The deadline from the anchor: the day the span ends, or its last day (`sidste_dag_i`); None when the
        requirement has no deadline, or it would lie beyond the calendar (an anchor in year 9999)."""
        if self.frist is None:
            return None
        slut = self.frist.after_or_none(anker)
        if slut is None:
            return None
        return slut - timedelta(days=1) if self.sidste_dag_i else slut


@dataclass(frozen=True, kw_only=True)
class Indstillinger:
    """`[indstillinger]`: the settings of the contact course and its measurement."""

    faellessamtaler_taeller_med_i_de_4: bool = felt("joint conversations count among the 4 (001 l. 63-67 leaves it open)")
    faellessamtaler_ydelser: tuple[str, ...] = felt("the benefits with joint conversations")
    faellessamtaler_taeller_med_i_de_4_kilde: str = felt("the source of the two keys above")
    maalevindue_fra: Periode = felt("the measurement counts courses that have lasted at least this long")
    maalevindue_til: Periode = felt("... and at most this long (both edges inside)")
    maalevindue_kilde: str = felt("the source of the window")
    gennemsnit_kilde: str = felt("the source of the average")
    maaling_delgrupper: dict[str, tuple[str, ...]] = felt("benefits measured per subgroup: benefit → subgroups")
    maaling_delgrupper_kilde: str = felt("the source of the subgroups measured apart")
    udeladt_ved_fritagelse_andel: float = felt("citizens exempt at least this share of the period are left out", check=_andel)
    udeladt_kilde: str = felt("the source of the share")
    maaling_krav: str = felt("the requirement the measurement counts (`id` of `[[krav]]`)")
    efter_behov_efter: Periode = felt("after this span of a course, conversations as needed")
    efter_behov_kilde: str = felt("the source of the span")
    ydelsesskift_kilde: str = felt('the source of "a change of benefit is a new course"')
    uden_forloeb_kilde: str = felt('the source of "groups with no row have no contact course"')
    fritagelse_pligt: str = felt("the duty (pligter.toml) whose exemption suspends the course")


@dataclass(frozen=True, kw_only=True)
class Samtaler:
    """`[samtaler]`: which held conversation types count."""

    taeller: frozenset[int] = felt("the types that count toward a requirement")
    faellessamtale: frozenset[int] = felt("the joint conversations")
    cv_samtale: frozenset[int] = felt("the a-kasse's CV conversation")
    kilde: str = felt("the source")


@dataclass(frozen=True, kw_only=True)
class Status:
    """`[[status]]`: a requirement's status word and what it means."""

    noegle: str = felt("the word on the wire (KravStatusType)")
    beskrivelse: str = felt("what it means, in Danish")


@dataclass(frozen=True, kw_only=True)
class KontaktforloebTabel:
    """kontaktforloeb.toml"""

    indstillinger: Indstillinger = felt("the settings")
    samtaler: Samtaler = felt("the counting conversation types")
    ydelser: tuple[Ydelse, ...] = felt("the benefits", toml="ydelse")
    krav: tuple[Krav, ...] = felt("the requirements", toml="krav")
    status: tuple[Status, ...] = felt("the status words", toml="status")


@table_loader
def tabel() -> KontaktforloebTabel:
    return load_typed(KontaktforloebTabel, "kontaktforloeb.toml")


def indstillinger() -> Indstillinger:
    return tabel().indstillinger


@table_loader
def ydelser() -> dict[str, Ydelse]:
    return {y.noegle: y for y in tabel().ydelser}


def ydelse_for(kontaktgruppe: int) -> Ydelse | None:
    return next((y for y in ydelser().values() if kontaktgruppe in y.kontaktgrupper), None)


def krav() -> tuple[Krav, ...]:
    return tabel().krav


def krav_for(ydelse: str) -> list[Krav]:
    return [k for k in krav() if ydelse in k.ydelser]


def statusbeskrivelser() -> dict[str, str]:
    """Every status word of a requirement and what it means."""
    return {s.noegle: s.beskrivelse for s in tabel().status}


def samtalearter() -> Samtaler:
    """Which held conversations count, which are joint and which is the CV conversation."""
    return tabel().samtaler
