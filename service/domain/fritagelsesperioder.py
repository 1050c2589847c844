"""Exempt periods of one duty as intervals, and deadlines moved by them (sources 002 and 001).

Every computation here is interval arithmetic: the absences' periods are split where the citizen's
contact group or subgroup changes, each piece is judged once by the row rule of GetFritagelser, and
the exempt pieces are merged. No loop walks calendar days, so an absence ending 9999-12-31 (or never)
costs the same as one ending tomorrow: every loop is bounded by the number of absences and groups.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from service.domain.model import Fravaer, Fravaersperiode, Kontaktgruppe
from service.rules.fravaertyper import Raekke, fravaertyper, personkategori_noegle, pligter_for_tekst

# Days are ordinals; an interval is [fra, til) with `til` exclusive. ABEN is the end of an open interval.
ABEN = date.max.toordinal() + 1


def raekke_paa(fravaer: Fravaer | Fravaersperiode, kontaktgruppe: int | None, personkategori: str | None) -> Raekke | None:
    """The row an absence is read by on a day: the row for the citizen's group (and subgroup) that day,
    else the row the registration was judged against (it survives a change of group, 002 l. 878-886)."""
    return _raekke(fravaer.fravaer_type, kontaktgruppe, personkategori, fravaer.kontaktgruppe, fravaer.personkategori)


def _raekke(
    fravaer_type: int, kontaktgruppe: int | None, personkategori: str | None, registreret_kg: int | None, registreret_kategori: str | None
) -> Raekke | None:
    fravaertype = fravaertyper()[fravaer_type]
    return (fravaertype.raekke_for(kontaktgruppe, personkategori) if kontaktgruppe is not None else None) or (
        fravaertype.raekke_for(registreret_kg, registreret_kategori) if registreret_kg else None
    )


@cache
def _fritager(
    fravaer_type: int, kontaktgruppe: int | None, personkategori: str | None, registreret_kg: int | None, registreret_kategori: str | None
) -> frozenset[str]:
    """The duties an absence of this type exempts from in this situation (cached: the tables never change)."""
    raekke = _raekke(fravaer_type, kontaktgruppe, personkategori, registreret_kg, registreret_kategori)
    if raekke is None:
        return frozenset()
    return frozenset(p.navn for tekst in raekke.fritager_for for p in pligter_for_tekst()[tekst])


@dataclass(frozen=True)
class Gruppeafsnit:
    """From `fra` (ordinal) until the next section: the contact group and subgroup key (None: no group)."""

    fra: int
    kontaktgruppe: int | None
    personkategori: str | None


def gruppeafsnit(grupper: list[Kontaktgruppe]) -> list[Gruppeafsnit]:
    """The citizen's timeline cut where the group or subgroup changes, by the rule of `kontaktgruppe_on`
    (of the groups covering a day, the later one in the stored order) and `personkategori_on`.

    A sweep with a heap: O(G log G) in the number of history rows, whatever the dates."""
    punkter = {date.min.toordinal()}
    for gruppe in grupper:
        punkter.add(gruppe.startdato.toordinal())
        if gruppe.slutdato is not None:
            punkter.add(gruppe.slutdato.toordinal() + 1)
        for p in gruppe.personkategorier:
            punkter.add(p.startdato.toordinal())
            if p.slutdato is not None:
                punkter.add(p.slutdato.toordinal() + 1)
    efter_start = sorted(range(len(grupper)), key=lambda i: grupper[i].startdato)
    aktive: list[int] = []  # -index, so the top is the latest group in the stored order
    naeste = 0
    afsnit: list[Gruppeafsnit] = []
    for punkt in sorted(p for p in punkter if p < ABEN):
        while naeste < len(efter_start) and grupper[efter_start[naeste]].startdato.toordinal() <= punkt:
            heapq.heappush(aktive, -efter_start[naeste])
            naeste += 1
        while aktive and (s := grupper[-aktive[0]].slutdato) is not None and s.toordinal() < punkt:
            heapq.heappop(aktive)  # ended groups never cover a later day
        kg = grupper[-aktive[0]] if aktive else None
        dag = date.fromordinal(punkt)
        vaerdi = (kg.kontaktgruppe_type, personkategori_noegle(kg.personkategori_on(dag))) if kg else (None, None)
        if not afsnit or (afsnit[-1].kontaktgruppe, afsnit[-1].personkategori) != vaerdi:
            afsnit.append(Gruppeafsnit(punkt, *vaerdi))
    return afsnit


class Stykke(NamedTuple):
    """Part of one absence during which it exempts from the duty: [fra, til) as ordinals."""

    fra: int
    til: int
    fravaer: Fravaer | Fravaersperiode


@dataclass(frozen=True)
class FritagendeFravaer:
    """An absence that moved a deadline, and by how many of its own exempt days inside the counted window."""

    fravaer: Fravaer | Fravaersperiode
    dage: int


@dataclass(frozen=True)
class Flytning:
    """A deadline after exemptions: `frist` None means exempt until further notice (an open-ended exemption,
    or one reaching past the calendar); `fritagne_dage` and `fravaer` count the exempt days from the window's
    start to `talt_til`: the moved deadline, or, when there is none, the asked date or the first day of the
    open-ended exemption, whichever is later."""

    frist: date | None
    fritagne_dage: int
    fravaer: tuple[FritagendeFravaer, ...]
    talt_til: date


class Fritagelsesperioder:
    """The exempt periods of one duty for one citizen: per-absence pieces and their merged union."""

    def __init__(self, stykker: list[Stykke]) -> None:
        self.stykker = sorted(stykker, key=lambda s: (s.fra, s.til))
        merged: list[list[int]] = []
        for s in self.stykker:
            if merged and s.fra <= merged[-1][1]:  # overlapping or adjacent
                merged[-1][1] = max(merged[-1][1], s.til)
            else:
                merged.append([s.fra, s.til])
        self.perioder = [(a, b) for a, b in merged]
        self._starts = [a for a, _ in self.perioder]

    def _periode_paa(self, dag: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, dag) - 1
        return self.perioder[i] if i >= 0 and self.perioder[i][1] > dag else None

    def fritaget_paa(self, dag: date) -> bool:
        return self._periode_paa(dag.toordinal()) is not None

    def fritaget_til(self, dag: date) -> date | None:
        """The last exempt day of the period holding `dag`; None if it is open-ended (or `dag` is not exempt)."""
        periode = self._periode_paa(dag.toordinal())
        if periode is None or periode[1] >= ABEN:
            return None
        return date.fromordinal(periode[1] - 1)

    def antal_dage(self, fra: date, til: date) -> int:
        """Exempt days in [fra, til]."""
        a, b = fra.toordinal(), til.toordinal() + 1
        i = max(bisect_right(self._starts, a) - 1, 0)
        dage = 0
        for s, e in self.perioder[i:]:
            if s >= b:
                break
            dage += max(0, min(e, b) - max(s, a))
        return dage

    def flyt_frist(self, fra: date, frist: date, dato: date) -> Flytning:
        """The deadline moved so the window [fra, frist] keeps its number of non-exempt days: walk the merged
        periods from `fra`, counting non-exempt days until the original window's count is reached."""
        a = fra.toordinal()
        behov = frist.toordinal() - a + 1
        if behov <= 0:
            return Flytning(frist, 0, (), frist)
        pos, ny, aaben_fra = a, None, a
        i = max(bisect_right(self._starts, a) - 1, 0)
        for s, e in self.perioder[i:]:
            if e <= pos:
                continue
            if s > pos:
                if s - pos >= behov:
                    break
                behov -= s - pos
            pos = e
            if pos >= ABEN:
                aaben_fra = max(s, a)
                break
        if pos < ABEN and pos + behov - 1 <= date.max.toordinal():
            ny = date.fromordinal(pos + behov - 1)
        slut = ny if ny is not None else max(dato, date.fromordinal(aaben_fra))
        fritagne = self.antal_dage(fra, slut)
        return Flytning(ny, fritagne, self._bidrag(a, slut.toordinal() + 1), slut)

    def _bidrag(self, a: int, b: int) -> tuple[FritagendeFravaer, ...]:
        """Each absence's own exempt days in [a, b), in start order (overlapping absences each count theirs)."""
        dage: dict[str, int] = {}
        fravaer: dict[str, Fravaer | Fravaersperiode] = {}
        for s in self.stykker:
            if s.fra >= b:
                break
            n = min(s.til, b) - max(s.fra, a)
            if n > 0:
                dage[s.fravaer.identifier] = dage.get(s.fravaer.identifier, 0) + n
                fravaer.setdefault(s.fravaer.identifier, s.fravaer)
        return tuple(FritagendeFravaer(fravaer[i], n) for i, n in dage.items())


@cache
def _kan_fritage(pligt: str) -> frozenset[int]:
    """The absence types some row of which exempts from `pligt` (others never need splitting)."""
    return frozenset(
        t.id
        for t in fravaertyper().values()
        if any(p.navn == pligt for r in t.raekker for tekst in r.fritager_for for p in pligter_for_tekst()[tekst])
    )


def fritagelsesperioder(pligt: str, fravaer: list[Fravaersperiode] | list[Fravaer], afsnit: list[Gruppeafsnit]) -> Fritagelsesperioder:
    """The periods in which the citizen is exempt from `pligt`, by the rule of GetFritagelser: each absence
    (not deleted) split at the group sections it spans, each piece judged once."""
    starts = [g.fra for g in afsnit]
    slut_paa = [*starts[1:], ABEN]
    kan = _kan_fritage(pligt)
    stykker: list[Stykke] = []
    for f in fravaer:
        if f.slettet or f.fravaer_type not in kan:
            continue
        a = f.startdato.toordinal()
        b = ABEN if f.slutdato is None else f.slutdato.toordinal() + 1
        i = bisect_right(starts, a) - 1
        while i < len(afsnit) and starts[i] < b:
            g = afsnit[i]
            s, e = max(a, starts[i]), min(b, slut_paa[i])
            if s < e and pligt in _fritager(f.fravaer_type, g.kontaktgruppe, g.personkategori, f.kontaktgruppe, f.personkategori):
                if stykker and stykker[-1].fravaer is f and stykker[-1].til == s:
                    stykker[-1] = Stykke(stykker[-1].fra, e, f)
                else:
                    stykker.append(Stykke(s, e, f))
            i += 1
    return Fritagelsesperioder(stykker)
